//! What to set in the Auth0 dashboard for a target, derived from the inputs.

use crate::model::{Config, Domain, OmClientType, RawSettings, Release, TargetId};
use crate::secret::Secret;
use crate::validate::{build_with, validate, Report, Severity};
use serde::Serialize;
use ts_rs::TS;

/// The loopback port the login test listens on unless told otherwise.
/// Auth0 has no wildcard ports, so this exact URL must be an allowed callback.
pub const DEFAULT_LOGIN_PORT: u16 = 8400;

/// What `requirements` needs: less than a full [`Config`], so the wizard can
/// show the Auth0 settings before the user has any credentials.
#[derive(Debug, Clone)]
pub struct RequirementsInput {
    pub target: TargetId,
    pub release: Release,
    /// The system's public URL without a trailing slash.
    pub public_base: String,
    pub domain: Option<Domain>,
    pub groups_claim: Option<String>,
    pub om_client_type: OmClientType,
    /// Port of the wizard's login test callback; `None` leaves it out.
    pub login_test_port: Option<u16>,
}

impl RequirementsInput {
    pub fn from_config(cfg: &Config, login_test_port: Option<u16>) -> Self {
        let om_client_type = match &cfg.options {
            crate::TargetOptions::Openmetadata { client_type, .. } => *client_type,
            _ => OmClientType::Confidential,
        };
        RequirementsInput {
            target: cfg.target,
            release: cfg.release,
            public_base: cfg.public_base(),
            domain: Some(cfg.domain.clone()),
            groups_claim: cfg.groups_claim.clone(),
            om_client_type,
            login_test_port,
        }
    }
}

/// What to do with the domain when [`input_from_raw`] reads raw settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DomainUse {
    /// A domain that was typed must be valid (the CLI: the user asked for it).
    Strict,
    /// Use the domain when it is valid, ignore it otherwise (the wizard: the
    /// user may still be typing it).
    IfValid,
}

/// The fields `requirements` reads; problems elsewhere do not concern it.
const REQUIREMENT_FIELDS: [&str; 5] = [
    "target",
    "version",
    "publicUrl",
    "groupsClaim",
    "extras.clientType",
];

/// The [`RequirementsInput`] for raw settings, with the problems of the fields
/// it reads (warnings included), or those problems when any is an error.
///
/// Only the target, version, public URL, groups claim, OpenMetadata client type
/// and (optionally) the domain are read: the requirements are wanted before the
/// user has any credentials. They are normalized exactly as the exports will
/// normalize them, by going through [`build_with`] with stand-ins for the rest.
pub fn input_from_raw(
    raw: &RawSettings,
    login_test_port: Option<u16>,
    domain_use: DomainUse,
) -> Result<(RequirementsInput, Report), Report> {
    let full = validate(raw);
    let domain_typed = !raw.domain.trim().is_empty();
    let domain_bad = full
        .for_field("domain")
        .any(|i| i.severity == Severity::Error);
    let use_domain = domain_typed && (domain_use == DomainUse::Strict || !domain_bad);
    let report = Report {
        issues: full
            .issues
            .into_iter()
            .filter(|i| {
                REQUIREMENT_FIELDS.contains(&i.field.as_str())
                    || (use_domain && i.field == "domain")
            })
            .collect(),
    };
    if report.has_errors() {
        return Err(report);
    }
    let stand_in = RawSettings {
        target: raw.target.clone(),
        version: raw.version.clone(),
        public_url: raw.public_url.clone(),
        groups_claim: raw.groups_claim.clone(),
        domain: if use_domain {
            raw.domain.clone()
        } else {
            "stand-in.auth0.com".to_owned()
        },
        client_id: "RequirementsStandInClientId00000".to_owned(),
        extras: raw
            .extras
            .iter()
            .filter(|(k, _)| *k == "clientType")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        ..RawSettings::default()
    };
    // The stand-ins are valid, so only the fields checked above can fail here.
    let cfg = build_with(&stand_in, &mut |_| Secret::default())?;
    let mut input = RequirementsInput::from_config(&cfg, login_test_port);
    if !use_domain {
        input.domain = None;
    }
    Ok((input, report))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AppType {
    RegularWeb,
    Spa,
    Native,
    NonInteractive,
}

impl AppType {
    pub fn label(&self) -> &'static str {
        match self {
            AppType::RegularWeb => "Regular Web Application",
            AppType::Spa => "Single Page Application",
            AppType::Native => "Native",
            AppType::NonInteractive => "Machine to Machine Application",
        }
    }
}

