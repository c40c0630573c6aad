//! The application record, field by field, against what the target needs.

use super::super::result::{CheckId, CheckResult, CheckStatus, Diagnosis, Finding};
use super::{AuditInput, TITLE};
use crate::requirements::{AppRequirements, AppType};
use serde_json::Value;

/// The findings so far, and what they need to name.
struct Audit<'a> {
    app: &'a Value,
    input: &'a AuditInput<'a>,
    req: Option<&'a AppRequirements>,
    /// Where the application's settings are in the dashboard.
    settings: String,
    found: Vec<Finding>,
}

/// Compare the application with the requirements; one finding per problem.
pub(crate) fn compare(app: &Value, input: &AuditInput<'_>) -> CheckResult {
    let name = app
        .get("name")
        .and_then(|n| n.as_str())
        .unwrap_or("(your app)")
        .to_owned();
    let mut a = Audit {
        app,
        input,
        req: input.requirements,
        settings: format!("Applications > Applications > {name} > Settings"),
        found: Vec::new(),
    };
    a.app_type();
    a.callbacks();
    a.logout_urls();
    a.grant_types();
    a.auth_method();
    a.jwt_alg();
    a.oidc_conformant();
    a.login_uri();
    a.third_party();
    a.result(&name)
}

fn strs(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(|a| a.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn app_type_api(t: &AppType) -> &'static str {
    match t {
        AppType::RegularWeb => "regular_web",
        AppType::Spa => "spa",
        AppType::Native => "native",
        AppType::NonInteractive => "non_interactive",
    }
}

fn grant_label(g: &str) -> &str {
    match g {
        "authorization_code" => "Authorization Code",
        "refresh_token" => "Refresh Token",
        "implicit" => "Implicit",
        "client_credentials" => "Client Credentials",
        other => other,
    }
}

impl Audit<'_> {
    fn add(
        &mut self,
        diagnosis: Diagnosis,
        status: CheckStatus,
        field: &str,
        message: String,
        fix: String,
    ) {
        self.found.push(Finding {
            diagnosis,
            status,
            field: field.to_owned(),
            message,
            fix,
        });
    }

    fn s(&self, k: &str) -> String {
        self.app
            .get(k)
            .and_then(|x| x.as_str())
            .unwrap_or("")
            .to_owned()
    }

    fn app_type(&mut self) {
        let app_type = self.s("app_type");
        match self.req {
            Some(r) if app_type != app_type_api(&r.app_type) => self.add(
                Diagnosis::AppTypeMismatch,
                CheckStatus::Fail,
                "app_type",
                format!("The application is of type {app_type:?}; this target needs a {} ({}).", r.app_type_label, app_type_api(&r.app_type)),
                format!("The type cannot be changed on every app: create a new application of type {} (Applications > Applications > Create Application) and use its client ID and secret.", r.app_type_label),
            ),
            None if app_type == "non_interactive" => self.add(
                Diagnosis::AppTypeMismatch,
                CheckStatus::Fail,
                "app_type",
                "The application is a Machine to Machine application: users cannot log in through it.".to_owned(),
                "Use a Regular Web Application (Applications > Applications > Create Application).".to_owned(),
            ),
            _ => {}
        }
    }

    /// The callbacks the target needs, and the login test's (needed only for it).
    fn wanted_callbacks(&self) -> Vec<(String, bool)> {
        let test_cb = self.input.login_test_callback;
        let mut wanted: Vec<(String, bool)> = self
            .req
            .map(|r| {
                r.callbacks
                    .iter()
                    .map(|c| (c.clone(), Some(c.as_str()) == test_cb))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(t) = test_cb {
            if !wanted.iter().any(|(c, _)| c == t) {
                wanted.push((t.to_owned(), true));
            }
        }
        wanted
    }

    /// Callbacks: exact and case-sensitive.
    fn callbacks(&mut self) {
        let callbacks = strs(self.app, "callbacks");
        for (cb, test_only) in self.wanted_callbacks() {
            if callbacks.contains(&cb) {
                continue;
            }
            let (status, purpose) = if test_only {
                (
                    CheckStatus::Warn,
                    " (needed only for the wizard's login test)",
                )
            } else {
                (CheckStatus::Fail, "")
            };
            let settings = &self.settings;
            let (diagnosis, message, fix) = match callbacks.iter().find(|c| c.eq_ignore_ascii_case(&cb)) {
                Some(near) => (
                    Diagnosis::CallbackCaseMismatch,
                    format!("Allowed Callback URLs has {near} but not {cb}{purpose}: Auth0 compares callbacks case-sensitively, so the login fails with \"Callback URL mismatch\"."),
                    format!("In {settings} > Application URIs > Allowed Callback URLs, replace {near} with {cb} exactly, then Save."),
                ),
                None => (
                    Diagnosis::CallbackMissing,
                    format!("Allowed Callback URLs does not contain {cb}{purpose}; Auth0 would show \"Callback URL mismatch\" instead of returning to the target."),
                    format!("In {settings} > Application URIs > Allowed Callback URLs, add {cb} (comma-separated from the others), then Save."),
                ),
            };
            self.add(diagnosis, status, "callbacks", message, fix);
        }
    }

    fn logout_urls(&mut self) {
        let logouts = strs(self.app, "allowed_logout_urls");
        for url in self.req.map(|r| r.logout_urls.clone()).unwrap_or_default() {
            if !logouts.contains(&url) {
                let settings = &self.settings;
                let fix = format!(
                    "In {settings} > Application URIs > Allowed Logout URLs, add {url}, then Save."
                );
                self.add(Diagnosis::LogoutUrlMissing, CheckStatus::Warn, "allowed_logout_urls", format!("Allowed Logout URLs does not contain {url}; signing out would end on an Auth0 error page."), fix);
            }
        }
    }

    fn grant_types(&mut self) {
        let grants = strs(self.app, "grant_types");
        let enabled = if grants.is_empty() {
            "none".to_owned()
        } else {
            grants.join(", ")
        };
        let wanted = self
            .req
            .map(|r| r.grant_types.clone())
            .unwrap_or_else(|| vec!["authorization_code".to_owned()]);
        for g in wanted.into_iter().filter(|g| !grants.contains(g)) {
            let status = if g == "authorization_code" {
                CheckStatus::Fail
            } else {
                CheckStatus::Warn
            };
            let fix = format!(
                "In {} > Advanced Settings > Grant Types, tick {}, then Save.",
                self.settings,
                grant_label(&g)
            );
            let message = format!("Grant type {g} is not enabled (enabled: {enabled}).");
            self.add(
                Diagnosis::GrantTypeMissing,
                status,
                "grant_types",
                message,
                fix,
            );
        }
    }

    fn auth_method(&mut self) {
        let method = self.s("token_endpoint_auth_method");
        let wants_none = self
            .req
            .is_some_and(|r| r.token_endpoint_auth_method == "none");
        let settings = self.settings.clone();
        if self.input.secret_used && !wants_none && method == "none" {
            self.add(
                Diagnosis::AuthMethodNone,
                CheckStatus::Fail,
                "token_endpoint_auth_method",
                "The application's Authentication Method is None (a public client), but a client secret is configured: Auth0 refuses the code exchange with the secret.".to_owned(),
                format!("In {settings} > Credentials > Authentication Method, choose Client Secret (Post), then Save. (A Single Page or Native app cannot: use a Regular Web Application.)"),
            );
        } else if wants_none && method != "none" && !method.is_empty() {
            self.add(Diagnosis::AuthMethodMismatch, CheckStatus::Warn, "token_endpoint_auth_method", format!("The target uses a public client (no secret), but the Authentication Method is {method}."), format!("In {settings} > Credentials > Authentication Method, choose None, or use a confidential client."));
        }
    }

    fn jwt_alg(&mut self) {
        let alg = self
            .app
            .get("jwt_configuration")
            .and_then(|j| j.get("alg"))
            .and_then(|a| a.as_str())
            .unwrap_or("")
            .to_owned();
        let fix = format!("In {} > Advanced Settings > OAuth > JSON Web Token (JWT) Signature Algorithm, choose RS256, then Save.", self.settings);
        let field = "jwt_configuration.alg";
        if alg.is_empty() {
            self.add(
                Diagnosis::JwtAlgNotRs256,
                CheckStatus::Warn,
                field,
                "The application does not state its JWT signature algorithm; targets need RS256."
                    .to_owned(),
                fix,
            );
        } else if alg != "RS256" {
            let message = format!("ID tokens are signed with {alg}; targets verify them with RS256 through the JWKS and reject {alg}.");
            self.add(
                Diagnosis::JwtAlgNotRs256,
                CheckStatus::Fail,
                field,
                message,
                fix,
            );
        }
    }

    fn oidc_conformant(&mut self) {
        if self.app.get("oidc_conformant").and_then(|b| b.as_bool()) != Some(true) {
            let fix = format!(
                "In {} > Advanced Settings > OAuth, switch OIDC Conformant on, then Save.",
                self.settings
            );
            let message = "OIDC Conformant is off: Auth0 then uses legacy, non-standard flows.";
            self.add(
                Diagnosis::NotOidcConformant,
                CheckStatus::Warn,
                "oidc_conformant",
                message.to_owned(),
                fix,
            );
        }
    }

    /// Application Login URI.
    fn login_uri(&mut self) {
        let login_uri = self.s("initiate_login_uri");
        if !login_uri.is_empty() && !login_uri.starts_with("https://") {
            let settings = &self.settings;
            let fix = format!("In {settings} > Application URIs > Application Login URI, enter an https URL or leave it empty, then Save.");
            self.add(
                Diagnosis::LoginUriNotHttps,
                CheckStatus::Fail,
                "initiate_login_uri",
                format!("Application Login URI is {login_uri}; Auth0 accepts only https there."),
                fix,
            );
        }
    }

    /// Third-party applications need consent and explicit grants.
    fn third_party(&mut self) {
        if self.app.get("is_first_party").and_then(|b| b.as_bool()) == Some(false)
            || self.input.client_id.starts_with("tpc_")
        {
            self.add(Diagnosis::ThirdPartyApp, CheckStatus::Warn, "is_first_party", "This is a third-party application: users see a consent screen and it needs explicit grants.".to_owned(), "Use a first-party application created under Applications > Applications.".to_owned());
        }
    }

    /// The worst finding decides; every finding's message and fix are kept.
    fn result(self, name: &str) -> CheckResult {
        let f = &self.found;
        let worst = f
            .iter()
            .map(|x| x.status)
            .max()
            .unwrap_or(CheckStatus::Pass);
        let mut r = if worst == CheckStatus::Pass {
            let app_type = self.s("app_type");
            let method = self.s("token_endpoint_auth_method");
            CheckResult::pass(
                CheckId::AppAudit,
                TITLE,
                format!("{name} ({app_type}) has the callbacks, grant types, authentication method ({method}), RS256 and OIDC conformance the target needs."),
            )
        } else {
            let first = f
                .iter()
                .find(|x| x.status == worst)
                .expect("worst comes from a finding");
            let n = f.iter().filter(|x| x.status >= CheckStatus::Warn).count();
            let join =
                |part: fn(&Finding) -> &str| f.iter().map(part).collect::<Vec<_>>().join(" ");
            let detail = format!(
                "{n} setting(s) of {name} need attention: {}",
                join(|x| x.message.as_str())
            );
            CheckResult::new(CheckId::AppAudit, worst, first.diagnosis, TITLE, detail)
                .with_fix(join(|x| x.fix.as_str()))
        };
        r.findings = self.found;
        r
    }
}
