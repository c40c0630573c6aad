//! OpenMetadata's ingestion `workflowConfig.openMetadataServerConfig`
//! (targets.md §4.2): the ingestion-bot JWT (1.3 and later) or Auth0 client
//! credentials (1.2 and earlier).

use super::Options;
use crate::export::{to_yaml, Export};
use crate::model::Release;
use serde::Serialize;

pub const BOT_JWT_PLACEHOLDER: &str = "REPLACE_WITH_INGESTION_BOT_JWT";
pub const M2M_CLIENT_ID_PLACEHOLDER: &str = "REPLACE_WITH_M2M_CLIENT_ID";
pub const M2M_SECRET_PLACEHOLDER: &str = "REPLACE_WITH_M2M_CLIENT_SECRET";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Ingestion {
    workflow_config: WorkflowConfig,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WorkflowConfig {
    open_metadata_server_config: ServerConfig,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ServerConfig {
    host_port: String,
    auth_provider: &'static str,
    security_config: IngestionSecurity,
}

#[derive(Serialize)]
#[serde(untagged)]
enum IngestionSecurity {
    /// 1.3 and later: the ingestion-bot JWT (§4.2).
    #[serde(rename_all = "camelCase")]
    Jwt { jwt_token: String },
    /// 1.2 and earlier: `Auth0SSOClientConfig` with a bare-host `domain` (§4.2).
    #[serde(rename_all = "camelCase")]
    Auth0 {
        client_id: String,
        secret_key: String,
        domain: String,
    },
}

/// `ingestion-yaml`: `workflowConfig.openMetadataServerConfig` for `metadata ingest`.
pub(super) fn ingestion_yaml(x: &Export<'_, Options>) -> String {
    let (cfg, o) = (x.cfg, x.options);
    let (bot_jwt, m2m_id, m2m_secret) = (
        o.bot_jwt.as_ref(),
        o.m2m_client_id.as_deref(),
        o.m2m_client_secret.as_ref(),
    );
    let mut notes = vec!["Add your source: (and sink:) next to workflowConfig:."];
    let (auth_provider, security_config) = match cfg.release {
        Release::Current => {
            let token = x.shown(bot_jwt);
            if token.is_none() {
                notes.push("The bot token is not in this file: replace REPLACE_WITH_INGESTION_BOT_JWT with the token from\nSettings > Bots > ingestion-bot in OpenMetadata.");
            }
            (
                "openmetadata",
                IngestionSecurity::Jwt {
                    jwt_token: token.unwrap_or(BOT_JWT_PLACEHOLDER).to_owned(),
                },
            )
        }
        Release::Legacy => {
            notes.push(
                "OpenMetadata 1.2 and earlier: ingestion gets its token with client_credentials for the Auth0\n\
                 Management API, so the Machine to Machine application must be authorized for that API.",
            );
            let secret = x.shown(m2m_secret);
            if m2m_id.is_none() {
                notes.push("Replace REPLACE_WITH_M2M_CLIENT_ID with the Client ID of the Machine to Machine application\n(authorized for the Auth0 Management API).");
            }
            if secret.is_none() {
                notes.push("The M2M client secret is not in this file: replace REPLACE_WITH_M2M_CLIENT_SECRET with it.");
            }
            (
                "auth0",
                IngestionSecurity::Auth0 {
                    client_id: m2m_id.unwrap_or(M2M_CLIENT_ID_PLACEHOLDER).to_owned(),
                    secret_key: secret.unwrap_or(M2M_SECRET_PLACEHOLDER).to_owned(),
                    // A bare host (and port): ingestion builds https://{domain}/oauth/token.
                    domain: cfg.domain.authority(),
                },
            )
        }
    };
    let mut out = x.header(&notes);
    out.push_str(&to_yaml(&Ingestion {
        workflow_config: WorkflowConfig {
            open_metadata_server_config: ServerConfig {
                host_port: format!("{}/api", cfg.public_base()),
                auth_provider,
                security_config,
            },
        },
    }));
    out
}
