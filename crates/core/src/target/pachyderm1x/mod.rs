//! Pachyderm 1.x (targets.md §2.5): the JSON for `pachctl auth set-config`.

mod import;
pub mod keys;
mod lint;

use super::dex::dex_rules;
use super::Doctor;
use super::{
    format_infos, ExtraField, Extras, Rules, Syntax, Target, TargetId, TargetInfo, VersionInfo,
};
use crate::export::{to_json, Export, Format, CLIENT_SECRET_PLACEHOLDER};
use crate::model::Release;
use crate::requirements::{AppShape, Needs, RequirementsInput};
use crate::version::{Version, VersionRange};
use serde::Serialize;

pub struct Pachyderm1x;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub live_config_version: i64,
}

impl Target for Pachyderm1x {
    type Options = Options;

    const FORMATS: &'static [Format<Options>] = &[Format::new(
        "auth-config",
        "pachctl auth config",
        "auth-config.json",
        Syntax::Json,
        "pachctl auth set-config < auth-config.json",
        auth_config,
    )];

    fn info() -> TargetInfo {
        TargetInfo {
            id: TargetId::Pachyderm1x,
            name: "Pachyderm 1.x",
            product: "Pachyderm",
            summary: "The JSON auth config for `pachctl auth set-config` with an Auth0 OIDC identity provider.",
            url_label: "pachd OIDC URL",
            url_help: "The URL users' browsers reach pachd's OIDC port on, e.g. http://203.0.113.10:30657. The callback is /authorization-code/callback under it.",
            url_placeholder: "https://pachd.example.com:30657",
            versions: vec![VersionInfo::new(
                "1.x",
                "1.x (1.11 to 1.13)",
                Release::Current,
                VersionRange::new(Some(Version::new(1, 0)), Some(Version::new(2, 0))),
            )
            .default()],
            formats: format_infos(Self::FORMATS),
            extras: vec![ExtraField::text(
                "liveConfigVersion",
                "Live config version",
                "Must equal the cluster's current version (pachctl auth get-config shows it); 1 on a fresh cluster.",
                "1",
            )
            .flag("--live-config-version", "N")],
            uses_connector: true,
        }
    }

    fn rules() -> Rules {
        Rules {
            callback_path: "/authorization-code/callback",
            http_allowed_fix: Some(
                "Use https (put TLS in front of pachd) if users reach it over a network.",
            ),
            ..dex_rules()
        }
    }

    fn options(x: &mut Extras<'_>) -> Options {
        let v = match x.text("liveConfigVersion") {
            "" => Some(1),
            s => s.parse::<i64>().ok().filter(|v| *v >= 0),
        };
        if v.is_none() {
            x.error(
                "liveConfigVersion",
                "extras.live_config_version.invalid",
                "The live config version must be a whole number, 0 or more.",
                "Run pachctl auth get-config and copy live_config_version (1 on a fresh cluster).",
            );
        }
        Options {
            live_config_version: v.unwrap_or(1),
        }
    }

    fn needs(input: &RequirementsInput, _: &Options) -> Needs {
        let mut needs = Needs::app(AppShape::regular_web(input.callback()));
        needs.notes.push("Pachyderm 1.x's guide also ticks Implicit and Client Credentials; the login needs only Authorization Code (and Refresh Token).".to_owned());
        needs
    }
    /// Reference B: the file as it is, and what the running system uses.
    const DOCTOR: Doctor = Doctor {
        import: import::import,
        lint: lint::lint,
        ..Doctor::NONE
    };
}

/// `AuthConfig` (proto field names, as `pachctl auth set-config` reads them).
#[derive(Debug, Clone, Serialize)]
pub struct AuthConfig {
    /// Must equal the cluster's current version (optimistic concurrency).
    pub live_config_version: i64,
    pub id_providers: Vec<IdProvider>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IdProvider {
    pub name: String,
    pub description: String,
    pub oidc: OidcOptions,
}

#[derive(Debug, Clone, Serialize)]
pub struct OidcOptions {
    /// The full issuer with `https://` and the trailing slash: pachd checks it
    /// against Auth0's discovery document letter by letter (§1.3). (The 1.13
    /// guide's example shows the bare domain with a slash; its point is the
    /// slash, and a value without a scheme cannot be fetched at all.)
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uri: String,
}

/// `auth-config`. JSON takes no comments: a withheld secret is the
/// placeholder string `REPLACE_WITH_AUTH0_CLIENT_SECRET`.
fn auth_config(x: &Export<'_, Options>) -> String {
    let cfg = x.cfg;
    to_json(&AuthConfig {
        live_config_version: x.options.live_config_version,
        id_providers: vec![IdProvider {
            name: cfg.connector_id.clone(),
            description: cfg.connector_name.clone(),
            oidc: OidcOptions {
                issuer: cfg.issuer.clone(),
                client_id: cfg.client_id.clone(),
                client_secret: x
                    .shown(cfg.client_secret.as_ref())
                    .unwrap_or(CLIENT_SECRET_PLACEHOLDER)
                    .to_owned(),
                redirect_uri: format!("{}/authorization-code/callback", cfg.public_base()),
            },
        }],
    })
}