/// The settings of the application users log in through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AppRequirements {
    pub app_type: AppType,
    pub app_type_label: String,
    /// Allowed Callback URLs (exact, case-sensitive).
    pub callbacks: Vec<String>,
    /// Allowed Logout URLs.
    pub logout_urls: Vec<String>,
    /// Allowed Web Origins (SPA only).
    pub web_origins: Vec<String>,
    /// Application Login URI: https only, else `None` (leave it empty).
    pub login_uri: Option<String>,
    /// Advanced Settings > Grant Types, as the Management API names them.
    pub grant_types: Vec<String>,
    /// `none`, `client_secret_post` or `client_secret_basic`.
    pub token_endpoint_auth_method: String,
    /// Advanced Settings > OAuth > JSON Web Token Signature Algorithm.
    pub jwt_alg: String,
    pub oidc_conformant: bool,
}

/// A Machine to Machine application the target needs besides the login app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct M2mRequirement {
    pub purpose: String,
    /// The API to authorize it for (its identifier / audience).
    pub api: String,
    pub audience: String,
    pub scopes: Vec<String>,
    pub grant_types: Vec<String>,
}

/// The post-login Action that puts the user's roles into a namespaced claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ActionRequirement {
    pub claim: String,
    pub name: String,
    pub code: String,
}

