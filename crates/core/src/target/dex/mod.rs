//! Dex (targets.md §1): one `connectors[]` entry of `type: oidc` for a plain
//! Dex config.yaml. The connector itself is shared with Pachyderm, whose Dex
//! fork reads the same keys (§2.3).

pub mod assemble;
pub mod connector;
mod import;
pub mod keys;
mod lint;
pub mod lint_oidc;
pub mod lint_values;
pub mod read;
pub mod text;
pub mod types;

pub use lint::DexKeys;
pub mod probe;

use super::{Rules, Target, TargetInfo, VersionInfo};
use super::Doctor;
use crate::export::{shown, to_yaml, Export, Format};
use crate::model::{Config, Release};
use crate::requirements::{AppShape, Needs, RequirementsInput};
use crate::target::{Extras, Syntax, TargetId};
use crate::version::{Version, VersionRange};
use serde::Serialize;

pub struct Dex;

/// Dex has no settings of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options;

impl Target for Dex {
    type Options = Options;

    const FORMATS: &'static [Format<Options>] = &[Format::new(
        "connector-yaml",
        "connectors[] entry",
        "dex-auth0-connector.yaml",
        Syntax::Yaml,
        "add the entry under connectors: in Dex's config.yaml, then restart Dex",
        connector_yaml,
    )];

    fn info() -> TargetInfo {
        TargetInfo {
            id: TargetId::Dex,
            name: "Dex",
            product: "Dex",
            summary: "One connectors[] entry (type oidc) for a plain Dex config.yaml.",
            url_label: "Dex issuer URL",
            url_help: "Dex's own issuer, e.g. https://dex.example.com/dex. The callback is /callback under it.",
            url_placeholder: "https://dex.example.com/dex",
            // Every key the connector writes exists in 2.36 and later (§1.2).
            versions: vec![VersionInfo::new(
                "2.x",
                "2.36 and later",
                Release::Current,
                VersionRange::new(Some(Version::new(2, 36)), Some(Version::new(3, 0))),
            )
            .default()],
            formats: super::format_infos(Self::FORMATS),
            extras: vec![],
            uses_connector: true,
        }
    }

    fn rules() -> Rules {
        Rules {
            callback_path: "/callback",
            ..dex_rules()
        }
    }

    fn options(_: &mut Extras<'_>) -> Options {
        Options
    }

    /// Dex's callback is its issuer + `/callback` (§1.2).
    fn needs(input: &RequirementsInput, _: &Options) -> Needs {
        Needs::app(AppShape::regular_web(input.callback()))
    }

    /// Reference B: the file as it is, and what the running system uses.
    const DOCTOR: Doctor = Doctor {
        import: import::import,
        lint: lint::lint,
        probe_plan: probe::plan,
    };
}

/// The rules of every Dex-based target: Dex compares the issuer letter by
/// letter (§1.3) and refuses unverified e-mail addresses (§1.2).
pub fn dex_rules() -> Rules {
    Rules {
        issuer_needs_slash: true,
        requires_verified_email: true,
        ..Rules::default()
    }
}

/// What Dex reads from its environment in place of the client secret
/// (`DEX_EXPAND_ENV`, on by default, expands `$VAR` in connector config, §1.1).
pub const DEX_SECRET_ENV_REF: &str = "$AUTH0_CLIENT_SECRET";

/// One `connectors[]` entry (§1.1). Field order is the one Dex's and
/// Pachyderm's docs use.
#[derive(Debug, Clone, Serialize)]
pub struct Connector {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub config: OidcConfig,
}

/// `config` for `type: oidc` (§1.2). Only keys that both upstream Dex and the
/// Pachyderm fork (§2.3) know are ever written.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OidcConfig {
    /// The issuer exactly as Auth0's discovery document says it: `https://`
    /// and the trailing slash (§1.3).
    pub issuer: String,
    #[serde(rename = "clientID")]
    pub client_id: String,
    pub client_secret: String,
    #[serde(rename = "redirectURI")]
    pub redirect_uri: String,
    /// Left unset: Dex then asks for `openid profile email` (§1.2), and an
    /// Auth0 post-login Action adds the custom groups claim whatever the
    /// scopes are (§5.6). Auth0 has no `groups` scope; the `groups` scope that
    /// §1.4 asks for is the one *Dex's own clients* request from Dex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub insecure_enable_groups: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim_mapping: Option<ClaimMapping>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimMapping {
    pub groups: String,
}

/// The connector for `cfg`, with Dex's callback `redirect_uri` and, when the
/// secret is absent or withheld, `secret_placeholder` in its place.
pub fn connector(cfg: &Config, redirect_uri: String, secret_placeholder: &str) -> Connector {
    Connector {
        kind: "oidc",
        id: cfg.connector_id.clone(),
        name: cfg.connector_name.clone(),
        config: OidcConfig {
            issuer: cfg.issuer.clone(),
            client_id: cfg.client_id.clone(),
            client_secret: shown(cfg, cfg.client_secret.as_ref())
                .unwrap_or(secret_placeholder)
                .to_owned(),
            redirect_uri,
            scopes: None,
            insecure_enable_groups: cfg.groups_claim.as_ref().map(|_| true),
            claim_mapping: cfg.groups_claim.as_ref().map(|claim| ClaimMapping {
                groups: claim.clone(),
            }),
        },
    }
}

/// Whether the secret is left out of this export.
pub(crate) fn secret_left_out(cfg: &Config) -> bool {
    shown(cfg, cfg.client_secret.as_ref()).is_none()
}

#[derive(Serialize)]
struct ConnectorsFragment {
    connectors: Vec<Connector>,
}

/// `connector-yaml`: a `connectors:` list with the one Auth0 entry, to merge
/// into a plain Dex config.yaml. Dex's callback is its issuer + `/callback`.
fn connector_yaml(x: &Export<'_, Options>) -> String {
    let cfg = x.cfg;
    let redirect = format!("{}/callback", cfg.public_base());
    let entry = connector(cfg, redirect, DEX_SECRET_ENV_REF);
    let mut notes = vec![
        "redirectURI is Dex's issuer + /callback; it must be an Allowed Callback URL of the Auth0 application.",
    ];
    if secret_left_out(cfg) {
        notes.push(
            "The client secret is not in this file: clientSecret is $AUTH0_CLIENT_SECRET, which Dex expands from\n\
             its environment (DEX_EXPAND_ENV, on by default). Set AUTH0_CLIENT_SECRET in Dex's environment.",
        );
    } else if entry.config.client_secret.contains('$') {
        notes.push(
            "The client secret contains '$', which Dex expands as an environment variable: put the secret in an\n\
             environment variable instead and write clientSecret: $AUTH0_CLIENT_SECRET.",
        );
    }
    if cfg.groups_claim.is_some() {
        notes.push("Groups: Dex's own clients must request the groups scope to receive them.");
    }
    let mut out = x.header(&notes);
    out.push_str(&to_yaml(&ConnectorsFragment {
        connectors: vec![entry],
    }));
    out
}
