//! OpenMetadata (targets.md §4): server SSO settings in four shapes, and the
//! ingestion `workflowConfig`.

mod helm;
mod import;
mod import_ingestion;
mod ingestion;
pub mod keys;
mod lint;
mod lint_client;
mod lint_ingestion;
mod lint_keys;
mod lint_server;
mod read;
mod rows;
mod probe;
mod server;

pub use helm::{HELM_CLIENT_ID_KEY, HELM_CLIENT_SECRET_KEY, HELM_SECRET_NAME};
pub use ingestion::{BOT_JWT_PLACEHOLDER, M2M_CLIENT_ID_PLACEHOLDER, M2M_SECRET_PLACEHOLDER};
pub use server::SECRET_ENV_REF;

use super::{
    format_infos, ExtraField, Extras, MinLength, Rules, SecretUnused, Syntax, Target, TargetId,
    TargetInfo, VersionInfo,
};
use super::Doctor;
use crate::export::Format;
use crate::model::Release;
use crate::requirements::{AppShape, AppType, M2mRequirement, Needs, RequirementsInput};
use crate::secret::Secret;
use crate::version::{Version, VersionRange};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub struct Openmetadata;

/// OpenMetadata's `clientType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(rename = "OmClientType")]
pub enum ClientType {
    /// Single-page app in the browser (Auth0 "Single Page Application", no secret).
    Public,
    /// Server-side code flow with a secret (Auth0 "Regular Web Application").
    Confidential,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub client_type: ClientType,
    pub admin_principals: Vec<String>,
    pub principal_domain: String,
    /// The ingestion-bot JWT (1.3 and later).
    pub bot_jwt: Option<Secret>,
    /// M2M application for ingestion (1.2 and earlier).
    pub m2m_client_id: Option<String>,
    pub m2m_client_secret: Option<Secret>,
}

/// Where ingestion moved from Auth0 client credentials to the bot JWT (§4.2).
const BOT_JWT_SINCE: Version = Version::new(1, 3);

impl Target for Openmetadata {
    type Options = Options;

    const FORMATS: &'static [Format<Options>] = &[
        Format::new("server-yaml", "openmetadata.yaml", "openmetadata-auth0.yaml", Syntax::Yaml, "merge into conf/openmetadata.yaml, then restart the server", server::server_yaml),
        Format::new("server-env", "Docker environment", "openmetadata-auth0.env", Syntax::Env, "docker compose --env-file openmetadata-auth0.env up -d", server::server_env),
        Format::new("helm-values", "Helm values", "openmetadata-auth0-values.yaml", Syntax::Yaml, "helm upgrade openmetadata open-metadata/openmetadata --reuse-values -f openmetadata-auth0-values.yaml", helm::helm_values),
        Format::new("security-config", "Security config", "security-config.yaml", Syntax::Yaml, "./bootstrap/openmetadata-ops.sh update-security-config -f security-config.yaml", server::security_config),
        Format::new("ingestion-yaml", "Ingestion workflowConfig", "ingestion-auth0.yaml", Syntax::Yaml, "metadata ingest -c ingestion-auth0.yaml (after adding your source)", ingestion::ingestion_yaml),
    ];

    fn info() -> TargetInfo {
        TargetInfo {
            id: TargetId::Openmetadata,
            name: "OpenMetadata",
            product: "OpenMetadata",
            summary: "Server SSO settings (openmetadata.yaml, Docker env, Helm values or a security config for openmetadata-ops.sh) and the ingestion workflowConfig.",
            url_label: "OpenMetadata server URL",
            url_help: "The URL users open OpenMetadata on, e.g. https://openmetadata.example.com.",
            url_placeholder: "https://openmetadata.example.com",
            versions: vec![
                VersionInfo::new("1.3+", "1.3 and later", Release::Current, VersionRange::new(Some(BOT_JWT_SINCE), None)).default(),
                VersionInfo::new("<=1.2", "1.2 and earlier", Release::Legacy, VersionRange::new(None, Some(BOT_JWT_SINCE))),
            ],
            formats: format_infos(Self::FORMATS),
            extras: extras(),
            uses_connector: false,
        }
    }

    fn rules() -> Rules {
        Rules {
            callback_path: "/callback",
            min_client_id: Some(MinLength {
                chars: 10,
                code: "client_id.too_short_for_openmetadata",
            }),
            min_client_secret: Some(MinLength {
                chars: 20,
                code: "client_secret.too_short_for_openmetadata",
            }),
            ..Rules::default()
        }
    }

    fn options(x: &mut Extras<'_>) -> Options {
        let client_type = client_type(x);
        let admin_principals = admin_principals(x);
        let principal_domain = principal_domain(x);
        let bot_jwt = (x.release() == Release::Current)
            .then(|| bot_jwt(x))
            .flatten();
        let (m2m_client_id, m2m_client_secret) = if x.release() == Release::Legacy {
            x.pair(
                ("m2mClientId", "m2mClientSecret"),
                "extras.m2m.incomplete",
                (
                    "M2M",
                    "ingestion needs both.",
                    "Copy both from the Machine to Machine application's Settings tab.",
                ),
            )
        } else {
            (None, None)
        };
        Options {
            client_type,
            admin_principals,
            principal_domain,
            bot_jwt,
            m2m_client_id,
            m2m_client_secret,
        }
    }

    /// A public client runs in the browser and has no secret.
    fn secret_unused(o: &Options) -> Option<SecretUnused> {
        (o.client_type == ClientType::Public).then_some(SecretUnused {
            message: "A public OpenMetadata client does not use a client secret; it is left out of the exports.",
            fix: "Switch the client type to confidential if your Auth0 app is a Regular Web Application.",
        })
    }

    fn needs(input: &RequirementsInput, o: &Options) -> Needs {
        let base = input.base();
        let mut needs = Needs::app(match o.client_type {
            ClientType::Public => AppShape {
                app_type: AppType::Spa,
                logout_urls: vec![base.to_owned()],
                login_uri: Some(base.to_owned()),
                grant_types: ["authorization_code", "implicit", "refresh_token"]
                    .map(String::from)
                    .to_vec(),
                auth_method: "none",
                web_origins: vec![base.to_owned()],
                ..AppShape::regular_web(input.callback())
            },
            ClientType::Confidential => AppShape {
                logout_urls: vec![base.to_owned()],
                login_uri: Some(base.to_owned()),
                ..AppShape::regular_web(input.callback())
            },
        });
        if input.release == Release::Legacy {
            needs.m2m.push(M2mRequirement::management_api(
                input,
                "Ingestion (OpenMetadata 1.2 and earlier authenticates ingestion with client credentials)",
                &[],
            )
            .filling("m2mClientId", "m2mClientSecret"));
        } else {
            needs.notes.push("Ingestion in OpenMetadata 1.3 and later uses the ingestion-bot JWT from OpenMetadata, not Auth0.".to_owned());
        }
        if o.client_type == ClientType::Confidential {
            needs.notes.push("OpenMetadata's \"Test configuration\" checks a confidential client with a client-credentials request for the Management API; unless the app is authorized for it, that test reports a false \"not authorized\" although logins work.".to_owned());
        }
        needs
    }

    /// Reference B: the file as it is, and what the running system uses.
    const DOCTOR: Doctor = Doctor {
        import: import::import,
        lint: lint::lint,
        probe_plan: probe::plan,
    };
}

