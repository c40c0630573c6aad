//! OpenMetadata (targets.md §4): server SSO settings in four shapes, and the
//! ingestion `workflowConfig`.

use super::env::EnvFile;
use super::{header, shown, to_yaml, CLIENT_SECRET_PLACEHOLDER};
use crate::model::{Config, OmClientType, Release, TargetId, TargetOptions};
use serde::Serialize;

/// Written in openmetadata.yaml instead of a withheld client secret: OM's
/// Dropwizard config substitutes `${VAR}` from the environment.
pub const SECRET_ENV_REF: &str = "${OIDC_CLIENT_SECRET}";
pub const BOT_JWT_PLACEHOLDER: &str = "REPLACE_WITH_INGESTION_BOT_JWT";
pub const M2M_CLIENT_ID_PLACEHOLDER: &str = "REPLACE_WITH_M2M_CLIENT_ID";
pub const M2M_SECRET_PLACEHOLDER: &str = "REPLACE_WITH_M2M_CLIENT_SECRET";

/// The Kubernetes Secret and keys the Helm chart reads the OIDC client from (§4.1).
pub const HELM_SECRET_NAME: &str = "oidc-secrets";
pub const HELM_CLIENT_ID_KEY: &str = "openmetadata-oidc-client-id";
pub const HELM_CLIENT_SECRET_KEY: &str = "openmetadata-oidc-client-secret";

const AUTHORIZER_CLASS: &str = "org.openmetadata.service.security.DefaultAuthorizer";
const REQUEST_FILTER: &str = "org.openmetadata.service.security.JwtFilter";
const PRINCIPAL_CLAIMS: [&str; 3] = ["email", "preferred_username", "sub"];
const OIDC_SCOPE: &str = "openid email profile";
const CLIENT_AUTH_METHOD: &str = "client_secret_post";

/// The values every server-side shape shares, computed once.
struct Sso {
    client_type: OmClientType,
    /// `https://DOMAIN`, no trailing slash: OM's Auth0 validator appends
    /// `/.well-known/openid-configuration` by plain concatenation (§4.1).
    authority: String,
    public_key_urls: Vec<String>,
    client_id: String,
    callback_url: String,
    server_url: String,
    discovery_uri: String,
    admin_principals: Vec<String>,
    principal_domain: String,
}

impl Sso {
    fn new(cfg: &Config) -> Sso {
        let (client_type, admin_principals, principal_domain) = match &cfg.options {
            TargetOptions::Openmetadata {
                client_type,
                admin_principals,
                principal_domain,
                ..
            } => (
                *client_type,
                admin_principals.clone(),
                principal_domain.clone(),
            ),
            _ => (
                OmClientType::Confidential,
                vec!["admin".to_owned()],
                "open-metadata.org".to_owned(),
            ),
        };
        let authority = cfg.domain.base_url();
        let server_url = cfg.public_base();
        Sso {
            client_type,
            public_key_urls: vec![
                format!("{authority}/.well-known/jwks.json"),
                format!("{server_url}/api/v1/system/config/jwks"),
            ],
            discovery_uri: format!("{authority}/.well-known/openid-configuration"),
            authority,
            client_id: cfg.client_id.clone(),
            callback_url: format!("{server_url}/callback"),
            server_url,
            admin_principals,
            principal_domain,
        }
    }

    fn confidential(&self) -> bool {
        self.client_type == OmClientType::Confidential
    }

    fn client_type(&self) -> &'static str {
        match self.client_type {
            OmClientType::Public => "public",
            OmClientType::Confidential => "confidential",
        }
    }

    /// Public clients get the ID token in the browser; confidential ones run
    /// the code flow on the server.
    fn response_type(&self) -> &'static str {
        match self.client_type {
            OmClientType::Public => "id_token",
            OmClientType::Confidential => "code",
        }
    }
}

/// `authenticationConfiguration` (§4.1; the schema forbids unknown keys).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationConfiguration {
    pub provider: &'static str,
    /// Required even for auth0, and empty.
    pub provider_name: &'static str,
    pub client_type: &'static str,
    pub response_type: &'static str,
    pub public_key_urls: Vec<String>,
    pub authority: String,
    pub client_id: String,
    pub callback_url: String,
    pub jwt_principal_claims: Vec<&'static str>,
    /// openmetadata.yaml's own default (`AUTHENTICATION_ENABLE_SELF_SIGNUP`, true),
    /// written out because the schema's default is false.
    pub enable_self_signup: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oidc_configuration: Option<OidcClientConfig>,
}

