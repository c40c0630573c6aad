//! OpenMetadata's configuration keys across releases, as data.
//!
//! Server schema (`authenticationConfiguration`, its `oidcConfiguration`,
//! `authorizerConfiguration`; `additionalProperties: false`): the models that
//! datamodel-codegen generates from open-metadata/OpenMetadata
//! `openmetadata-spec/src/main/resources/json/schema/{configuration/authenticationConfiguration.json,
//! configuration/authorizerConfiguration.json, security/client/oidcClientConfig.json}`
//! into the PyPI releases of `openmetadata-ingestion` (each release is built
//! from the same tag of the repository): 1.2.0.1, 1.3.0.1, 1.4.0.1, 1.5.0.0,
//! 1.6.0.0, 1.7.0.0, 1.8.0.0, 1.9.0.0, 1.10.0.0, 1.11.0.0, 1.12.0.0, 2.0.0.0,
//! 2.0.7.0; cross-checked with read_file on the stored schema
//! (authenticationConfiguration.json, blobs at 4d112df9 and 033237e5).
//! Helm: open-metadata/openmetadata-helm-charts
//! `charts/openmetadata/values.schema.json` at every tag openmetadata-1.1.0
//! to openmetadata-1.13.1 (039a208f). `since` is the lowest release read
//! that has the key (the chart and the schema together); `None`: in 1.2
//! (the oldest read).
//! Ingestion: the same wheels' `metadataIngestion/workflow.py` and
//! `entity/services/connections/metadata/openMetadataConnection.py`.

use crate::version::Version;

/// The kind of value a key takes, for "a string where a list is expected".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    List,
    Bool,
    Object,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub name: &'static str,
    pub since: Option<Version>,
    pub kind: Kind,
}

const fn k(name: &'static str, since: Option<Version>, kind: Kind) -> Key {
    Key { name, since, kind }
}

const fn v(major: u32, minor: u32, patch: u32) -> Option<Version> {
    Some(Version {
        major,
        minor,
        patch: Some(patch),
    })
}

use Kind::{Bool, List, Object, Text};

pub fn find<'a>(keys: &'a [Key], name: &str) -> Option<&'a Key> {
    keys.iter().find(|k| k.name == name)
}

pub const AUTHENTICATION: &[Key] = &[
    k("provider", None, Text),
    k("providerName", None, Text),
    k("publicKeyUrls", None, List),
    k("authority", None, Text),
    k("clientId", None, Text),
    k("callbackUrl", None, Text),
    k("jwtPrincipalClaims", None, List),
    k("enableSelfSignup", None, Bool),
    k("ldapConfiguration", None, Object),
    k("samlConfiguration", None, Object),
    k("responseType", v(1, 3, 0), Text),
    k("clientType", v(1, 3, 2), Text),
    k("oidcConfiguration", v(1, 3, 2), Object),
    k("jwtPrincipalClaimsMapping", v(1, 4, 4), List),
    k("tokenValidationAlgorithm", v(1, 7, 0), Text),
    k("forceSecureSessionCookie", v(1, 11, 0), Bool),
    k("jwtTeamClaimMapping", v(1, 12, 0), Text),
    k("enableAutoRedirect", v(1, 12, 0), Bool),
    k("additionalTrustedRedirectUris", v(2, 0, 0), List),
    k("sessionExpiry", v(2, 0, 0), Text),
    k("maxActiveSessionsPerUser", v(2, 0, 0), Text),
];

pub const OIDC: &[Key] = &[
    k("type", v(1, 3, 2), Text),
    k("id", v(1, 3, 2), Text),
    k("secret", v(1, 3, 2), Text),
    k("scope", v(1, 3, 2), Text),
    k("discoveryUri", v(1, 3, 2), Text),
    k("useNonce", v(1, 3, 2), Text),
    k("preferredJwsAlgorithm", v(1, 3, 2), Text),
    k("responseType", v(1, 3, 2), Text),
    k("disablePkce", v(1, 3, 2), Bool),
    k("maxClockSkew", v(1, 3, 2), Text),
    k("clientAuthenticationMethod", v(1, 3, 2), Text),
    k("customParams", v(1, 3, 2), Object),
    k("tenant", v(1, 3, 2), Text),
    k("serverUrl", v(1, 3, 2), Text),
    k("callbackUrl", v(1, 3, 2), Text),
    k("tokenValidity", v(1, 4, 6), Text),
    k("maxAge", v(1, 6, 12), Text),
    k("prompt", v(1, 6, 13), Text),
    k("sessionExpiry", v(1, 8, 2), Text),
];

pub const AUTHORIZER: &[Key] = &[
    k("className", None, Text),
    k("containerRequestFilter", None, Text),
    k("adminPrincipals", None, List),
    k("botPrincipals", None, List),
    k("testPrincipals", None, List),
    k("allowedEmailRegistrationDomains", None, List),
    k("principalDomain", None, Text),
    k("enforcePrincipalDomain", None, Bool),
    k("enableSecureSocketConnection", None, Bool),
    k("useRolesFromProvider", v(1, 4, 0), Bool),
    k("allowedDomains", v(1, 6, 12), List),
    k("defaultOAuthRole", v(2, 0, 0), Text),
];

pub const HELM_AUTHENTICATION: &[Key] = &[
    k("enabled", v(1, 2, 5), Bool),
    k("clientType", v(1, 3, 2), Text),
    k("provider", None, Text),
    k("publicKeys", None, List),
    k("authority", None, Text),
    k("clientId", None, Text),
    k("callbackUrl", None, Text),
    k("responseType", v(1, 2, 5), Text),
    k("jwtPrincipalClaims", None, List),
    k("jwtPrincipalClaimsMapping", v(1, 4, 4), List),
    k("enableSelfSignup", None, Bool),
    k("oidcConfiguration", v(1, 3, 2), Object),
    k("ldapConfiguration", None, Object),
    k("saml", None, Object),
];

