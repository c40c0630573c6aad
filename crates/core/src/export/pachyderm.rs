//! Pachyderm 2.x (targets.md §2): the Dex connector for pachd as a
//! `pachctl idp` file, as Helm values, or as a Kubernetes Secret.

use super::dex::{connector, secret_left_out, OidcConfig};
use super::{comment_block, header, to_json, to_yaml, CLIENT_SECRET_PLACEHOLDER};
use crate::model::{Config, TargetId, TargetOptions};
use serde::Serialize;

/// The Secret name used when the options do not name one (the catalog default).
pub const DEFAULT_SECRET_NAME: &str = "pachyderm-auth0-idps";

/// One `oidc.upstreamIDPs` entry. pachd parses each entry with protojson into
/// `identity.IDPConnector`, which rejects unknown keys (§2.2): only `id`,
/// `name`, `type` and `config` are written, and **never** `version`, which only
/// `pachctl idp` files have (§2.2 gotcha, §2.4).
#[derive(Debug, Clone, Serialize)]
pub struct UpstreamIdp {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub config: OidcConfig,
}

/// The `pachctl idp create-connector` file (§2.4).
#[derive(Debug, Clone, Serialize)]
pub struct IdpFile {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `version` defaults to 0 on create and must be the current version + 1
    /// on update (§2.4). The file is for `create-connector`, so it carries the
    /// create value, 0, explicitly: that way the JSON form (which cannot hold
    /// a comment) still shows the key to bump for `update-connector`.
    pub version: i64,
    pub config: OidcConfig,
}

/// Dex runs under `/dex` behind Pachyderm's proxy, so its callback is
/// `<proxy URL>/dex/callback` (§2.3, proxy routing).
fn upstream(cfg: &Config) -> UpstreamIdp {
    let c = connector(
        cfg,
        format!("{}/dex/callback", cfg.public_base()),
        CLIENT_SECRET_PLACEHOLDER,
    );
    UpstreamIdp {
        id: c.id,
        name: c.name,
        kind: c.kind,
        config: c.config,
    }
}

fn idp_file(cfg: &Config) -> IdpFile {
    let u = upstream(cfg);
    IdpFile {
        id: u.id,
        name: u.name,
        kind: u.kind,
        version: 0,
        config: u.config,
    }
}

fn secret_name(cfg: &Config) -> &str {
    match &cfg.options {
        TargetOptions::Pachyderm { secret_name } => secret_name,
        _ => DEFAULT_SECRET_NAME,
    }
}

const CALLBACK_NOTE: &str =
    "redirectURI is <proxy URL>/dex/callback: it must be an Allowed Callback URL of the Auth0 application,\n\
     and Dex's issuer (oidc.issuerURI, inferred from proxy.host when empty) must be <proxy URL>/dex.";
const PLACEHOLDER_NOTE: &str =
    "The client secret is not in this file: replace REPLACE_WITH_AUTH0_CLIENT_SECRET with the Auth0\n\
     application's Client Secret before applying (pachd does not expand environment variables here).";
const GROUPS_NOTE: &str =
    "Groups: Dex's clients (pachd, console) must request the groups scope to receive them.";

fn notes<'a>(cfg: &Config, first: &[&'a str]) -> Vec<&'a str> {
    let mut n = first.to_vec();
    n.push(CALLBACK_NOTE);
    if secret_left_out(cfg) {
        n.push(PLACEHOLDER_NOTE);
    }
    if cfg.groups_claim.is_some() {
        n.push(GROUPS_NOTE);
    }
    n
}

/// `dex-json`: the `pachctl idp create-connector` file as JSON (no comments
/// possible; a withheld secret is the placeholder string).
pub fn dex_json(cfg: &Config) -> String {
    to_json(&idp_file(cfg))
}

/// `dex-yaml`: the `pachctl idp create-connector` file as YAML.
pub fn dex_yaml(cfg: &Config) -> String {
    let n = notes(cfg, &["version is 0 for create-connector; for update-connector use the current version + 1\n(pachctl idp get-connector shows it)."]);
    let mut out = header(TargetId::Pachyderm, "dex-yaml", &n);
    out.push_str(&to_yaml(&idp_file(cfg)));
    out
}

#[derive(Serialize)]
struct HelmValues {
    oidc: HelmOidc,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HelmOidc {
    #[serde(rename = "upstreamIDPs", skip_serializing_if = "Option::is_none")]
    upstream_idps: Option<Vec<UpstreamIdp>>,
    #[serde(
        rename = "upstreamIDPsSecretName",
        skip_serializing_if = "Option::is_none"
    )]
    upstream_idps_secret_name: Option<String>,
}

/// `helm-values`: `oidc.upstreamIDPs` with the one Auth0 entry (§2.1, §2.3).
pub fn helm_values(cfg: &Config) -> String {
    let n = notes(
        cfg,
        &["Setting oidc.upstreamIDPs replaces the mock IdP (oidc.mockIDP is then ignored)."],
    );
    let mut out = header(TargetId::Pachyderm, "helm-values", &n);
    out.push_str(&to_yaml(&HelmValues {
        oidc: HelmOidc {
            upstream_idps: Some(vec![upstream(cfg)]),
            upstream_idps_secret_name: None,
        },
    }));
    out
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Secret {
    api_version: &'static str,
    kind: &'static str,
    metadata: Metadata,
    #[serde(rename = "type")]
    kind_of_secret: &'static str,
    string_data: StringData,
}

#[derive(Serialize)]
struct Metadata {
    name: String,
}

#[derive(Serialize)]
struct StringData {
    /// pachd reads this exact key (§2.1, §2.2): the YAML list of entries.
    #[serde(rename = "upstream-idps")]
    upstream_idps: String,
}

/// `k8s-secret`: a v1 Secret whose `upstream-idps` key holds the entries, for
/// `oidc.upstreamIDPsSecretName` (§2.1, §2.2); the comment shows the Helm
/// values that point pachd at it.
pub fn k8s_secret(cfg: &Config) -> String {
    let name = secret_name(cfg).to_owned();
    let n = notes(
        cfg,
        &["Create the Secret in Pachyderm's namespace (kubectl apply -n <namespace> -f ...). While it is set,\n\
           connectors cannot be changed with pachctl idp, and connectors missing from it are deleted."],
    );
    let mut out = header(TargetId::Pachyderm, "k8s-secret", &n);
    let snippet = to_yaml(&HelmValues {
        oidc: HelmOidc {
            upstream_idps: None,
            upstream_idps_secret_name: Some(name.clone()),
        },
    });
    out.push_str(&comment_block(&format!(
        "Then set in your Helm values (and leave oidc.upstreamIDPs empty):\n\n{}",
        snippet.trim_end()
    )));
    out.push('\n');
    out.push_str(&to_yaml(&Secret {
        api_version: "v1",
        kind: "Secret",
        metadata: Metadata { name },
        kind_of_secret: "Opaque",
        string_data: StringData {
            upstream_idps: to_yaml(&vec![upstream(cfg)]),
        },
    }));
    out
}