/// `oidcConfiguration`, confidential clients only. Optional keys whose
/// defaults are right for Auth0 (useNonce, preferredJwsAlgorithm, responseType
/// code, disablePkce) are left to OM.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OidcClientConfig {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub secret: String,
    pub scope: &'static str,
    pub discovery_uri: String,
    pub callback_url: String,
    pub server_url: String,
    pub client_authentication_method: &'static str,
    /// Required even for Auth0; empty (§4.1).
    pub tenant: &'static str,
}

/// `authorizerConfiguration` (§4.1).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizerConfiguration {
    pub class_name: &'static str,
    pub container_request_filter: &'static str,
    pub admin_principals: Vec<String>,
    pub principal_domain: String,
    pub enforce_principal_domain: bool,
    pub enable_secure_socket_connection: bool,
}

/// `{authenticationConfiguration, authorizerConfiguration}`: the top of
/// openmetadata.yaml, and the `SecurityConfiguration` model of
/// `openmetadata-ops.sh update-security-config`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityConfiguration {
    pub authentication_configuration: AuthenticationConfiguration,
    pub authorizer_configuration: AuthorizerConfiguration,
}

fn security(cfg: &Config, secret_placeholder: &str) -> SecurityConfiguration {
    let s = Sso::new(cfg);
    let oidc_configuration = s.confidential().then(|| OidcClientConfig {
        id: s.client_id.clone(),
        kind: "auth0",
        secret: shown(cfg, cfg.client_secret.as_ref())
            .unwrap_or(secret_placeholder)
            .to_owned(),
        scope: OIDC_SCOPE,
        discovery_uri: s.discovery_uri.clone(),
        callback_url: s.callback_url.clone(),
        server_url: s.server_url.clone(),
        client_authentication_method: CLIENT_AUTH_METHOD,
        tenant: "",
    });
    SecurityConfiguration {
        authentication_configuration: AuthenticationConfiguration {
            provider: "auth0",
            provider_name: "",
            client_type: s.client_type(),
            response_type: s.response_type(),
            public_key_urls: s.public_key_urls.clone(),
            authority: s.authority.clone(),
            client_id: s.client_id.clone(),
            callback_url: s.callback_url.clone(),
            jwt_principal_claims: PRINCIPAL_CLAIMS.to_vec(),
            enable_self_signup: true,
            oidc_configuration,
        },
        authorizer_configuration: AuthorizerConfiguration {
            class_name: AUTHORIZER_CLASS,
            container_request_filter: REQUEST_FILTER,
            admin_principals: s.admin_principals,
            principal_domain: s.principal_domain,
            enforce_principal_domain: false,
            enable_secure_socket_connection: false,
        },
    }
}

fn secret_left_out(cfg: &Config) -> bool {
    Sso::new(cfg).confidential() && shown(cfg, cfg.client_secret.as_ref()).is_none()
}

const DB_NOTE: &str = "OpenMetadata 1.9+ keeps SSO settings in its database once saved there, and then ignores this file\n\
     and the environment: use the security-config export with openmetadata-ops.sh in that case.";
const PUBLIC_NOTE: &str =
    "Client type public: the Auth0 application must be a Single Page Application (no secret).";
const CONFIDENTIAL_NOTE: &str = "Client type confidential: the Auth0 application must be a Regular Web Application. OpenMetadata's\n\
     Test Configuration checks it with a client_credentials request for the Auth0 Management API and reports\n\
     \"Client is not authorized\" unless the application is authorized for that API; logins work either way.";

fn client_type_note(s: &Sso) -> &'static str {
    if s.confidential() {
        CONFIDENTIAL_NOTE
    } else {
        PUBLIC_NOTE
    }
}

/// `server-yaml`: the two sections of conf/openmetadata.yaml.
pub fn server_yaml(cfg: &Config) -> String {
    let mut notes = vec!["Replace the authenticationConfiguration and authorizerConfiguration sections of openmetadata.yaml.", DB_NOTE];
    if secret_left_out(cfg) {
        notes.push("The client secret is not in this file: secret is ${OIDC_CLIENT_SECRET}, which OpenMetadata reads from\nits environment. Set OIDC_CLIENT_SECRET to the Auth0 Client Secret.");
    }
    notes.push(client_type_note(&Sso::new(cfg)));
    let mut out = header(TargetId::Openmetadata, "server-yaml", &notes);
    out.push_str(&to_yaml(&security(cfg, SECRET_ENV_REF)));
    out
}

