//! Pachyderm 1.x (targets.md §2.5): the JSON for `pachctl auth set-config`.

use super::{shown, to_json, CLIENT_SECRET_PLACEHOLDER};
use crate::model::{Config, TargetOptions};
use serde::Serialize;

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
pub fn auth_config(cfg: &Config) -> String {
    let live_config_version = match cfg.options {
        TargetOptions::Pachyderm1x {
            live_config_version,
        } => live_config_version,
        _ => 1,
    };
    to_json(&AuthConfig {
        live_config_version,
        id_providers: vec![IdProvider {
            name: cfg.connector_id.clone(),
            description: cfg.connector_name.clone(),
            oidc: OidcOptions {
                issuer: cfg.issuer.clone(),
                client_id: cfg.client_id.clone(),
                client_secret: shown(cfg, cfg.client_secret.as_ref())
                    .unwrap_or(CLIENT_SECRET_PLACEHOLDER)
                    .to_owned(),
                redirect_uri: format!("{}/authorization-code/callback", cfg.public_base()),
            },
        }],
    })
}
