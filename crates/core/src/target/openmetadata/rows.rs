//! Each server SSO setting and how every file spells it: the key in
//! openmetadata.yaml (and the security config), the Helm chart's key and
//! default (values.yaml, chart 1.13.1, 039a208f), and the environment
//! variable with openmetadata.yaml's default (conf/openmetadata.yaml, stored
//! copy 00cad3d4, and targets.md §4.1 for the OIDC_* variables).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Authentication,
    Oidc,
    Authorizer,
}

#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// The model's name: `authority`, `oidc.callbackUrl`, `authz.adminPrincipals`.
    pub key: &'static str,
    pub section: Section,
    /// The key in openmetadata.yaml; `None`: Helm only.
    pub yaml: Option<&'static str>,
    /// The key in the chart, and its default there.
    pub helm: Option<(&'static str, &'static str)>,
    /// The environment variable, and openmetadata.yaml's default for it.
    pub env: Option<(&'static str, &'static str)>,
    /// Its value is a list (written `[a, b]` in an environment variable).
    pub list: bool,
}

use Section::{Authentication as A, Authorizer as Z, Oidc as O};

const fn row(
    key: &'static str,
    section: Section,
    yaml: Option<&'static str>,
    helm: Option<(&'static str, &'static str)>,
    env: Option<(&'static str, &'static str)>,
    list: bool,
) -> Row {
    Row { key, section, yaml, helm, env, list }
}

pub const ROWS: &[Row] = &[
    row("provider", A, Some("provider"), Some(("provider", "basic")), Some(("AUTHENTICATION_PROVIDER", "basic")), false),
    row("providerName", A, Some("providerName"), None, Some(("CUSTOM_OIDC_AUTHENTICATION_PROVIDER_NAME", "\"\"")), false),
    row("clientType", A, Some("clientType"), Some(("clientType", "public")), Some(("AUTHENTICATION_CLIENT_TYPE", "public")), false),
    row("responseType", A, Some("responseType"), Some(("responseType", "id_token")), Some(("AUTHENTICATION_RESPONSE_TYPE", "id_token")), false),
    row("publicKeyUrls", A, Some("publicKeyUrls"), Some(("publicKeys", "[http://openmetadata:8585/api/v1/system/config/jwks]")), Some(("AUTHENTICATION_PUBLIC_KEYS", "[http://localhost:8585/api/v1/system/config/jwks]")), true),
    row("authority", A, Some("authority"), Some(("authority", "https://accounts.google.com")), Some(("AUTHENTICATION_AUTHORITY", "https://accounts.google.com")), false),
    row("clientId", A, Some("clientId"), Some(("clientId", "\"\"")), Some(("AUTHENTICATION_CLIENT_ID", "\"\"")), false),
    row("callbackUrl", A, Some("callbackUrl"), Some(("callbackUrl", "\"\"")), Some(("AUTHENTICATION_CALLBACK_URL", "\"\"")), false),
    row("jwtPrincipalClaims", A, Some("jwtPrincipalClaims"), Some(("jwtPrincipalClaims", "[email, preferred_username, sub]")), Some(("AUTHENTICATION_JWT_PRINCIPAL_CLAIMS", "[email,preferred_username,sub]")), true),
    row("jwtPrincipalClaimsMapping", A, Some("jwtPrincipalClaimsMapping"), Some(("jwtPrincipalClaimsMapping", "[]")), Some(("AUTHENTICATION_JWT_PRINCIPAL_CLAIMS_MAPPING", "[]")), true),
    row("enableSelfSignup", A, Some("enableSelfSignup"), Some(("enableSelfSignup", "true")), Some(("AUTHENTICATION_ENABLE_SELF_SIGNUP", "true")), false),
    row("oidc.enabled", O, None, Some(("enabled", "false")), None, false),
    row("oidc.type", O, Some("type"), Some(("oidcType", "\"\"")), Some(("OIDC_TYPE", "\"\"")), false),
    row("oidc.id", O, Some("id"), Some(("clientId", "")), Some(("OIDC_CLIENT_ID", "\"\"")), false),
    row("oidc.secret", O, Some("secret"), Some(("clientSecret", "")), Some(("OIDC_CLIENT_SECRET", "\"\"")), false),
    row("oidc.scope", O, Some("scope"), Some(("scope", "openid email profile")), Some(("OIDC_SCOPE", "openid email profile")), false),
    row("oidc.discoveryUri", O, Some("discoveryUri"), Some(("discoveryUri", "\"\"")), Some(("OIDC_DISCOVERY_URI", "\"\"")), false),
    row("oidc.callbackUrl", O, Some("callbackUrl"), Some(("callbackUrl", "http://openmetadata:8585/callback")), Some(("OIDC_CALLBACK", "http://localhost:8585/callback")), false),
    row("oidc.serverUrl", O, Some("serverUrl"), Some(("serverUrl", "http://openmetadata:8585")), Some(("OIDC_SERVER_URL", "http://localhost:8585")), false),
    row("oidc.clientAuthenticationMethod", O, Some("clientAuthenticationMethod"), Some(("clientAuthenticationMethod", "client_secret_post")), Some(("OIDC_CLIENT_AUTH_METHOD", "client_secret_post")), false),
    row("oidc.tenant", O, Some("tenant"), Some(("tenant", "\"\"")), Some(("OIDC_TENANT", "\"\"")), false),
    row("authz.className", Z, Some("className"), Some(("className", "org.openmetadata.service.security.DefaultAuthorizer")), Some(("AUTHORIZER_CLASS_NAME", "org.openmetadata.service.security.DefaultAuthorizer")), false),
    row("authz.containerRequestFilter", Z, Some("containerRequestFilter"), Some(("containerRequestFilter", "org.openmetadata.service.security.JwtFilter")), Some(("AUTHORIZER_REQUEST_FILTER", "org.openmetadata.service.security.JwtFilter")), false),
    row("authz.adminPrincipals", Z, Some("adminPrincipals"), Some(("initialAdmins", "[admin]")), Some(("AUTHORIZER_ADMIN_PRINCIPALS", "[admin]")), true),
    row("authz.principalDomain", Z, Some("principalDomain"), Some(("principalDomain", "open-metadata.org")), Some(("AUTHORIZER_PRINCIPAL_DOMAIN", "\"openmetadata.org\"")), false),
    row("authz.enforcePrincipalDomain", Z, Some("enforcePrincipalDomain"), Some(("enforcePrincipalDomain", "false")), Some(("AUTHORIZER_ENFORCE_PRINCIPAL_DOMAIN", "false")), false),
    row("authz.enableSecureSocketConnection", Z, Some("enableSecureSocketConnection"), Some(("enableSecureSocketConnection", "false")), Some(("AUTHORIZER_ENABLE_SECURE_SOCKET", "false")), false),
];