fn extras() -> Vec<ExtraField> {
    vec![
        ExtraField::choice("clientType", "Client type", "confidential: server-side code flow with the secret (Auth0 Regular Web Application). public: browser flow, no secret (Auth0 Single Page Application).", &["confidential", "public"])
            .flag("--client-type", "TYPE")
            .for_requirements(),
        ExtraField::text("adminPrincipals", "Admin principals", "Comma-separated user names (the part of the e-mail before @) that become admins.", "admin")
            .flag("--admin-principals", "NAMES"),
        ExtraField::text("principalDomain", "Principal domain", "The e-mail domain of your users, e.g. example.com.", "open-metadata.org")
            .flag("--principal-domain", "DOMAIN"),
        ExtraField::secret("botJwt", "Ingestion bot JWT", "The ingestion-bot token from Settings > Bots in OpenMetadata (for the ingestion export).")
            .flag("--bot-jwt-env", "VAR")
            .only(Release::Current),
        ExtraField::text("m2mClientId", "M2M client ID", "Client ID of the Machine to Machine application that ingestion uses (authorized for the Management API).", "")
            .flag("--m2m-client-id", "ID")
            .only(Release::Legacy),
        ExtraField::secret("m2mClientSecret", "M2M client secret", "Client secret of that Machine to Machine application.")
            .flag("--m2m-secret-env", "VAR")
            .only(Release::Legacy),
    ]
}

fn client_type(x: &mut Extras<'_>) -> ClientType {
    match x.text("clientType") {
        "" | "confidential" => ClientType::Confidential,
        "public" => ClientType::Public,
        other => {
            x.error(
                "clientType",
                "extras.client_type.invalid",
                format!("{other:?} is not an OpenMetadata client type."),
                "Choose confidential or public.",
            );
            ClientType::Confidential
        }
    }
}

fn admin_principals(x: &mut Extras<'_>) -> Vec<String> {
    let principals: Vec<String> = match x.text("adminPrincipals") {
        "" => vec!["admin".to_owned()],
        s => s
            .split(',')
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect(),
    };
    if principals.is_empty() {
        x.error(
            "adminPrincipals",
            "extras.admin_principals.empty",
            "No admin principal was given.",
            "Enter at least one user name, e.g. admin.",
        );
    }
    principals
}

fn principal_domain(x: &mut Extras<'_>) -> String {
    let domain = match x.text("principalDomain") {
        "" => "open-metadata.org".to_owned(),
        d => d.trim_start_matches('@').to_ascii_lowercase(),
    };
    if !domain.contains('.') || domain.contains(['/', ':', ' ']) {
        x.error(
            "principalDomain",
            "extras.principal_domain.invalid",
            format!("{domain:?} is not an e-mail domain."),
            "Enter the part of your users' e-mail after the @, e.g. example.com.",
        );
    }
    domain
}

fn bot_jwt(x: &mut Extras<'_>) -> Option<Secret> {
    let jwt = x.secret("botJwt")?;
    if jwt.expose().split('.').count() != 3 {
        x.warn(
            "botJwt",
            "extras.bot_jwt.format",
            "The ingestion bot token does not look like a JWT (three parts separated by dots).",
            "Copy the token from Settings > Bots > ingestion-bot in OpenMetadata.",
        );
    }
    Some(jwt)
}