/// `security-config`: the same sections for `openmetadata-ops.sh update-security-config`.
pub fn security_config(cfg: &Config) -> String {
    let mut notes = vec![
        "Back up the current settings first: ./bootstrap/openmetadata-ops.sh get-security-config -o current.yaml",
        "If the new settings lock you out, ./bootstrap/openmetadata-ops.sh remove-security-config --force drops\n\
         them and OpenMetadata falls back to openmetadata.yaml.",
    ];
    if secret_left_out(cfg) {
        notes.push("The client secret is not in this file: replace REPLACE_WITH_AUTH0_CLIENT_SECRET with the Auth0 Client Secret.");
    }
    notes.push(client_type_note(&Sso::new(cfg)));
    let mut out = header(TargetId::Openmetadata, "security-config", &notes);
    out.push_str(&to_yaml(&security(cfg, CLIENT_SECRET_PLACEHOLDER)));
    out
}

/// Lists as env values: a JSON array, which is also a YAML flow sequence, so
/// openmetadata.yaml's `${VAR}` substitution yields exactly these strings.
fn list(items: &[impl AsRef<str>]) -> String {
    serde_json::to_string(&items.iter().map(AsRef::as_ref).collect::<Vec<&str>>())
        .expect("string list serializes")
}

/// `server-env`: the Docker environment variables of openmetadata.yaml (§4.1).
/// `providerName` and `oidcConfiguration.tenant` must be `""`, which is what
/// openmetadata.yaml already defaults them to; an empty variable would be
/// substituted as a YAML null instead, so those two are not written.
pub fn server_env(cfg: &Config) -> String {
    let s = Sso::new(cfg);
    let sec = security(cfg, SECRET_ENV_REF);
    let mut notes = vec![DB_NOTE];
    let secret = s
        .confidential()
        .then(|| shown(cfg, cfg.client_secret.as_ref()))
        .flatten();
    if s.confidential() && secret.is_none() {
        notes.push("OIDC_CLIENT_SECRET is left out: add OIDC_CLIENT_SECRET=<Auth0 Client Secret> here, or export it in the shell\nthat runs docker compose.");
    }
    notes.push(client_type_note(&s));
    let mut out = header(TargetId::Openmetadata, "server-env", &notes);
    let mut f = EnvFile::default();
    let a = &sec.authentication_configuration;
    f.var("AUTHENTICATION_PROVIDER", a.provider)
        .var("AUTHENTICATION_CLIENT_TYPE", a.client_type)
        .var("AUTHENTICATION_RESPONSE_TYPE", a.response_type)
        .var("AUTHENTICATION_PUBLIC_KEYS", list(&a.public_key_urls))
        .var("AUTHENTICATION_AUTHORITY", a.authority.as_str())
        .var("AUTHENTICATION_CLIENT_ID", a.client_id.as_str())
        .var("AUTHENTICATION_CALLBACK_URL", a.callback_url.as_str())
        .var(
            "AUTHENTICATION_JWT_PRINCIPAL_CLAIMS",
            list(&a.jwt_principal_claims),
        )
        .var(
            "AUTHENTICATION_ENABLE_SELF_SIGNUP",
            a.enable_self_signup.to_string(),
        );
    if let Some(o) = &a.oidc_configuration {
        f.var("OIDC_CLIENT_ID", o.id.as_str())
            .var("OIDC_TYPE", o.kind);
        if let Some(secret) = secret {
            f.var("OIDC_CLIENT_SECRET", secret);
        }
        f.var("OIDC_SCOPE", o.scope)
            .var("OIDC_DISCOVERY_URI", o.discovery_uri.as_str())
            .var("OIDC_CALLBACK", o.callback_url.as_str())
            .var("OIDC_SERVER_URL", o.server_url.as_str())
            .var("OIDC_CLIENT_AUTH_METHOD", o.client_authentication_method);
    }
    let z = &sec.authorizer_configuration;
    f.var("AUTHORIZER_CLASS_NAME", z.class_name)
        .var("AUTHORIZER_REQUEST_FILTER", z.container_request_filter)
        .var("AUTHORIZER_ADMIN_PRINCIPALS", list(&z.admin_principals))
        .var("AUTHORIZER_PRINCIPAL_DOMAIN", z.principal_domain.as_str())
        .var(
            "AUTHORIZER_ENFORCE_PRINCIPAL_DOMAIN",
            z.enforce_principal_domain.to_string(),
        )
        .var(
            "AUTHORIZER_ENABLE_SECURE_SOCKET",
            z.enable_secure_socket_connection.to_string(),
        );
    out.push_str(&f.render());
    out
}

#[derive(Serialize)]
struct HelmValues {
    openmetadata: HelmOpenmetadata,
}

#[derive(Serialize)]
struct HelmOpenmetadata {
    config: HelmConfig,
}

