//! OpenMetadata's server SSO settings (targets.md §4.1) as openmetadata.yaml
//! sections, a security config for openmetadata-ops.sh, and Docker env.

use super::{ClientType, Options};
use crate::export::env::EnvFile;
use crate::export::{to_yaml, Export, CLIENT_SECRET_PLACEHOLDER};
use serde::Serialize;

/// Written in openmetadata.yaml instead of a withheld client secret: OM's
/// Dropwizard config substitutes `${VAR}` from the environment.
pub const SECRET_ENV_REF: &str = "${OIDC_CLIENT_SECRET}";

const AUTHORIZER_CLASS: &str = "org.openmetadata.service.security.DefaultAuthorizer";
const REQUEST_FILTER: &str = "org.openmetadata.service.security.JwtFilter";
const PRINCIPAL_CLAIMS: [&str; 3] = ["email", "preferred_username", "sub"];
const OIDC_SCOPE: &str = "openid email profile";
const CLIENT_AUTH_METHOD: &str = "client_secret_post";

/// The values every server-side shape shares, computed once.
pub(super) struct Sso {
    client_type: ClientType,
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
    pub(super) fn new(x: &Export<'_, Options>) -> Sso {
        let (cfg, o) = (x.cfg, x.options);
        let authority = cfg.domain.base_url();
        let server_url = cfg.public_base();
        Sso {
            client_type: o.client_type,
            public_key_urls: vec![
                format!("{authority}/.well-known/jwks.json"),
                format!("{server_url}/api/v1/system/config/jwks"),
            ],
            discovery_uri: format!("{authority}/.well-known/openid-configuration"),
            authority,
            client_id: cfg.client_id.clone(),
            callback_url: format!("{server_url}/callback"),
            server_url,
            admin_principals: o.admin_principals.clone(),
            principal_domain: o.principal_domain.clone(),
        }
    }

    pub(super) fn confidential(&self) -> bool {
        self.client_type == ClientType::Confidential
    }

    fn client_type(&self) -> &'static str {
        match self.client_type {
            ClientType::Public => "public",
            ClientType::Confidential => "confidential",
        }
    }

    /// Public clients get the ID token in the browser; confidential ones run
    /// the code flow on the server.
    fn response_type(&self) -> &'static str {
        match self.client_type {
            ClientType::Public => "id_token",
            ClientType::Confidential => "code",
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

pub(super) fn security(x: &Export<'_, Options>, secret_placeholder: &str) -> SecurityConfiguration {
    let s = Sso::new(x);
    let oidc_configuration = s.confidential().then(|| OidcClientConfig {
        id: s.client_id.clone(),
        kind: "auth0",
        secret: x
            .shown(x.cfg.client_secret.as_ref())
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

fn secret_left_out(x: &Export<'_, Options>) -> bool {
    Sso::new(x).confidential() && x.shown(x.cfg.client_secret.as_ref()).is_none()
}

pub(super) const DB_NOTE: &str = "OpenMetadata 1.9+ keeps SSO settings in its database once saved there, and then ignores this file\n\
     and the environment: use the security-config export with openmetadata-ops.sh in that case.";
const PUBLIC_NOTE: &str =
    "Client type public: the Auth0 application must be a Single Page Application (no secret).";
const CONFIDENTIAL_NOTE: &str = "Client type confidential: the Auth0 application must be a Regular Web Application. OpenMetadata's\n\
     Test Configuration checks it with a client_credentials request for the Auth0 Management API and reports\n\
     \"Client is not authorized\" unless the application is authorized for that API; logins work either way.";

pub(super) fn client_type_note(s: &Sso) -> &'static str {
    if s.confidential() {
        CONFIDENTIAL_NOTE
    } else {
        PUBLIC_NOTE
    }
}

/// `server-yaml`: the two sections of conf/openmetadata.yaml.
pub(super) fn server_yaml(x: &Export<'_, Options>) -> String {
    let mut notes = vec!["Replace the authenticationConfiguration and authorizerConfiguration sections of openmetadata.yaml.", DB_NOTE];
    if secret_left_out(x) {
        notes.push("The client secret is not in this file: secret is ${OIDC_CLIENT_SECRET}, which OpenMetadata reads from\nits environment. Set OIDC_CLIENT_SECRET to the Auth0 Client Secret.");
    }
    notes.push(client_type_note(&Sso::new(x)));
    let mut out = x.header(&notes);
    out.push_str(&to_yaml(&security(x, SECRET_ENV_REF)));
    out
}

/// `security-config`: the same sections for `openmetadata-ops.sh update-security-config`.
pub(super) fn security_config(x: &Export<'_, Options>) -> String {
    let mut notes = vec![
        "Back up the current settings first: ./bootstrap/openmetadata-ops.sh get-security-config -o current.yaml",
        "If the new settings lock you out, ./bootstrap/openmetadata-ops.sh remove-security-config --force drops\n\
         them and OpenMetadata falls back to openmetadata.yaml.",
    ];
    if secret_left_out(x) {
        notes.push("The client secret is not in this file: replace REPLACE_WITH_AUTH0_CLIENT_SECRET with the Auth0 Client Secret.");
    }
    notes.push(client_type_note(&Sso::new(x)));
    let mut out = x.header(&notes);
    out.push_str(&to_yaml(&security(x, CLIENT_SECRET_PLACEHOLDER)));
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
pub(super) fn server_env(x: &Export<'_, Options>) -> String {
    let s = Sso::new(x);
    let sec = security(x, SECRET_ENV_REF);
    let mut notes = vec![DB_NOTE];
    let secret = s
        .confidential()
        .then(|| x.shown(x.cfg.client_secret.as_ref()))
        .flatten();
    if s.confidential() && secret.is_none() {
        notes.push("OIDC_CLIENT_SECRET is left out: add OIDC_CLIENT_SECRET=<Auth0 Client Secret> here, or export it in the shell\nthat runs docker compose.");
    }
    notes.push(client_type_note(&s));
    let mut out = x.header(&notes);
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
