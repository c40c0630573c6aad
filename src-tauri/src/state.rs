//! What the app keeps between commands.

use auth0_wizard_core::checks::{Cancel, CheckOptions};
use auth0_wizard_core::validate::{build_with, generate_secret, Report};
use auth0_wizard_core::{Config, RawSettings, Secret};
use auth0_wizard_store::{Keyring, SecretStore};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Settings from the environment, read once at start (documented in main.rs).
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// AUTH0_WIZARD_E2E_SAVE_PATH: "Save as..." writes here without a dialog.
    pub e2e_save_path: Option<PathBuf>,
    /// AUTH0_WIZARD_E2E_OPEN_PATH: "Open a file..." opens this file without a dialog.
    pub e2e_open_path: Option<PathBuf>,
    /// AUTH0_WIZARD_LOGIN_URL_FILE: the login test writes its authorize URL here
    /// instead of opening a browser.
    pub login_url_file: Option<PathBuf>,
    /// AUTH0_WIZARD_CA_FILE: extra CA certificates (PEM) the live checks trust.
    pub ca_file: Option<PathBuf>,
    /// AUTH0_WIZARD_BENCH_READY_FILE: `ready` writes the time the page painted.
    pub ready_file: Option<PathBuf>,
}

impl Env {
    pub fn from_process() -> Self {
        let path = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Env {
            e2e_save_path: path("AUTH0_WIZARD_E2E_SAVE_PATH"),
            e2e_open_path: path("AUTH0_WIZARD_E2E_OPEN_PATH"),
            login_url_file: path("AUTH0_WIZARD_LOGIN_URL_FILE"),
            ca_file: path("AUTH0_WIZARD_CA_FILE"),
            ready_file: path("AUTH0_WIZARD_BENCH_READY_FILE"),
        }
    }
}

pub struct AppState {
    profiles_dir: PathBuf,
    secrets: Box<dyn SecretStore>,
    pub env: Env,
    /// The troubleshooting session (issue 9).
    pub doctor: crate::doctor::DoctorState,
    /// Secrets generated for fields left empty (Pomerium's cookie and shared
    /// secrets), generated once per session so every format and every preview
    /// of this session carries the same values.
    generated: Mutex<BTreeMap<String, Secret>>,
    checks: CancelSlot,
    login: CancelSlot,
}

impl AppState {
    /// The app's state with the system keyring.
    pub fn new(profiles_dir: PathBuf, env: Env) -> Self {
        Self::with_secrets(profiles_dir, env, Box::new(Keyring::system()))
    }

    pub fn with_secrets(profiles_dir: PathBuf, env: Env, secrets: Box<dyn SecretStore>) -> Self {
        AppState {
            profiles_dir,
            secrets,
            env,
            doctor: Default::default(),
            generated: Mutex::new(BTreeMap::new()),
            checks: CancelSlot::default(),
            login: CancelSlot::default(),
        }
    }

    pub fn profiles_dir(&self) -> &Path {
        &self.profiles_dir
    }

    pub fn profiles(&self) -> auth0_wizard_store::ProfileStore<'_> {
        auth0_wizard_store::ProfileStore::new(&self.profiles_dir, self.secrets.as_ref())
    }

    /// The configuration of `settings`, with this session's generated secrets.
    pub fn build(&self, settings: &RawSettings) -> Result<Config, Report> {
        build_with(settings, &mut |k| self.generated(k))
    }

    /// The session's generated secret for `key`.
    pub fn generated(&self, key: &str) -> Secret {
        let mut g = self.generated.lock().unwrap_or_else(|e| e.into_inner());
        g.entry(key.to_owned())
            .or_insert_with(|| generate_secret(key))
            .clone()
    }

    pub fn check_options(&self) -> CheckOptions {
        let opts = CheckOptions::default();
        match &self.env.ca_file {
            Some(p) => opts.with_ca_file(p),
            None => opts,
        }
    }

    /// A fresh cancel token for the check suite; a run still going is cancelled.
    pub fn start_checks(&self) -> Cancel {
        self.checks.start()
    }

    pub fn cancel_checks(&self) {
        self.checks.cancel()
    }

    pub fn start_login(&self) -> Cancel {
        self.login.start()
    }

    pub fn cancel_login(&self) {
        self.login.cancel()
    }
}

/// The cancel token of one kind of run (the checks, the login test, the
/// probes, a Management API call): one run at a time, Cancel ends it.
#[derive(Default)]
pub struct CancelSlot(Mutex<Option<Cancel>>);

impl CancelSlot {
    /// A fresh token for a new run; the run still going, if any, is cancelled.
    pub fn start(&self) -> Cancel {
        let token = Cancel::new();
        let mut s = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(old) = s.replace(token.clone()) {
            old.cancel();
        }
        token
    }

    /// Cancel the run going, if any.
    pub fn cancel(&self) {
        if let Some(t) = self.0.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            t.cancel();
        }
    }
}
