//! The target catalog: every target, its versions, formats and extra fields.
//!
//! The UI renders the wizard from this data alone, so adding a target means
//! adding an entry here and an exporter module, never touching UI code.

use crate::error::CoreError;
use crate::model::{Release, TargetId};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TargetInfo {
    pub id: TargetId,
    pub name: &'static str,
    /// One sentence on what the wizard produces for this target.
    pub summary: &'static str,
    /// What "public URL" means for this target.
    pub url_label: &'static str,
    pub url_help: &'static str,
    pub url_placeholder: &'static str,
    pub versions: Vec<VersionInfo>,
    pub formats: Vec<FormatInfo>,
    pub extras: Vec<ExtraField>,
    /// Whether the connector id/name fields apply.
    pub uses_connector: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionInfo {
    pub id: &'static str,
    pub label: &'static str,
    pub release: Release,
    pub default: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FormatInfo {
    pub id: &'static str,
    pub label: &'static str,
    /// Suggested file name for "Save as...".
    pub file_name: &'static str,
    /// `yaml`, `json` or `env`: for syntax highlighting and the save dialog filter.
    pub syntax: &'static str,
    /// The command that applies the file.
    pub apply_command: &'static str,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ExtraKind {
    Text,
    Secret,
    Choice,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExtraField {
    pub key: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub kind: ExtraKind,
    /// For `choice`: the allowed values.
    pub choices: Vec<&'static str>,
    /// The value used when the field is left empty ("" for none; secrets that
    /// are generated say so in `help`).
    pub default: &'static str,
    /// The releases the field applies to.
    pub releases: Vec<Release>,
}

const BOTH: [Release; 2] = [Release::Current, Release::Legacy];

fn fmt(
    id: &'static str,
    label: &'static str,
    file_name: &'static str,
    syntax: &'static str,
    apply_command: &'static str,
) -> FormatInfo {
    FormatInfo {
        id,
        label,
        file_name,
        syntax,
        apply_command,
    }
}

fn only(id: &'static str, label: &'static str) -> Vec<VersionInfo> {
    vec![VersionInfo {
        id,
        label,
        release: Release::Current,
        default: true,
    }]
}

fn text(
    key: &'static str,
    label: &'static str,
    help: &'static str,
    default: &'static str,
) -> ExtraField {
    ExtraField {
        key,
        label,
        help,
        kind: ExtraKind::Text,
        choices: vec![],
        default,
        releases: BOTH.to_vec(),
    }
}

fn secret(key: &'static str, label: &'static str, help: &'static str) -> ExtraField {
    ExtraField {
        key,
        label,
        help,
        kind: ExtraKind::Secret,
        choices: vec![],
        default: "",
        releases: BOTH.to_vec(),
    }
}

/// Every target, in the order the wizard shows them.
pub fn catalog() -> Vec<TargetInfo> {
    TargetId::ALL.into_iter().map(target_info).collect()
}

pub fn target_info(id: TargetId) -> TargetInfo {
    match id {
        TargetId::Pachyderm => TargetInfo {
            id,
            name: "Pachyderm 2.x",
            summary: "A Dex connector for pachd: a pachctl idp file, Helm values (oidc.upstreamIDPs) or a Kubernetes Secret for oidc.upstreamIDPsSecretName.",
            url_label: "Pachyderm proxy URL",
            url_help: "The public URL of Pachyderm's proxy (proxy.host), e.g. https://pachyderm.example.com. Dex is served under /dex.",
            url_placeholder: "https://pachyderm.example.com",
            versions: only("2.x", "2.x"),
            formats: vec![
                fmt("dex-json", "pachctl connector (JSON)", "auth0-connector.json", "json", "pachctl idp create-connector --config auth0-connector.json"),
                fmt("dex-yaml", "pachctl connector (YAML)", "auth0-connector.yaml", "yaml", "pachctl idp create-connector --config auth0-connector.yaml"),
                fmt("helm-values", "Helm values", "pachyderm-auth0-values.yaml", "yaml", "helm upgrade pachyderm pachyderm/pachyderm --reuse-values -f pachyderm-auth0-values.yaml"),
                fmt("k8s-secret", "Kubernetes Secret", "pachyderm-auth0-secret.yaml", "yaml", "kubectl apply -f pachyderm-auth0-secret.yaml, then set oidc.upstreamIDPsSecretName in your Helm values"),
            ],
            extras: vec![text(
                "secretName",
                "Kubernetes Secret name",
                "Name of the Secret that holds the upstream-idps key (for the Kubernetes Secret export).",
                "pachyderm-auth0-idps",
            )],
            uses_connector: true,
        },
        TargetId::Pachyderm1x => TargetInfo {
            id,
            name: "Pachyderm 1.x",
            summary: "The JSON auth config for `pachctl auth set-config` with an Auth0 OIDC identity provider.",
            url_label: "pachd OIDC URL",
            url_help: "The URL users' browsers reach pachd's OIDC port on, e.g. http://203.0.113.10:30657. The callback is /authorization-code/callback under it.",
            url_placeholder: "https://pachd.example.com:30657",
            versions: only("1.x", "1.x (1.11 to 1.13)"),
            formats: vec![fmt(
                "auth-config",
                "pachctl auth config",
                "auth-config.json",
                "json",
                "pachctl auth set-config < auth-config.json",
            )],
            extras: vec![text(
                "liveConfigVersion",
                "Live config version",
                "Must equal the cluster's current version (pachctl auth get-config shows it); 1 on a fresh cluster.",
                "1",
            )],
            uses_connector: true,
        },
        TargetId::Pomerium => TargetInfo {
            id,
            name: "Pomerium",
            summary: "Pomerium's identity provider settings as config.yaml keys or environment variables, with fresh cookie and shared secrets.",
            url_label: "Authenticate service URL",
            url_help: "Pomerium's authenticate_service_url, e.g. https://authenticate.example.com.",
            url_placeholder: "https://authenticate.example.com",
            versions: vec![
                VersionInfo { id: "0.20+", label: "0.20 and later", release: Release::Current, default: true },
                VersionInfo { id: "<0.20", label: "before 0.20 (directory sync)", release: Release::Legacy, default: false },
            ],
            formats: vec![
                fmt("config-yaml", "config.yaml", "config.yaml", "yaml", "pomerium --config config.yaml"),
                fmt("env", "Environment file", "pomerium.env", "env", "docker run --env-file pomerium.env pomerium/pomerium"),
            ],
            extras: vec![
                secret("cookieSecret", "Cookie secret", "base64 of 32 random bytes; generated when left empty."),
                secret("sharedSecret", "Shared secret", "base64 of 32 random bytes; generated when left empty."),
                ExtraField {
                    releases: vec![Release::Legacy],
                    ..text("serviceAccountClientId", "Service account client ID", "Directory sync (before 0.20): Client ID of a Machine to Machine application authorized for the Management API (read:roles, read:role_members, read:users). Leave empty to skip idp_service_account.", "")
                },
                ExtraField {
                    releases: vec![Release::Legacy],
                    ..secret("serviceAccountSecret", "Service account client secret", "Client secret of that Machine to Machine application.")
                },
            ],
            uses_connector: false,
        },
        TargetId::Openmetadata => TargetInfo {
            id,
            name: "OpenMetadata",
            summary: "Server SSO settings (openmetadata.yaml, Docker env, Helm values or a security config for openmetadata-ops.sh) and the ingestion workflowConfig.",
            url_label: "OpenMetadata server URL",
            url_help: "The URL users open OpenMetadata on, e.g. https://openmetadata.example.com.",
            url_placeholder: "https://openmetadata.example.com",
            versions: vec![
                VersionInfo { id: "1.3+", label: "1.3 and later", release: Release::Current, default: true },
                VersionInfo { id: "<=1.2", label: "1.2 and earlier", release: Release::Legacy, default: false },
            ],
            formats: vec![
                fmt("server-yaml", "openmetadata.yaml", "openmetadata-auth0.yaml", "yaml", "merge into conf/openmetadata.yaml, then restart the server"),
                fmt("server-env", "Docker environment", "openmetadata-auth0.env", "env", "docker compose --env-file openmetadata-auth0.env up -d"),
                fmt("helm-values", "Helm values", "openmetadata-auth0-values.yaml", "yaml", "helm upgrade openmetadata open-metadata/openmetadata --reuse-values -f openmetadata-auth0-values.yaml"),
                fmt("security-config", "Security config", "security-config.yaml", "yaml", "./bootstrap/openmetadata-ops.sh update-security-config -f security-config.yaml"),
                fmt("ingestion-yaml", "Ingestion workflowConfig", "ingestion-auth0.yaml", "yaml", "metadata ingest -c ingestion-auth0.yaml (after adding your source)"),
            ],
            extras: vec![
                ExtraField {
                    key: "clientType",
                    label: "Client type",
                    help: "confidential: server-side code flow with the secret (Auth0 Regular Web Application). public: browser flow, no secret (Auth0 Single Page Application).",
                    kind: ExtraKind::Choice,
                    choices: vec!["confidential", "public"],
                    default: "confidential",
                    releases: BOTH.to_vec(),
                },
                text("adminPrincipals", "Admin principals", "Comma-separated user names (the part of the e-mail before @) that become admins.", "admin"),
                text("principalDomain", "Principal domain", "The e-mail domain of your users, e.g. example.com.", "open-metadata.org"),
                ExtraField {
                    releases: vec![Release::Current],
                    ..secret("botJwt", "Ingestion bot JWT", "The ingestion-bot token from Settings > Bots in OpenMetadata (for the ingestion export).")
                },
                ExtraField {
                    releases: vec![Release::Legacy],
                    ..text("m2mClientId", "M2M client ID", "Client ID of the Machine to Machine application that ingestion uses (authorized for the Management API).", "")
                },
                ExtraField {
                    releases: vec![Release::Legacy],
                    ..secret("m2mClientSecret", "M2M client secret", "Client secret of that Machine to Machine application.")
                },
            ],
            uses_connector: false,
        },
        TargetId::Dex => TargetInfo {
            id,
            name: "Dex",
            summary: "One connectors[] entry (type oidc) for a plain Dex config.yaml.",
            url_label: "Dex issuer URL",
            url_help: "Dex's own issuer, e.g. https://dex.example.com/dex. The callback is /callback under it.",
            url_placeholder: "https://dex.example.com/dex",
            versions: only("2.x", "2.36 and later"),
            formats: vec![fmt(
                "connector-yaml",
                "connectors[] entry",
                "dex-auth0-connector.yaml",
                "yaml",
                "add the entry under connectors: in Dex's config.yaml, then restart Dex",
            )],
            extras: vec![],
            uses_connector: true,
        },
    }
}

impl TargetInfo {
    /// The version entry for `id`; an empty id means the default.
    pub fn version(&self, id: &str) -> Result<&VersionInfo, CoreError> {
        let id = id.trim();
        self.versions
            .iter()
            .find(|v| if id.is_empty() { v.default } else { v.id == id })
            .ok_or_else(|| CoreError::UnknownVersion {
                target: self.id.to_string(),
                version: id.to_owned(),
                expected: self
                    .versions
                    .iter()
                    .map(|v| v.id)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    pub fn format(&self, id: &str) -> Result<&FormatInfo, CoreError> {
        self.formats
            .iter()
            .find(|f| f.id == id)
            .ok_or_else(|| CoreError::UnknownFormat {
                target: self.id.to_string(),
                format: id.to_owned(),
                expected: self
                    .formats
                    .iter()
                    .map(|f| f.id)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_has_exactly_one_default_version_and_unique_ids() {
        for t in catalog() {
            assert_eq!(
                t.versions.iter().filter(|v| v.default).count(),
                1,
                "{}",
                t.id
            );
            let mut ids: Vec<_> = t.formats.iter().map(|f| f.id).collect();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), t.formats.len(), "{}", t.id);
            let mut keys: Vec<_> = t.extras.iter().map(|e| e.key).collect();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), t.extras.len(), "{}", t.id);
        }
    }

    #[test]
    fn unknown_version_and_format_name_what_is_expected() {
        let p = target_info(TargetId::Pomerium);
        assert_eq!(p.version("").unwrap().release, Release::Current);
        assert_eq!(p.version("<0.20").unwrap().release, Release::Legacy);
        let e = p.version("0.19").unwrap_err().to_string();
        assert!(e.contains("0.20+, <0.20"), "{e}");
        let e = p.format("helm").unwrap_err();
        assert_eq!(e.code(), "unknown_format");
        assert!(e.to_string().contains("config-yaml, env"));
    }
}