pub const HELM_OIDC: &[Key] = &[
    k("enabled", v(1, 3, 2), Bool),
    k("oidcType", v(1, 3, 2), Text),
    k("clientId", v(1, 3, 2), Object),
    k("clientSecret", v(1, 3, 2), Object),
    k("scope", v(1, 3, 2), Text),
    k("discoveryUri", v(1, 3, 2), Text),
    k("useNonce", v(1, 3, 2), Bool),
    k("preferredJwsAlgorithm", v(1, 3, 2), Text),
    k("responseType", v(1, 3, 2), Text),
    k("promptType", v(1, 6, 13), Text),
    k("disablePkce", v(1, 3, 2), Bool),
    k("callbackUrl", v(1, 3, 2), Text),
    k("serverUrl", v(1, 3, 2), Text),
    k("clientAuthenticationMethod", v(1, 3, 2), Text),
    k("tenant", v(1, 3, 2), Text),
    k("maxClockSkew", v(1, 3, 2), Text),
    k("tokenValidity", v(1, 4, 6), Text),
    k("customParams", v(1, 3, 2), Text),
    k("maxAge", v(1, 6, 12), Text),
    k("sessionExpiry", v(1, 8, 2), Text),
];

pub const HELM_AUTHORIZER: &[Key] = &[
    k("enabled", v(1, 2, 5), Bool),
    k("className", None, Text),
    k("containerRequestFilter", None, Text),
    k("initialAdmins", None, List),
    k("allowedEmailRegistrationDomains", None, List),
    k("principalDomain", None, Text),
    k("allowedDomains", v(1, 6, 12), List),
    k("enforcePrincipalDomain", None, Bool),
    k("enableSecureSocketConnection", None, Bool),
    k("useRolesFromProvider", v(1, 4, 0), Bool),
];

/// openmetadata.yaml names the chart spells differently.
pub const HELM_NAMES: [(&str, &str); 7] = [
    ("publicKeyUrls", "publicKeys"),
    ("adminPrincipals", "initialAdmins"),
    ("samlConfiguration", "saml"),
    ("type", "oidcType"),
    ("prompt", "promptType"),
    ("id", "clientId"),
    ("secret", "clientSecret"),
];

/// `authProvider` values of the ingestion connection (and `provider` of the
/// server schema); `no-auth` only until 1.2.
pub const PROVIDERS: [&str; 10] = [
    "basic", "azure", "google", "okta", "auth0", "aws-cognito", "custom-oidc", "ldap", "saml", "openmetadata",
];

/// The chart's `provider` enum (values.schema.json, 1.13.1).
pub const HELM_PROVIDERS: [&str; 9] = [
    "basic", "azure", "auth0", "custom-oidc", "google", "okta", "aws-cognito", "ldap", "saml",
];

/// `workflowConfig` keys.
pub const WORKFLOW_CONFIG: &[Key] = &[
    k("loggerLevel", None, Text),
    k("openMetadataServerConfig", None, Object),
    k("config", None, Object),
    k("successThreshold", v(1, 7, 0), Text),
    k("raiseOnError", v(1, 9, 0), Bool),
];

/// `OpenMetadataConnection`: `workflowConfig.openMetadataServerConfig`.
pub const SERVER_CONNECTION: &[Key] = &[
    k("clusterName", None, Text), k("type", None, Text), k("hostPort", None, Text),
    k("authProvider", None, Text), k("verifySSL", None, Text), k("sslConfig", None, Object),
    k("securityConfig", None, Object), k("secretsManagerProvider", None, Text),
    k("secretsManagerLoader", None, Text), k("apiVersion", None, Text), k("includeTopics", None, Bool),
    k("includeTables", None, Bool), k("includeDashboards", None, Bool), k("includePipelines", None, Bool),
    k("includeMlModels", None, Bool), k("includeUsers", None, Bool), k("includeTeams", None, Bool),
    k("includeGlossaryTerms", None, Bool), k("includeTags", None, Bool), k("includePolicy", None, Bool),
    k("includeMessagingServices", None, Bool), k("enableVersionValidation", None, Bool),
    k("includeDatabaseServices", None, Bool), k("includePipelineServices", None, Bool),
    k("limitRecords", None, Text), k("forceEntityOverwriting", None, Bool),
    k("storeServiceConnection", None, Bool), k("elasticsSearch", None, Object),
    k("supportsDataInsightExtraction", None, Bool), k("supportsElasticSearchReindexingExtraction", None, Bool),
    k("extraHeaders", None, Object), k("schemaFilterPattern", v(1, 7, 0), Object),
    k("tableFilterPattern", v(1, 7, 0), Object), k("databaseFilterPattern", v(1, 7, 0), Object),
];

/// `securityConfig` from 1.3 on (`OpenMetadataJWTClientConfig`).
pub const JWT_SECURITY: &[Key] = &[k("jwtToken", None, Text)];
/// `securityConfig` for auth0 until 1.2 (`Auth0SSOClientConfig`).
pub const AUTH0_SECURITY: &[Key] = &[k("clientId", None, Text), k("secretKey", None, Text), k("domain", None, Text)];

/// Where ingestion moved to the bot JWT (targets.md §4.2).
pub const JWT_INGESTION_SINCE: Version = Version::new(1, 3);
/// Where SSO settings moved into the database (reference C18).
pub const DB_CONFIG_SINCE: Version = Version::new(1, 9);
