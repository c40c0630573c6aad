//! The target-specific flags, declared as data: one flag per extra field of
//! the catalog (`ExtraField::flag`), so a new target's settings reach the
//! command line without a line here. A secret field's flag names the
//! environment variable that holds it (`--cookie-secret-env VAR`).

use crate::error::CliError;
use crate::settings::env_secret;
use auth0_wizard_core::catalog::{catalog, ExtraField, ExtraKind};
use auth0_wizard_core::Secret;
use clap::{Arg, ArgAction, ArgMatches, Command};
use std::collections::BTreeMap;
use std::marker::PhantomData;

/// [`auth0_wizard_core::RawSettings::extras`].
pub type Extras = BTreeMap<String, String>;
/// [`auth0_wizard_core::RawSettings::extra_secrets`].
pub type ExtraSecrets = BTreeMap<String, Secret>;

/// Which extra fields a command takes.
pub trait Scope: Clone + std::fmt::Debug + Send + Sync + 'static {
    fn includes(field: &ExtraField) -> bool;
    /// Whether the flags need `--target` (commands where the target is optional).
    const NEEDS_TARGET: bool = false;
}

/// Every extra field (`validate`, `export`).
#[derive(Debug, Clone)]
pub struct All;
impl Scope for All {
    fn includes(_: &ExtraField) -> bool {
        true
    }
}

/// The extra fields the Auth0 requirements depend on (`requirements`, `check`).
#[derive(Debug, Clone)]
pub struct ForRequirements;
impl Scope for ForRequirements {
    fn includes(field: &ExtraField) -> bool {
        field.for_requirements
    }
    const NEEDS_TARGET: bool = true;
}

/// One flag and the fields it sets: the same flag may serve several targets.
struct FlagDef {
    flag: &'static str,
    value_name: &'static str,
    help: String,
    heading: &'static str,
    keys: Vec<(&'static str, ExtraKind)>,
}

/// The flags of `S`, one per distinct flag name, in catalog order.
fn defs<S: Scope>() -> Vec<FlagDef> {
    let mut out: Vec<FlagDef> = Vec::new();
    for t in catalog() {
        for e in t.extras.iter().filter(|e| S::includes(e)) {
            match out.iter_mut().find(|d| d.flag == e.flag) {
                Some(d) => d.keys.push((e.key, e.kind)),
                None => out.push(FlagDef {
                    flag: e.flag,
                    value_name: e.value_name,
                    help: help(e),
                    heading: t.name,
                    keys: vec![(e.key, e.kind)],
                }),
            }
        }
    }
    out
}

fn help(e: &ExtraField) -> String {
    let mut h = match e.kind {
        ExtraKind::Secret => format!("Environment variable holding: {}", e.help),
        ExtraKind::Choice => format!("{} ({})", e.help, e.choices.join(" or ")),
        ExtraKind::Text => e.help.to_owned(),
    };
    if !e.default.is_empty() {
        h.push_str(&format!(" Default: {}.", e.default));
    }
    h
}

/// The target-specific flags of a command, as given on its command line.
#[derive(Debug, Clone)]
pub struct ExtraArgs<S: Scope> {
    /// Flag name → value, only the flags given.
    given: BTreeMap<&'static str, String>,
    scope: PhantomData<S>,
}

impl<S: Scope> Default for ExtraArgs<S> {
    fn default() -> Self {
        ExtraArgs {
            given: BTreeMap::new(),
            scope: PhantomData,
        }
    }
}

impl<S: Scope> ExtraArgs<S> {
    /// `(extras, extra_secrets)` for the core's settings; secret values are
    /// read from the environment variables their flags name.
    pub fn read(&self) -> Result<(Extras, ExtraSecrets), CliError> {
        let mut extras = Extras::new();
        let mut secrets = ExtraSecrets::new();
        for d in defs::<S>() {
            let Some(value) = self.given.get(d.flag) else {
                continue;
            };
            for (key, kind) in &d.keys {
                if *kind == ExtraKind::Secret {
                    secrets.insert((*key).to_owned(), env_secret(d.flag, value)?);
                } else {
                    extras.insert((*key).to_owned(), value.clone());
                }
            }
        }
        Ok((extras, secrets))
    }
}

impl<S: Scope> clap::FromArgMatches for ExtraArgs<S> {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        let mut args = ExtraArgs::default();
        args.update_from_arg_matches(m)?;
        Ok(args)
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        for d in defs::<S>() {
            if let Some(v) = m.get_one::<String>(d.flag) {
                self.given.insert(d.flag, v.clone());
            }
        }
        Ok(())
    }
}

impl<S: Scope> clap::Args for ExtraArgs<S> {
    fn augment_args(mut cmd: Command) -> Command {
        for d in defs::<S>() {
            let mut arg = Arg::new(d.flag)
                .long(d.flag.trim_start_matches("--"))
                .value_name(d.value_name)
                .action(ArgAction::Set)
                .help(d.help)
                .help_heading(d.heading);
            if S::NEEDS_TARGET {
                arg = arg.requires("target");
            }
            cmd = cmd.arg(arg);
        }
        cmd
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

/// The flag that sets the extra field `key` of any target.
pub fn flag_for_extra(key: &str) -> Option<&'static str> {
    catalog()
        .into_iter()
        .flat_map(|t| t.extras)
        .find(|e| e.key == key)
        .map(|e| e.flag)
}
