//! Pomerium (targets.md §3): the identity provider settings as config.yaml
//! keys or environment variables.

use super::env::EnvFile;
use super::{header, shown, to_yaml};
use crate::model::{Config, Release, TargetId, TargetOptions};
use base64::Engine;
use serde::Serialize;

/// The keys of config.yaml this export writes (§3.1, §3.3). A secret that is
/// absent or withheld is left out (`None`) and a comment names the variable
/// to set instead.
#[derive(Debug, Clone, Serialize)]
pub struct PomeriumConfig {
    pub authenticate_service_url: String,
    pub idp_provider: &'static str,
    pub idp_provider_url: String,
    pub idp_client_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_client_secret: Option<String>,
    /// Only for Pomerium before 0.20 (§3.2); 0.20 and later refuse to start
    /// with it, so `Release::Current` never has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_service_account: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cookie_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared_secret: Option<String>,
}

/// `idp_service_account` as Pomerium ≤0.19 read it: base64 of this JSON (§3.2).
#[derive(Serialize)]
struct ServiceAccount<'a> {
    client_id: &'a str,
    secret: &'a str,
}

/// What the Legacy service account contributes.
enum ServiceAccountState {
    /// Current release, or no credentials given.
    None,
    /// Credentials given but withheld (handoff).
    Withheld,
    Shown(String),
}

fn service_account(cfg: &Config) -> ServiceAccountState {
    if cfg.release != Release::Legacy {
        return ServiceAccountState::None;
    }
    let TargetOptions::Pomerium {
        service_account_client_id: Some(id),
        service_account_secret: Some(secret),
        ..
    } = &cfg.options
    else {
        return ServiceAccountState::None;
    };
    match shown(cfg, Some(secret)) {
        None => ServiceAccountState::Withheld,
        Some(secret) => {
            let json = serde_json::to_string(&ServiceAccount {
                client_id: id,
                secret,
            })
            .expect("service account serializes");
            ServiceAccountState::Shown(base64::engine::general_purpose::STANDARD.encode(json))
        }
    }
}

fn settings(cfg: &Config) -> (PomeriumConfig, Vec<&'static str>) {
    let (cookie, shared) = match &cfg.options {
        TargetOptions::Pomerium {
            cookie_secret,
            shared_secret,
            ..
        } => (
            shown(cfg, Some(cookie_secret)),
            shown(cfg, Some(shared_secret)),
        ),
        _ => (None, None),
    };
    let client_secret = shown(cfg, cfg.client_secret.as_ref());
    let sa = service_account(cfg);
    let mut notes = vec![
        "In Auth0: Allowed Callback URLs must contain the authenticate URL + /oauth2/callback, and Allowed\n\
         Logout URLs the authenticate URL + /.pomerium/signed_out.",
    ];
    if client_secret.is_none() {
        notes.push("The client secret is left out: set IDP_CLIENT_SECRET (or idp_client_secret_file) to the Auth0 Client Secret.");
    }
    if cookie.is_none() || shared.is_none() {
        notes.push("The cookie and shared secrets are left out: set COOKIE_SECRET and SHARED_SECRET, each to the output of\nhead -c32 /dev/urandom | base64");
    }
    match &sa {
        ServiceAccountState::Withheld => notes.push(
            "The directory-sync service account is left out: set IDP_SERVICE_ACCOUNT to the base64 of\n\
             {\"client_id\":\"<M2M client ID>\",\"secret\":\"<M2M client secret>\"}.",
        ),
        ServiceAccountState::Shown(_) => notes.push("idp_service_account (IDP_SERVICE_ACCOUNT) is for Pomerium before 0.20 only: remove it before upgrading,\n\
             Pomerium 0.20 and later refuse to start with it."),
        ServiceAccountState::None => {}
    }
    if cfg.groups_claim.is_some() {
        notes.push("Groups: use the namespaced claim from your post-login Action in route policies, e.g. claim/<claim>: admin.");
    }
    let config = PomeriumConfig {
        authenticate_service_url: cfg.public_base(),
        idp_provider: "auth0",
        // The issuer (with its trailing slash): the form Auth0's tokens carry;
        // the auth0 provider would append the slash anyway (§3.1).
        idp_provider_url: cfg.issuer.clone(),
        idp_client_id: cfg.client_id.clone(),
        idp_client_secret: client_secret.map(str::to_owned),
        idp_service_account: match sa {
            ServiceAccountState::Shown(v) => Some(v),
            _ => None,
        },
        cookie_secret: cookie.map(str::to_owned),
        shared_secret: shared.map(str::to_owned),
    };
    (config, notes)
}

/// `config-yaml`: the IdP keys of Pomerium's config.yaml (routes are yours).
pub fn config_yaml(cfg: &Config) -> String {
    let (config, mut notes) = settings(cfg);
    notes.insert(0, "Merge these keys into config.yaml next to your routes.");
    let mut out = header(TargetId::Pomerium, "config-yaml", &notes);
    out.push_str(&to_yaml(&config));
    out
}

/// `env`: the same settings as environment variables.
pub fn env(cfg: &Config) -> String {
    let (c, notes) = settings(cfg);
    let mut out = header(TargetId::Pomerium, "env", &notes);
    let mut f = EnvFile::default();
    f.var("AUTHENTICATE_SERVICE_URL", c.authenticate_service_url)
        .var("IDP_PROVIDER", c.idp_provider)
        .var("IDP_PROVIDER_URL", c.idp_provider_url)
        .var("IDP_CLIENT_ID", c.idp_client_id);
    if let Some(v) = c.idp_client_secret {
        f.var("IDP_CLIENT_SECRET", v);
    }
    if let Some(v) = c.idp_service_account {
        f.var("IDP_SERVICE_ACCOUNT", v);
    }
    if let Some(v) = c.cookie_secret {
        f.var("COOKIE_SECRET", v);
    }
    if let Some(v) = c.shared_secret {
        f.var("SHARED_SECRET", v);
    }
    out.push_str(&f.render());
    out
}
