//! Pachyderm 2.x (targets.md §2): the Dex connector for pachd as a
//! `pachctl idp` file, as Helm values, or as a Kubernetes Secret.

mod import;
pub mod keys;
mod lint;
mod lint_helm;
mod probe;

use super::dex::{connector, dex_rules, secret_left_out, OidcConfig};
use super::Doctor;
use super::{
    format_infos, ExtraField, Extras, Rules, Target, TargetId, TargetInfo, UrlSuffix, VersionInfo,
};
use crate::export::{comment_block, to_json, to_yaml, Export, Format, CLIENT_SECRET_PLACEHOLDER};
use crate::model::{Config, Release};
use crate::requirements::{AppShape, Needs, RequirementsInput};
use crate::target::Syntax;
use crate::version::{Version, VersionRange};
use serde::Serialize;

/// The Secret name used when none is given (the catalog default).
pub const DEFAULT_SECRET_NAME: &str = "pachyderm-auth0-idps";

pub struct Pachyderm;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Name of the Kubernetes Secret that holds `upstream-idps`.
    pub secret_name: String,
}

impl Target for Pachyderm {
    type Options = Options;

    const FORMATS: &'static [Format<Options>] = &[
        Format::new("dex-json", "pachctl connector (JSON)", "auth0-connector.json", Syntax::Json, "pachctl idp create-connector --config auth0-connector.json", dex_json),
        Format::new("dex-yaml", "pachctl connector (YAML)", "auth0-connector.yaml", Syntax::Yaml, "pachctl idp create-connector --config auth0-connector.yaml", dex_yaml),
        Format::new("helm-values", "Helm values", "pachyderm-auth0-values.yaml", Syntax::Yaml, "helm upgrade pachyderm pachyderm/pachyderm --reuse-values -f pachyderm-auth0-values.yaml", helm_values),
        Format::new("k8s-secret", "Kubernetes Secret", "pachyderm-auth0-secret.yaml", Syntax::Yaml, "kubectl apply -f pachyderm-auth0-secret.yaml, then set oidc.upstreamIDPsSecretName in your Helm values", k8s_secret),
    ];

    fn info() -> TargetInfo {
        TargetInfo {
            id: TargetId::Pachyderm,
            name: "Pachyderm 2.x",
            product: "Pachyderm",
            summary: "A Dex connector for pachd: a pachctl idp file, Helm values (oidc.upstreamIDPs) or a Kubernetes Secret for oidc.upstreamIDPsSecretName.",
            url_label: "Pachyderm proxy URL",
            url_help: "The public URL of Pachyderm's proxy (proxy.host), e.g. https://pachyderm.example.com. Dex is served under /dex.",
            url_placeholder: "https://pachyderm.example.com",
            versions: vec![VersionInfo::new(
                "2.x",
                "2.x",
                Release::Current,
                VersionRange::new(Some(Version::new(2, 0)), Some(Version::new(3, 0))),
            )
            .default()],
            formats: format_infos(Self::FORMATS),
            extras: vec![ExtraField::text(
                "secretName",
                "Kubernetes Secret name",
                "Name of the Secret that holds the upstream-idps key (for the Kubernetes Secret export).",
                DEFAULT_SECRET_NAME,
            )
            .flag("--secret-name", "NAME")],
            uses_connector: true,
        }
    }

    fn rules() -> Rules {
        Rules {
            callback_path: "/dex/callback",
            url_suffix: Some(UrlSuffix {
                suffix: "/dex",
                code: "public_url.dex_suffix",
                message: "This looks like Dex's issuer; the wizard wants the proxy URL and adds /dex itself.",
                fix: "Nothing to do: /dex was removed from the URL.",
            }),
            ..dex_rules()
        }
    }

    fn options(x: &mut Extras<'_>) -> Options {
        let secret_name = x
            .text_opt("secretName")
            .unwrap_or_else(|| DEFAULT_SECRET_NAME.to_owned());
        if !is_dns1123_subdomain(&secret_name) {
            x.error(
                "secretName",
                "extras.secret_name.invalid",
                format!("{secret_name:?} is not a valid Kubernetes object name."),
                "Use lower-case letters, digits, '-' and '.', e.g. pachyderm-auth0-idps.",
            );
        }
        Options { secret_name }
    }

    /// Dex is served under `/dex` behind the proxy (§2.3).
    fn needs(input: &RequirementsInput, _: &Options) -> Needs {
        let base = input.base();
        Needs::app(AppShape {
            login_uri: Some(base.to_owned()),
            ..AppShape::regular_web(input.callback())
        })
    }
    /// Reference B: the file as it is, and what the running system uses.
    const DOCTOR: Doctor = Doctor {
        import: import::import,
        lint: lint::lint,
        probe_plan: probe::plan,
    };
}

/// A Kubernetes object name (RFC 1123 subdomain).
fn is_dns1123_subdomain(name: &str) -> bool {
    name.len() <= 253
        && name.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

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
fn dex_json(x: &Export<'_, Options>) -> String {
    to_json(&idp_file(x.cfg))
}

/// `dex-yaml`: the `pachctl idp create-connector` file as YAML.
fn dex_yaml(x: &Export<'_, Options>) -> String {
    let n = notes(x.cfg, &["version is 0 for create-connector; for update-connector use the current version + 1\n(pachctl idp get-connector shows it)."]);
    let mut out = x.header(&n);
    out.push_str(&to_yaml(&idp_file(x.cfg)));
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
fn helm_values(x: &Export<'_, Options>) -> String {
    let cfg = x.cfg;
    let n = notes(
        cfg,
        &["Setting oidc.upstreamIDPs replaces the mock IdP (oidc.mockIDP is then ignored)."],
    );
    let mut out = x.header(&n);
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
fn k8s_secret(x: &Export<'_, Options>) -> String {
    let cfg = x.cfg;
    let name = x.options.secret_name.clone();
    let n = notes(
        cfg,
        &["Create the Secret in Pachyderm's namespace (kubectl apply -n <namespace> -f ...). While it is set,\n\
           connectors cannot be changed with pachctl idp, and connectors missing from it are deleted."],
    );
    let mut out = x.header(&n);
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
