//! The flags of `app plan|create|fix|undo`, and their validation: validate's
//! own rules and messages for the fields read, exit 2 for a wrong command line.

use crate::error::CliError;
use crate::flags::{ExtraArgs, ForRequirements};
use crate::live::other_domain;
use crate::settings::env_secret;
use auth0_wizard_core::mgmt::MgmtAuth;
use auth0_wizard_core::requirements::{requirements, RequirementsInput};
use auth0_wizard_core::validate::analyze;
use auth0_wizard_core::{target_info, Domain, Issue, RawSettings, Report, Requirements, Secret};
use std::path::PathBuf;

/// Every flag of the four subcommands (each checks which it needs).
#[derive(Debug, Clone, clap::Args)]
#[command(group(clap::ArgGroup::new("mgmt_auth").required(true).args(["mgmt_client_id", "mgmt_token_env"])))]
pub struct AppArgs {
    /// The Auth0 domain users log in through, e.g. dev-abc123.us.auth0.com (or your custom domain).
    #[arg(long, value_name = "DOMAIN")]
    pub domain: String,

    /// The system to configure (`auth0-wizard targets` lists them). Needed by plan, create, fix.
    #[arg(long, value_name = "TARGET")]
    pub target: Option<String>,

    /// The system's public URL (as for `export`). Needed by plan, create, fix.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// The target's version: a release number (0.19) or a range ("<0.20", "<=1.2").
    #[arg(long, value_name = "VERSION", requires = "target")]
    pub version: Option<String>,

    /// The namespaced claim for the user's roles, e.g. https://example.com/groups: create
    /// also makes the post-login Action that adds it.
    #[arg(long, value_name = "CLAIM", requires = "target")]
    pub groups_claim: Option<String>,

    #[command(flatten)]
    pub extras: ExtraArgs<ForRequirements>,

    /// Client ID of a Machine to Machine application authorized for the Management API
    /// with the scopes the plan lists.
    #[arg(long, value_name = "ID", requires = "mgmt_secret_env")]
    pub mgmt_client_id: Option<String>,

    /// Environment variable holding that application's client secret.
    #[arg(long, value_name = "VAR", requires = "mgmt_client_id")]
    pub mgmt_secret_env: Option<String>,

    /// Environment variable holding a Management API token (Applications > APIs > Auth0
    /// Management API > API Explorer), instead of a Machine to Machine application.
    #[arg(long, value_name = "VAR", conflicts_with = "mgmt_client_id")]
    pub mgmt_token_env: Option<String>,

    /// The domain to call the Management API on (the tenant's, e.g. with a custom
    /// --domain). Default: --domain.
    #[arg(long, value_name = "DOMAIN")]
    pub mgmt_domain: Option<String>,

    /// The application to fix (plan, fix) or whose last change to undo (undo).
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,

    /// The new application's name (create). Default: auth0-wizard TARGET.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// The change to undo, as `create` or `fix` printed it (undo). Default: the last
    /// change this machine made to --client-id.
    #[arg(long, value_name = "ID")]
    pub undo_id: Option<String>,

    /// Store the new application's client secret in the system keyring, in a profile named
    /// after the application (the window lists it under Profiles).
    #[arg(long, conflicts_with = "secret_out")]
    pub keyring: bool,

    /// Write the new application's client secret to FILE (replaced atomically, mode 0600).
    #[arg(long, value_name = "FILE")]
    pub secret_out: Option<PathBuf>,

    /// Extra CA certificates to trust (PEM), e.g. a company proxy's.
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,

    /// The whole command may take this long, in seconds, waits for rate limits and the
    /// Action's build included.
    #[arg(long, value_name = "S", default_value_t = 120)]
    pub timeout: u64,

    /// Agree to the plan without being asked (needed without a terminal).
    #[arg(long)]
    pub yes: bool,
}

/// What the flags say, validated.
pub struct Resolved {
    /// The Management API's domain.
    pub mgmt_domain: Domain,
    /// The requirements of the target (plan, create, fix).
    pub requirements: Option<Requirements>,
    /// The settings as typed (for the profile `--keyring` saves).
    pub raw: RawSettings,
    pub client_id: Option<String>,
    /// Warnings of the fields read.
    pub warnings: Report,
}

fn usage(text: &str) -> CliError {
    CliError::Usage(text.to_owned())
}