/// One line of the dashboard checklist: where to go, what to set, the value to copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChecklistItem {
    pub id: String,
    /// Where in the dashboard, e.g. `Applications > (your app) > Settings > Application URIs`.
    pub location: String,
    /// The setting's label as the dashboard shows it.
    pub setting: String,
    /// The value to copy (empty: leave the setting empty).
    pub value: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Requirements {
    pub target: TargetId,
    pub application: AppRequirements,
    pub m2m: Vec<M2mRequirement>,
    pub action: Option<ActionRequirement>,
    /// The loopback callback the login test needs (also in `application.callbacks`).
    pub login_test_callback: Option<String>,
    /// The Auth0 dashboard page for the tenant, or the dashboard's start page.
    pub dashboard_url: String,
    pub notes: Vec<String>,
    /// Everything above as a flat checklist for the UI and the CLI.
    pub checklist: Vec<ChecklistItem>,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// The Auth0 dashboard URL for a tenant domain (`TENANT.REGION.auth0.com` or
/// `TENANT.auth0.com`), or the dashboard's start page for a custom domain.
pub fn dashboard_url(domain: Option<&Domain>) -> String {
    let host = domain.map(|d| d.host.as_str()).unwrap_or("");
    match host
        .strip_suffix(".auth0.com")
        .map(|t| t.split('.').collect::<Vec<_>>())
        .as_deref()
    {
        Some([tenant]) => format!("https://manage.auth0.com/dashboard/us/{tenant}/applications"),
        Some([tenant, region]) => {
            format!("https://manage.auth0.com/dashboard/{region}/{tenant}/applications")
        }
        _ => "https://manage.auth0.com/".to_owned(),
    }
}

/// The post-login Action code for `claim`. The claim is written as a JSON
/// string literal, so any character in it stays inside the string.
pub fn action_code(claim: &str) -> String {
    let literal = serde_json::to_string(claim).expect("a string always serializes");
    format!(
        "exports.onExecutePostLogin = async (event, api) => {{\n  const claim = {literal};\n  if (event.authorization) {{\n    api.idToken.setCustomClaim(claim, event.authorization.roles);\n    api.accessToken.setCustomClaim(claim, event.authorization.roles);\n  }}\n}};\n"
    )
}

/// Exactly what to set in Auth0 for `input`.
pub fn requirements(input: &RequirementsInput) -> Requirements {
    let base = input.public_base.trim_end_matches('/');
    let https = base.starts_with("https://");
    let mgmt_audience = match &input.domain {
        Some(d) => format!("{}/api/v2/", d.base_url()),
        None => "https://YOUR_TENANT.auth0.com/api/v2/".to_owned(),
    };
    let mut notes = Vec::new();
    let mut m2m = Vec::new();
    let web_code_flow = || strings(&["authorization_code", "refresh_token"]);

    let (app_type, callback, logout, login_uri, grant_types, auth_method, web_origins) = match input
        .target
    {
        TargetId::Pachyderm => (
            AppType::RegularWeb,
            format!("{base}/dex/callback"),
            vec![],
            Some(base.to_owned()),
            web_code_flow(),
            "client_secret_post",
            vec![],
        ),
        TargetId::Pachyderm1x => {
            notes.push("Pachyderm 1.x's guide also ticks Implicit and Client Credentials; the login needs only Authorization Code (and Refresh Token).".to_owned());
            (
                AppType::RegularWeb,
                format!("{base}/authorization-code/callback"),
                vec![],
                None,
                web_code_flow(),
                "client_secret_post",
                vec![],
            )
        }
        TargetId::Pomerium => {
            notes.push("Pomerium's own guide says Native; a Regular Web Application is the right type when Pomerium uses the client secret (Native apps have no secret).".to_owned());
            if input.release == Release::Legacy {
                m2m.push(M2mRequirement {
                    purpose: "Directory sync (idp_service_account) in Pomerium before 0.20"
                        .to_owned(),
                    api: "Auth0 Management API".to_owned(),
                    audience: mgmt_audience.clone(),
                    scopes: strings(&["read:roles", "read:role_members", "read:users"]),
                    grant_types: strings(&["client_credentials"]),
                });
            }
            (
                AppType::RegularWeb,
                format!("{base}/oauth2/callback"),
                vec![format!("{base}/.pomerium/signed_out")],
                Some(base.to_owned()),
                web_code_flow(),
                "client_secret_post",
                vec![],
            )
        }
        TargetId::Openmetadata => {
            if input.release == Release::Legacy {
                m2m.push(M2mRequirement {
                    purpose: "Ingestion (OpenMetadata 1.2 and earlier authenticates ingestion with client credentials)".to_owned(),
                    api: "Auth0 Management API".to_owned(),
                    audience: mgmt_audience.clone(),
                    scopes: vec![],
                    grant_types: strings(&["client_credentials"]),
                });
            } else {
                notes.push("Ingestion in OpenMetadata 1.3 and later uses the ingestion-bot JWT from OpenMetadata, not Auth0.".to_owned());
            }
            match input.om_client_type {
                OmClientType::Public => (
                    AppType::Spa,
                    format!("{base}/callback"),
                    vec![base.to_owned()],
                    Some(base.to_owned()),
                    strings(&["authorization_code", "implicit", "refresh_token"]),
                    "none",
                    vec![base.to_owned()],
                ),
                OmClientType::Confidential => {
                    notes.push("OpenMetadata's \"Test configuration\" checks a confidential client with a client-credentials request for the Management API; unless the app is authorized for it, that test reports a false \"not authorized\" although logins work.".to_owned());
                    (
                        AppType::RegularWeb,
                        format!("{base}/callback"),
                        vec![base.to_owned()],
                        Some(base.to_owned()),
                        web_code_flow(),
                        "client_secret_post",
                        vec![],
                    )
                }
            }
        }
        TargetId::Dex => (
            AppType::RegularWeb,
            format!("{base}/callback"),
            vec![],
            None,
            web_code_flow(),
            "client_secret_post",
            vec![],
        ),
    };
    let login_uri = login_uri.filter(|_| https);
    if !https {
        notes.push("Leave Application Login URI empty: Auth0 accepts only https there.".to_owned());
    }

    let login_test_callback = input
        .login_test_port
        .map(|p| format!("http://127.0.0.1:{p}/callback"));
    let mut callbacks = vec![callback];
    callbacks.extend(login_test_callback.clone());

    let action = input.groups_claim.as_ref().map(|claim| ActionRequirement {
        claim: claim.clone(),
        name: "Add roles to tokens".to_owned(),
        code: action_code(claim),
    });

    let application = AppRequirements {
        app_type_label: app_type.label().to_owned(),
        app_type,
        callbacks,
        logout_urls: logout,
        web_origins,
        login_uri,
        grant_types,
        token_endpoint_auth_method: auth_method.to_owned(),
        jwt_alg: "RS256".to_owned(),
        oidc_conformant: true,
    };
    let checklist = checklist(
        &application,
        &m2m,
        action.as_ref(),
        login_test_callback.as_deref(),
    );
    Requirements {
        target: input.target,
        application,
        m2m,
        action,
        login_test_callback,
        dashboard_url: dashboard_url(input.domain.as_ref()),
        notes,
        checklist,
    }
}

fn checklist(
    app: &AppRequirements,
    m2m: &[M2mRequirement],
    action: Option<&ActionRequirement>,
    test_cb: Option<&str>,
) -> Vec<ChecklistItem> {
    const SETTINGS: &str = "Applications > Applications > (your app) > Settings";
    let item = |id: &str, location: &str, setting: &str, value: String, note: &str| ChecklistItem {
        id: id.to_owned(),
        location: location.to_owned(),
        setting: setting.to_owned(),
        value,
        note: note.to_owned(),
    };
    let mut out = vec![
        item(
            "app_type",
            "Applications > Applications > Create Application",
            "Application type",
            app.app_type_label.clone(),
            "Choose it when you create the application.",
        ),
        item(
            "callbacks",
            &format!("{SETTINGS} > Application URIs"),
            "Allowed Callback URLs",
            app.callbacks.join(", "),
            if test_cb.is_some() {
                "Exact and case-sensitive. The 127.0.0.1 URL is only for this wizard's login test; remove it afterwards if you like."
            } else {
                "Exact and case-sensitive."
            },
        ),
        item(
            "logout_urls",
            &format!("{SETTINGS} > Application URIs"),
            "Allowed Logout URLs",
            app.logout_urls.join(", "),
            if app.logout_urls.is_empty() {
                "Not needed for this target."
            } else {
                ""
            },
        ),
        item(
            "login_uri",
            &format!("{SETTINGS} > Application URIs"),
            "Application Login URI",
            app.login_uri.clone().unwrap_or_default(),
            if app.login_uri.is_none() {
                "Leave it empty."
            } else {
                "Optional; must be https."
            },
        ),
    ];
    if !app.web_origins.is_empty() {
        out.push(item(
            "web_origins",
            &format!("{SETTINGS} > Application URIs"),
            "Allowed Web Origins",
            app.web_origins.join(", "),
            "",
        ));
    }
    out.extend([
        item(
            "auth_method",
            &format!("{SETTINGS} > Credentials"),
            "Authentication Method",
            app.token_endpoint_auth_method.clone(),
            match app.token_endpoint_auth_method.as_str() {
                "none" => "None: the browser app has no secret.",
                _ => "Client Secret (Post); Client Secret (Basic) works too.",
            },
        ),
        item(
            "grant_types",
            &format!("{SETTINGS} > Advanced Settings > Grant Types"),
            "Grant Types",
            app.grant_types.join(", "),
            "Tick these; others may stay as they are.",
        ),
        item(
            "jwt_alg",
            &format!("{SETTINGS} > Advanced Settings > OAuth"),
            "JSON Web Token (JWT) Signature Algorithm",
            app.jwt_alg.clone(),
            "Also keep OIDC Conformant switched on.",
        ),
    ]);
    for (i, m) in m2m.iter().enumerate() {
        out.push(item(
            &format!("m2m_{i}"),
            "Applications > APIs > Auth0 Management API > Machine To Machine Applications",
            &format!("Authorize a Machine to Machine app: {}", m.purpose),
            format!("{} {}", m.audience, m.scopes.join(" "))
                .trim_end()
                .to_owned(),
            "Toggle the app on, then tick the scopes.",
        ));
    }
    if let Some(a) = action {
        out.push(item("action", "Actions > Library > Build Custom (Login / Post Login), then Actions > Triggers > post-login", "Post-login Action", a.code.clone(), "Deploy it and drag it into the Login flow, or the claim never appears."));
    }
    out
}
