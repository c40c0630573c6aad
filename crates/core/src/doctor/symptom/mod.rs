//! The error an administrator saw, pasted: Auth0's error page, or a line of
//! pachd's, Dex's, Pomerium's or OpenMetadata's log. Each known message
//! (reference sections C and D) is recognized however it was copied (case,
//! quotes, entities, escapes, surrounding log noise) and explained for this
//! setup: which value, on which side, the exact fix, and which checks and
//! probes confirm it. An unknown message says so and asks for every check.
//!
//! ```text
//! let symptoms = symptom::recognize(text, &symptom::Setup::new(Some(target), Some(&imported.settings)));
//! // each symptom.run names the checks (CheckId) and probes (ProbeKind) to run
//! ```

mod auth0;
mod logs;
pub mod text;

use crate::checks::CheckId;
use crate::doctor::probe::ProbeKind;
use crate::model::RawSettings;
use crate::requirements::{self, AppRequirements, DomainUse};
use crate::target::TargetId;
use serde::Serialize;
use text::Pasted;
use ts_rs::TS;

/// What confirms a symptom: the checks and probes to run, and whether the
/// file's lint shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Confirm {
    pub checks: Vec<CheckId>,
    pub probes: Vec<ProbeKind>,
    pub lint: bool,
    /// Nothing specific: run every check and probe.
    pub all: bool,
}

/// One recognized (or unrecognized) message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Symptom {
    /// The pasted text, with secrets and control characters removed.
    pub text: String,
    pub known: bool,
    /// Stable code of a known message (`auth0.callback_url_mismatch`).
    pub code: Option<String>,
    /// What it means for this setup: which value, on which side.
    pub meaning: String,
    pub fix: String,
    /// What to run to confirm it.
    pub run: Confirm,
}

/// A known message: the fragments that identify it, and what it means.
pub(crate) struct Known {
    pub code: &'static str,
    /// Any of these sets of fragments (lower case), each wholly present.
    pub any_of: &'static [&'static [&'static str]],
    /// None of these may be present (a more precise message shares words).
    pub none_of: &'static [&'static str],
    /// (meaning, fix) for this setup.
    pub explain: fn(&Pasted, &Setup) -> (String, String),
    pub checks: &'static [CheckId],
    pub probes: &'static [ProbeKind],
    pub lint: bool,
}

impl Known {
    fn matches(&self, p: &Pasted) -> bool {
        self.any_of.iter().any(|all| p.has_all(all))
            && !self.none_of.iter().any(|n| p.lower.contains(n))
    }
}

/// What the wizard knows of the setup, to say what a message means for it.
pub struct Setup<'a> {
    pub target: Option<TargetId>,
    pub settings: Option<&'a RawSettings>,
    /// The application the file's settings need, when they are valid enough.
    pub app: Option<AppRequirements>,
}

impl<'a> Setup<'a> {
    pub fn new(target: Option<TargetId>, settings: Option<&'a RawSettings>) -> Self {
        let app = settings.and_then(|s| {
            let mut raw = s.clone();
            if let Some(t) = target {
                raw.target = t.as_str().to_owned();
            }
            requirements::from_raw(&raw, None, DomainUse::IfValid)
                .ok()
                .map(|r| r.application)
        });
        Setup {
            target,
            settings,
            app,
        }
    }

    /// The callback URL Auth0 must allow for this setup, or how to find it.
    pub fn callback(&self) -> String {
        match (&self.app, self.target) {
            (Some(app), _) if !app.callbacks.is_empty() => app.callbacks[0].clone(),
            (_, Some(t)) => format!("the public URL followed by {}", t.rules().callback_path),
            _ => "the system's callback URL".to_owned(),
        }
    }

    /// Where the application's settings are in the dashboard.
    pub fn app_page(&self) -> String {
        match self
            .settings
            .map(|s| s.client_id.trim())
            .filter(|c| !c.is_empty())
        {
            Some(id) => format!(
                "Applications > Applications > (the application with client ID {id}) > Settings"
            ),
            None => "Applications > Applications > (your application) > Settings".to_owned(),
        }
    }

    /// The Auth0 domain, or a placeholder.
    pub fn domain(&self) -> String {
        let d = self.settings.map(|s| {
            s.domain
                .trim()
                .trim_start_matches("https://")
                .trim_end_matches('/')
        });
        match d.filter(|d| !d.is_empty()) {
            Some(d) => d.to_owned(),
            None => "<your Auth0 domain>".to_owned(),
        }
    }

    /// The issuer every Dex-based target and Pomerium must write: Auth0's own form.
    pub fn auth0_issuer(&self) -> String {
        format!("https://{}/", self.domain())
    }

    pub fn is(&self, t: TargetId) -> bool {
        self.target == Some(t)
    }

    /// This setup uses a public client (OpenMetadata `clientType: public`).
    pub fn public_client(&self) -> bool {
        self.app
            .as_ref()
            .is_some_and(|a| a.token_endpoint_auth_method == "none")
    }

    fn secrets(&self) -> Vec<&str> {
        let Some(s) = self.settings else {
            return Vec::new();
        };
        s.client_secret
            .iter()
            .map(|x| x.expose())
            .chain(s.extra_secrets.values().map(|x| x.expose()))
            .collect()
    }
}

/// Every known message in `text`, in the table's order; one unknown symptom
/// when none is known.
pub fn recognize(text: &str, setup: &Setup<'_>) -> Vec<Symptom> {
    let pasted = Pasted::new(text);
    let shown = text::shown(text, &setup.secrets());
    let found: Vec<Symptom> = auth0::KNOWN
        .iter()
        .chain(logs::KNOWN.iter())
        .filter(|k| k.matches(&pasted))
        .map(|k| {
            let (meaning, fix) = (k.explain)(&pasted, setup);
            Symptom {
                text: shown.clone(),
                known: true,
                code: Some(k.code.to_owned()),
                meaning,
                fix,
                run: Confirm {
                    checks: k.checks.to_vec(),
                    probes: k.probes.to_vec(),
                    lint: k.lint,
                    all: false,
                },
            }
        })
        .collect();
    if !found.is_empty() {
        return found;
    }
    vec![Symptom {
        text: shown,
        known: false,
        code: None,
        meaning: "The wizard does not recognize this message, so it cannot say which value it points at.".to_owned(),
        fix: "Run every check and probe (auth0-wizard doctor FILE --check --probe): they test each value on each side. If they all pass, paste the lines around the error too.".to_owned(),
        run: Confirm {
            lint: true,
            all: true,
            ..Confirm::default()
        },
    }]
}

/// The codes of every known message, for tests and documentation.
pub fn known_codes() -> Vec<&'static str> {
    auth0::KNOWN
        .iter()
        .chain(logs::KNOWN.iter())
        .map(|k| k.code)
        .collect()
}

/// What `text` means for the file `imported` carries: each symptom as the
/// JSON and the report show it, and everything that confirms them together
/// (the CLI's `--symptom`, the window's pasted error).
pub fn for_import(
    text: &str,
    imported: &crate::doctor::Imported,
) -> (Vec<crate::doctor::SymptomResult>, Confirm) {
    let setup = Setup::new(Some(imported.detected.target), Some(&imported.settings));
    let found = recognize(text, &setup);
    let mut confirm = Confirm::default();
    for s in &found {
        confirm.checks.extend(s.run.checks.iter().copied());
        confirm.probes.extend(s.run.probes.iter().copied());
        confirm.all |= s.run.all;
        confirm.lint |= s.run.lint;
    }
    (found.iter().map(Into::into).collect(), confirm)
}