#[derive(Serialize)]
struct HelmConfig {
    authentication: HelmAuthentication,
    authorizer: HelmAuthorizer,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HelmAuthentication {
    enabled: bool,
    provider: &'static str,
    client_type: &'static str,
    response_type: &'static str,
    public_keys: Vec<String>,
    authority: String,
    client_id: String,
    callback_url: String,
    jwt_principal_claims: Vec<&'static str>,
    enable_self_signup: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    oidc_configuration: Option<HelmOidc>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HelmOidc {
    enabled: bool,
    oidc_type: &'static str,
    client_id: SecretRef,
    client_secret: SecretRef,
    scope: &'static str,
    discovery_uri: String,
    callback_url: String,
    server_url: String,
    client_authentication_method: &'static str,
    tenant: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SecretRef {
    secret_ref: &'static str,
    secret_key: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HelmAuthorizer {
    class_name: &'static str,
    container_request_filter: &'static str,
    initial_admins: Vec<String>,
    principal_domain: String,
    enforce_principal_domain: bool,
    enable_secure_socket_connection: bool,
}

/// `helm-values`: chart paths `openmetadata.config.authentication` and
/// `.authorizer` (§4.1). The chart reads the OIDC client id and secret from a
/// Kubernetes Secret, so the secret is never inline, handoff or not.
pub fn helm_values(cfg: &Config) -> String {
    let s = Sso::new(cfg);
    let sec = security(cfg, SECRET_ENV_REF);
    let mut notes = vec![DB_NOTE, client_type_note(&s)];
    if s.confidential() {
        notes.push(
            "The client secret is not in this file: the chart reads the client ID and secret from the Secret\n\
             oidc-secrets. Create it first in OpenMetadata's namespace (type the secret at the prompt):\n\
             \n\
             read -rs AUTH0_CLIENT_SECRET\n\
             kubectl create secret generic oidc-secrets -n <namespace> \\\n\
             \x20 --from-literal=openmetadata-oidc-client-id=<clientId below> \\\n\
             \x20 --from-literal=openmetadata-oidc-client-secret=\"$AUTH0_CLIENT_SECRET\"",
        );
    }
    let a = sec.authentication_configuration;
    let z = sec.authorizer_configuration;
    let oidc_configuration = a.oidc_configuration.map(|o| HelmOidc {
        enabled: true,
        oidc_type: o.kind,
        client_id: SecretRef {
            secret_ref: HELM_SECRET_NAME,
            secret_key: HELM_CLIENT_ID_KEY,
        },
        client_secret: SecretRef {
            secret_ref: HELM_SECRET_NAME,
            secret_key: HELM_CLIENT_SECRET_KEY,
        },
        scope: o.scope,
        discovery_uri: o.discovery_uri,
        callback_url: o.callback_url,
        server_url: o.server_url,
        client_authentication_method: o.client_authentication_method,
        tenant: o.tenant,
    });
    let values = HelmValues {
        openmetadata: HelmOpenmetadata {
            config: HelmConfig {
                authentication: HelmAuthentication {
                    enabled: true,
                    provider: a.provider,
                    client_type: a.client_type,
                    response_type: a.response_type,
                    public_keys: a.public_key_urls,
                    authority: a.authority,
                    client_id: a.client_id,
                    callback_url: a.callback_url,
                    jwt_principal_claims: a.jwt_principal_claims,
                    enable_self_signup: a.enable_self_signup,
                    oidc_configuration,
                },
                authorizer: HelmAuthorizer {
                    class_name: z.class_name,
                    container_request_filter: z.container_request_filter,
                    initial_admins: z.admin_principals,
                    principal_domain: z.principal_domain,
                    enforce_principal_domain: z.enforce_principal_domain,
                    enable_secure_socket_connection: z.enable_secure_socket_connection,
                },
            },
        },
    };
    let mut out = header(TargetId::Openmetadata, "helm-values", &notes);
    out.push_str(&to_yaml(&values));
    out
}

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
pub fn ingestion_yaml(cfg: &Config) -> String {
    let (bot_jwt, m2m_id, m2m_secret) = match &cfg.options {
        TargetOptions::Openmetadata {
            bot_jwt,
            m2m_client_id,
            m2m_client_secret,
            ..
        } => (
            bot_jwt.as_ref(),
            m2m_client_id.as_deref(),
            m2m_client_secret.as_ref(),
        ),
        _ => (None, None, None),
    };
    let mut notes = vec!["Add your source: (and sink:) next to workflowConfig:."];
    let (auth_provider, security_config) = match cfg.release {
        Release::Current => {
            let token = shown(cfg, bot_jwt);
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
            let secret = shown(cfg, m2m_secret);
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
    let mut out = header(TargetId::Openmetadata, "ingestion-yaml", &notes);
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