impl AppArgs {
    /// Flags that do not fit the subcommand `cmd` (exit 2).
    pub fn check_for(&self, cmd: &str) -> Result<(), CliError> {
        let has_target = self.target.is_some() && self.url.is_some();
        match cmd {
            "plan" | "create" | "fix" if !has_target => {
                return Err(usage(&format!("app {cmd} needs --target and --url (the requirements come from them)")))
            }
            "create" if self.client_id.is_some() => {
                return Err(usage("app create makes a new application: --client-id is for app fix (and app plan shows a fix with it)"))
            }
            "fix" if self.client_id.is_none() => return Err(usage("app fix needs --client-id (the application to fix)")),
            "undo" if self.client_id.is_none() && self.undo_id.is_none() => {
                return Err(usage("app undo needs --client-id (undoes the last change this machine made to it) or --undo-id"))
            }
            _ => {}
        }
        if self.undo_id.is_some() && cmd != "undo" {
            return Err(usage("--undo-id is for app undo"));
        }
        if (self.keyring || self.secret_out.is_some()) && !matches!(cmd, "plan" | "create") {
            return Err(usage(
                "--keyring and --secret-out are for app create (the new application's secret)",
            ));
        }
        if self.name.is_some() && self.client_id.is_some() {
            return Err(usage("--name names a new application: it is for app create (and app plan without --client-id)"));
        }
        Ok(())
    }

    /// The application's name: `--name`, or `auth0-wizard TARGET`.
    pub fn app_name(&self) -> String {
        match (&self.name, &self.target) {
            (Some(n), _) => n.trim().to_owned(),
            (None, Some(t)) => format!("auth0-wizard {}", t.trim()),
            (None, None) => "auth0-wizard".to_owned(),
        }
    }

    /// How to get the Management API token (the secret read from its variable).
    pub fn auth(&self) -> Result<MgmtAuth, CliError> {
        if let Some(var) = &self.mgmt_token_env {
            return Ok(MgmtAuth::Token(env_secret("--mgmt-token-env", var)?));
        }
        let (Some(id), Some(var)) = (&self.mgmt_client_id, &self.mgmt_secret_env) else {
            return Err(usage(
                "give --mgmt-client-id ID --mgmt-secret-env VAR, or --mgmt-token-env VAR",
            ));
        };
        let client_secret: Secret = env_secret("--mgmt-secret-env", var)?;
        Ok(MgmtAuth::ClientCredentials {
            client_id: id.trim().to_owned(),
            client_secret,
        })
    }

    /// The settings as typed. An unknown target or version is a wrong command line.
    fn raw(&self) -> Result<RawSettings, CliError> {
        let mut raw = RawSettings {
            domain: self.domain.clone(),
            client_id: self.client_id.clone().unwrap_or_default(),
            ..RawSettings::default()
        };
        if let Some(t) = &self.target {
            let version = self.version.clone().unwrap_or_default();
            target_info(t.parse()?).version(&version)?;
            raw.target = t.clone();
            raw.version = version;
            raw.public_url = self.url.clone().unwrap_or_default();
            raw.groups_claim = self.groups_claim.clone().unwrap_or_default();
            raw.extras = self.extras.read()?.0;
        }
        Ok(raw)
    }

    /// The flags validated as `validate` does, for the fields this command reads:
    /// the result, or the report of their problems.
    pub fn resolve(&self) -> Result<Result<Resolved, Report>, CliError> {
        let raw = self.raw()?;
        let a = analyze(&raw, &mut |_| Secret::default());
        let with_target = self.target.is_some();
        let read = |i: &Issue| {
            let f = i.field.as_str();
            f == "domain"
                || (f == "clientId" && self.client_id.is_some())
                || (with_target
                    && (["target", "version", "publicUrl", "groupsClaim"].contains(&f)
                        || f.starts_with("extras.")))
        };
        let mut report = Report {
            issues: a
                .report
                .issues
                .iter()
                .filter(|i| read(i))
                .cloned()
                .collect(),
        };
        let mgmt = self
            .mgmt_domain
            .as_deref()
            .map(|d| other_domain(d, "mgmtDomain", &mut report));
        let domain = a.domain.clone();
        if report.has_errors() {
            return Ok(Err(report));
        }
        let Some(domain) = domain else {
            return Ok(Err(report));
        };
        let mgmt_domain = mgmt.flatten().unwrap_or_else(|| domain.clone());
        let requirements = match RequirementsInput::from_analysis(&a, None) {
            Some(input) if with_target => Some(requirements(&RequirementsInput {
                domain: Some(domain),
                ..input
            })),
            _ if with_target => return Ok(Err(report)),
            _ => None,
        };
        Ok(Ok(Resolved {
            mgmt_domain,
            requirements,
            raw,
            client_id: a.client_id.clone().filter(|_| self.client_id.is_some()),
            warnings: report,
        }))
    }
}
