//! OpenMetadata's Helm chart values (targets.md §4.1): the chart paths
//! `openmetadata.config.authentication` and `.authorizer`.

use super::server::{client_type_note, security, Sso, DB_NOTE, SECRET_ENV_REF};
use super::Options;
use crate::export::{to_yaml, Export};
use serde::Serialize;

/// The Kubernetes Secret and keys the Helm chart reads the OIDC client from (§4.1).
pub const HELM_SECRET_NAME: &str = "oidc-secrets";
pub const HELM_CLIENT_ID_KEY: &str = "openmetadata-oidc-client-id";
pub const HELM_CLIENT_SECRET_KEY: &str = "openmetadata-oidc-client-secret";

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
pub(super) fn helm_values(x: &Export<'_, Options>) -> String {
    let s = Sso::new(x);
    let sec = security(x, SECRET_ENV_REF);
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
    let mut out = x.header(&notes);
    out.push_str(&to_yaml(&values));
    out
}
