//! What the fake serves: its applications, its token's scopes, how its Actions build.

use serde_json::{json, Value};

use crate::auth0::ClientCreds;

/// Every Management API scope the fake checks: a token with these can do everything.
pub const ALL_SCOPES: &[&str] = &[
    "read:clients",
    "create:clients",
    "update:clients",
    "delete:clients",
    "read:client_grants",
    "create:client_grants",
    "delete:client_grants",
    "read:actions",
    "create:actions",
    "delete:actions",
    "read:triggers",
    "update:triggers",
];

/// An application the fake knows: its Management API record and its secret.
#[derive(Clone, Debug)]
pub struct StubClient {
    /// What `GET /api/v2/clients/{id}` returns (before field filtering). Must have `client_id`.
    /// Its `grant_types` also decide what the token endpoint allows the client.
    pub record: Value,
    pub secret: String,
    /// Audiences (APIs) the client has a client grant for; each is also served by the stub.
    pub granted_audiences: Vec<String>,
}

impl StubClient {
    /// A well-configured Auth0 "Regular Web Application" with a random id and secret,
    /// no callbacks, grant types authorization_code + refresh_token, RS256, OIDC conformant.
    pub fn regular_web() -> Self {
        let creds = ClientCreds::random();
        Self {
            record: json!({
                "client_id": creds.id,
                "name": "Test Web App",
                "description": "",
                "app_type": "regular_web",
                "callbacks": [],
                "allowed_logout_urls": [],
                "grant_types": ["authorization_code", "refresh_token"],
                "token_endpoint_auth_method": "client_secret_post",
                "oidc_conformant": true,
                "jwt_configuration": { "alg": "RS256", "lifetime_in_seconds": 36000, "secret_encoded": false },
                "is_first_party": true,
            }),
            secret: creds.secret,
            granted_audiences: vec![],
        }
    }

    /// Sets one field of the record (builder style).
    pub fn with(mut self, field: &str, value: Value) -> Self {
        self.record[field] = value;
        self
    }

    pub fn client_id(&self) -> String {
        self.record["client_id"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn creds(&self) -> ClientCreds {
        ClientCreds {
            id: self.client_id(),
            secret: self.secret.clone(),
        }
    }
}

/// How the fake's Actions build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionBuild {
    /// `status` is `built` from the Nth `GET` of the Action on (pending, building before);
    /// after a deploy, `deployed_version.deployed` turns true at the next `GET`.
    After(u32),
    /// The build fails: `status` becomes `failed`.
    Fails,
}

/// What the fake serves.
#[derive(Clone, Debug)]
pub struct MgmtConfig {
    /// The applications the tenant has (default: one [`StubClient::regular_web`]).
    pub clients: Vec<StubClient>,
    /// Scopes of the Management API token the M2M client gets (default `read:clients`).
    /// Without `read:clients`/`read:client_keys` the client record shows only
    /// `client_id, app_type, name, description`; `read:client_keys` adds `client_secret`.
    pub m2m_scopes: Vec<String>,
    /// Whether the M2M client has a client grant for the Management API (default true);
    /// false gives 403 `Client is not authorized to access ...`.
    pub m2m_granted: bool,
    /// The first N requests to `/api/v2/...` answer 429 with rate-limit headers (default 0).
    pub rate_limited_requests: u32,
    /// How Actions created through the API build (default: built at the second look).
    pub action_build: ActionBuild,
}

impl Default for MgmtConfig {
    fn default() -> Self {
        Self {
            clients: vec![StubClient::regular_web()],
            m2m_scopes: vec!["read:clients".into()],
            m2m_granted: true,
            rate_limited_requests: 0,
            action_build: ActionBuild::After(2),
        }
    }
}

impl MgmtConfig {
    /// The default tenant with an M2M token that has every scope ([`ALL_SCOPES`]).
    pub fn writer() -> Self {
        Self {
            m2m_scopes: ALL_SCOPES.iter().map(|s| s.to_string()).collect(),
            ..Self::default()
        }
    }
}