/// Every variable openmetadata.yaml reads the SSO settings from (for "did
/// you mean" in env files), with those the rows do not carry.
pub fn env_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = ROWS.iter().filter_map(|r| r.env.map(|e| e.0)).collect();
    names.extend([
        "OIDC_USE_NONCE", "OIDC_PREFERRED_JWS", "OIDC_RESPONSE_TYPE", "OIDC_DISABLE_PKCE",
        "OIDC_MAX_CLOCK_SKEW", "OIDC_CUSTOM_PARAMS", "OIDC_MAX_AGE", "OIDC_PROMPT_TYPE",
        "OIDC_SESSION_EXPIRY", "OIDC_OM_REFRESH_TOKEN_VALIDITY", "AUTHORIZER_ALLOWED_REGISTRATION_DOMAIN",
        "AUTHORIZER_ALLOWED_DOMAINS", "AUTHORIZER_USE_ROLES_FROM_PROVIDER", "AUTHENTICATION_LDAP_HOST",
        "AUTHENTICATION_LDAP_PORT", "AUTHENTICATION_LOOKUP_ADMIN_DN", "AUTHENTICATION_LOOKUP_ADMIN_PWD",
        "AUTHENTICATION_USER_LOOKUP_BASEDN", "AUTHENTICATION_USER_MAIL_ATTR", "AUTHENTICATION_LDAP_POOL_SIZE",
        "AUTHENTICATION_LDAP_SSL_ENABLED", "AUTHENTICATION_LDAP_TRUSTSTORE_TYPE", "AUTHENTICATION_LDAP_TRUSTSTORE_PATH",
        "AUTHENTICATION_LDAP_KEYSTORE_PASSWORD", "AUTHENTICATION_LDAP_SSL_KEY_FORMAT",
        "AUTHENTICATION_LDAP_SSL_VERIFY_CERT_HOST", "AUTHENTICATION_LDAP_EXAMINE_VALIDITY_DATES",
        "AUTHENTICATION_LDAP_ALLOW_WILDCARDS", "AUTHENTICATION_LDAP_ALLOWED_HOSTNAMES",
        "AUTHENTICATION_GROUP_LOOKUP_BASEDN", "AUTHENTICATION_USER_ALL_ATTR", "AUTHENTICATION_USER_GROUP_ATTR",
        "AUTHENTICATION_USER_GROUP_ATTR_VALUE", "AUTHENTICATION_USER_GROUP_MEMBER_ATTR",
        "AUTHENTICATION_USER_NAME_ATTR", "AUTHENTICATION_USER_ROLE_ADMIN_NAME",
    ]);
    names
}
