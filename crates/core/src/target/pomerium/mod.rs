//! Pomerium (targets.md §3): the identity provider settings as config.yaml
//! keys or environment variables.

mod import;
pub mod keys;
mod lint;
mod lint_keys;
mod lint_values;
mod read;
mod settings;
mod probe;

use super::{format_infos, ExtraField, Extras, Rules, Syntax, Target, TargetId, TargetInfo, VersionInfo};
use super::Doctor;
use crate::export::env::EnvFile;
use crate::export::{to_yaml, Export, Format};
use crate::model::{Config, Release};
use crate::requirements::{AppShape, M2mRequirement, Needs, RequirementsInput};
use crate::secret::Secret;
use crate::version::{Version, VersionRange};
use base64::Engine;
use serde::Serialize;

pub struct Pomerium;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// base64 of 32 random bytes.
    pub cookie_secret: Secret,
    /// base64 of 32 random bytes.
    pub shared_secret: Secret,
    /// Pomerium before 0.20 only: the Management API application for
    /// directory sync (`idp_service_account`); both or neither.
    pub service_account_client_id: Option<String>,
    pub service_account_secret: Option<Secret>,
}

/// Where directory sync went away (`idp_service_account`, §3.2).
const DIRECTORY_SYNC_REMOVED: Version = Version::new(0, 20);

impl Target for Pomerium {
    type Options = Options;

    const FORMATS: &'static [Format<Options>] = &[
        Format::new(
            "config-yaml",
            "config.yaml",
            "config.yaml",
            Syntax::Yaml,
            "pomerium --config config.yaml",
            config_yaml,
        ),
        Format::new(
            "env",
            "Environment file",
            "pomerium.env",
            Syntax::Env,
            "docker run --env-file pomerium.env pomerium/pomerium",
            env,
        ),
    ];

    fn info() -> TargetInfo {
        TargetInfo {
            id: TargetId::Pomerium,
            name: "Pomerium",
            product: "Pomerium",
            summary: "Pomerium's identity provider settings as config.yaml keys or environment variables, with fresh cookie and shared secrets.",
            url_label: "Authenticate service URL",
            url_help: "Pomerium's authenticate_service_url, e.g. https://authenticate.example.com.",
            url_placeholder: "https://authenticate.example.com",
            versions: vec![
                VersionInfo::new("0.20+", "0.20 and later", Release::Current, VersionRange::new(Some(DIRECTORY_SYNC_REMOVED), None)).default(),
                VersionInfo::new("<0.20", "before 0.20 (directory sync)", Release::Legacy, VersionRange::new(None, Some(DIRECTORY_SYNC_REMOVED))),
            ],
            formats: format_infos(Self::FORMATS),
            extras: vec![
                ExtraField::secret("cookieSecret", "Cookie secret", "base64 of 32 random bytes; generated when left empty.")
                    .flag("--cookie-secret-env", "VAR"),
                ExtraField::secret("sharedSecret", "Shared secret", "base64 of 32 random bytes; generated when left empty.")
                    .flag("--shared-secret-env", "VAR"),
                ExtraField::text("serviceAccountClientId", "Service account client ID", "Directory sync (before 0.20): Client ID of a Machine to Machine application authorized for the Management API (read:roles, read:role_members, read:users). Leave empty to skip idp_service_account.", "")
                    .flag("--service-account-client-id", "ID")
                    .only(Release::Legacy),
                ExtraField::secret("serviceAccountSecret", "Service account client secret", "Client secret of that Machine to Machine application.")
                    .flag("--service-account-secret-env", "VAR")
                    .only(Release::Legacy),
            ],
            uses_connector: false,
        }
    }

    fn rules() -> Rules {
        Rules {
            callback_path: "/oauth2/callback",
            ..Rules::default()
        }
    }

    fn options(x: &mut Extras<'_>) -> Options {
        let cookie_secret = secret_or_generate(x, "cookieSecret");
        let shared_secret = secret_or_generate(x, "sharedSecret");
        let (service_account_client_id, service_account_secret) = if x.release() == Release::Legacy
        {
            x.pair(
                ("serviceAccountClientId", "serviceAccountSecret"),
                "extras.service_account.incomplete",
                (
                    "service account",
                    "idp_service_account needs both.",
                    "Enter both, or neither to leave directory sync out.",
                ),
            )
        } else {
            (None, None)
        };
        Options {
            cookie_secret,
            shared_secret,
            service_account_client_id,
            service_account_secret,
        }
    }

    fn needs(input: &RequirementsInput, _: &Options) -> Needs {
        let base = input.base();
        let mut needs = Needs::app(AppShape {
            logout_urls: vec![format!("{base}/.pomerium/signed_out")],
            login_uri: Some(base.to_owned()),
            ..AppShape::regular_web(input.callback())
        });
        needs.notes.push("Pomerium's own guide says Native; a Regular Web Application is the right type when Pomerium uses the client secret (Native apps have no secret).".to_owned());
        if input.release == Release::Legacy {
            needs.m2m.push(M2mRequirement::management_api(
                input,
                "Directory sync (idp_service_account) in Pomerium before 0.20",
                &["read:roles", "read:role_members", "read:users"],
            )
            .filling("serviceAccountClientId", "serviceAccountSecret"));
        }
        needs
    }

    /// Reference B: the file as it is, and what the running system uses.
    const DOCTOR: Doctor = Doctor {
        import: import::import,
        lint: lint::lint,
        probe_plan: probe::plan,
    };
}

/// The secret typed for `key` (base64 of exactly 32 bytes), or a fresh one.
fn secret_or_generate(x: &mut Extras<'_>, key: &str) -> Secret {
    let Some(s) = x.secret(key) else {
        return x.generate(key);
    };
    let decoded = base64::engine::general_purpose::STANDARD.decode(s.expose());
    if !matches!(decoded, Ok(ref b) if b.len() == 32) {
        x.error(
            key,
            "extras.pomerium_secret.invalid",
            "Pomerium needs base64 of exactly 32 bytes here.",
            "Leave it empty to generate one, or run: head -c32 /dev/urandom | base64",
        );
    }
    s
}

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

fn service_account(cfg: &Config, o: &Options) -> ServiceAccountState {
    if cfg.release != Release::Legacy {
        return ServiceAccountState::None;
    }
    let (Some(id), Some(secret)) = (&o.service_account_client_id, &o.service_account_secret) else {
        return ServiceAccountState::None;
    };
    match crate::export::shown(cfg, Some(secret)) {
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

fn settings(x: &Export<'_, Options>) -> (PomeriumConfig, Vec<&'static str>) {
    let (cfg, o) = (x.cfg, x.options);
    let cookie = x.shown(Some(&o.cookie_secret));
    let shared = x.shown(Some(&o.shared_secret));
    let client_secret = x.shown(cfg.client_secret.as_ref());
    let sa = service_account(cfg, o);
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
fn config_yaml(x: &Export<'_, Options>) -> String {
    let (config, mut notes) = settings(x);
    notes.insert(0, "Merge these keys into config.yaml next to your routes.");
    let mut out = x.header(&notes);
    out.push_str(&to_yaml(&config));
    out
}

/// `env`: the same settings as environment variables.
fn env(x: &Export<'_, Options>) -> String {
    let (c, notes) = settings(x);
    let mut out = x.header(&notes);
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
