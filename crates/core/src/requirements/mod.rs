//! What to set in the Auth0 dashboard for a target, derived from the inputs.
//! Each target says what its application needs ([`crate::target::Target::needs`]);
//! this module adds what every target shares and the dashboard checklist.

mod checklist;
mod input;

pub use input::{from_raw, input_from_raw, DomainUse};

use crate::model::{Config, Domain, Release};
use crate::target::{Target, TargetId, TargetOptions, WithOptions};
use serde::Serialize;
use ts_rs::TS;

/// The loopback port the login test listens on unless told otherwise.
/// Auth0 has no wildcard ports, so this exact URL must be an allowed callback.
pub const DEFAULT_LOGIN_PORT: u16 = 8400;

/// What `requirements` needs: less than a full [`Config`], so the wizard can
/// show the Auth0 settings before the user has any credentials.
#[derive(Debug, Clone)]
pub struct RequirementsInput {
    pub release: Release,
    /// The system's public URL without a trailing slash.
    pub public_base: String,
    pub domain: Option<Domain>,
    pub groups_claim: Option<String>,
    /// The target's own settings (the target is the one they belong to).
    pub options: TargetOptions,
    /// Port of the wizard's login test callback; `None` leaves it out.
    pub login_test_port: Option<u16>,
}

impl RequirementsInput {
    /// The input for `target` at `public_base` with its default options, no
    /// domain, no groups claim and no login test callback.
    pub fn new(target: TargetId, release: Release, public_base: impl Into<String>) -> Self {
        RequirementsInput {
            release,
            public_base: public_base.into(),
            domain: None,
            groups_claim: None,
            options: target.default_options(release),
            login_test_port: None,
        }
    }

    pub fn from_config(cfg: &Config, login_test_port: Option<u16>) -> Self {
        RequirementsInput {
            release: cfg.release,
            public_base: cfg.public_base(),
            domain: Some(cfg.domain.clone()),
            groups_claim: cfg.groups_claim.clone(),
            options: cfg.options.clone(),
            login_test_port,
        }
    }

    pub fn target(&self) -> TargetId {
        self.options.target()
    }

    /// The public URL without a trailing slash.
    pub fn base(&self) -> &str {
        self.public_base.trim_end_matches('/')
    }

    /// The target's callback URL under the public URL.
    pub fn callback(&self) -> String {
        format!("{}{}", self.base(), self.target().rules().callback_path)
    }

    /// The Management API's audience on the tenant, or a placeholder without a domain.
    pub fn mgmt_audience(&self) -> String {
        match &self.domain {
            Some(d) => format!("{}/api/v2/", d.base_url()),
            None => "https://YOUR_TENANT.auth0.com/api/v2/".to_owned(),
        }
    }
}

/// The application a target needs, before what every target shares is added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppShape {
    pub app_type: AppType,
    /// The target's callback URL.
    pub callback: String,
    pub logout_urls: Vec<String>,
    /// Application Login URI; dropped unless the public URL is https.
    pub login_uri: Option<String>,
    pub grant_types: Vec<String>,
    pub auth_method: &'static str,
    pub web_origins: Vec<String>,
}

impl AppShape {
    /// A Regular Web Application with the code flow and a secret sent in the
    /// POST body: what a server-side target needs.
    pub fn regular_web(callback: String) -> Self {
        AppShape {
            app_type: AppType::RegularWeb,
            callback,
            logout_urls: vec![],
            login_uri: None,
            grant_types: strings(&["authorization_code", "refresh_token"]),
            auth_method: "client_secret_post",
            web_origins: vec![],
        }
    }
}

/// Everything a target needs from the tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needs {
    pub app: AppShape,
    pub m2m: Vec<M2mRequirement>,
    pub notes: Vec<String>,
}

impl Needs {
    /// Just the application.
    pub fn app(app: AppShape) -> Self {
        Needs {
            app,
            m2m: vec![],
            notes: vec![],
        }
    }
}

/// What the target of `input` needs from the tenant.
pub fn needs(input: &RequirementsInput) -> Needs {
    struct N<'a>(&'a RequirementsInput);
    impl WithOptions for N<'_> {
        type Out = Needs;
        fn run<T: Target>(self, o: &T::Options) -> Needs {
            T::needs(self.0, o)
        }
    }
    input.options.run(N(input))
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
    /// The target's extra fields that take this application's client ID and
    /// secret (what the wizard fills in when it creates the application).
    pub extras: Option<M2mExtras>,
}

/// The keys of the extra fields an M2M application's credentials go to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct M2mExtras {
    pub client_id: String,
    pub client_secret: String,
}

impl M2mRequirement {
    /// Its client ID goes to the extra `id_key`, its secret to `secret_key`.
    pub fn filling(mut self, id_key: &str, secret_key: &str) -> Self {
        self.extras = Some(M2mExtras {
            client_id: id_key.to_owned(),
            client_secret: secret_key.to_owned(),
        });
        self
    }

    /// An application authorized for the tenant's Management API with `scopes`.
    pub fn management_api(input: &RequirementsInput, purpose: &str, scopes: &[&str]) -> Self {
        M2mRequirement {
            purpose: purpose.to_owned(),
            api: "Auth0 Management API".to_owned(),
            audience: input.mgmt_audience(),
            scopes: strings(scopes),
            grant_types: strings(&["client_credentials"]),
            extras: None,
        }
    }
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
    let Needs {
        app,
        m2m,
        mut notes,
    } = needs(input);
    let https = input.base().starts_with("https://");
    let login_uri = app.login_uri.filter(|_| https);
    if !https {
        notes.push("Leave Application Login URI empty: Auth0 accepts only https there.".to_owned());
    }

    let login_test_callback = input
        .login_test_port
        .map(|p| format!("http://127.0.0.1:{p}/callback"));
    let mut callbacks = vec![app.callback];
    callbacks.extend(login_test_callback.clone());

    let action = input.groups_claim.as_ref().map(|claim| ActionRequirement {
        claim: claim.clone(),
        name: "Add roles to tokens".to_owned(),
        code: action_code(claim),
    });

    let application = AppRequirements {
        app_type_label: app.app_type.label().to_owned(),
        app_type: app.app_type,
        callbacks,
        logout_urls: app.logout_urls,
        web_origins: app.web_origins,
        login_uri,
        grant_types: app.grant_types,
        token_endpoint_auth_method: app.auth_method.to_owned(),
        jwt_alg: "RS256".to_owned(),
        oidc_conformant: true,
    };
    let checklist = checklist::checklist(
        &application,
        &m2m,
        action.as_ref(),
        login_test_callback.as_deref(),
    );
    Requirements {
        target: input.target(),
        application,
        m2m,
        action,
        login_test_callback,
        dashboard_url: dashboard_url(input.domain.as_ref()),
        notes,
        checklist,
    }
}
