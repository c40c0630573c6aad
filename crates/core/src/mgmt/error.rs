//! What went wrong talking to the Management API, by name, with the fix.
//! Auth0's error body is `{statusCode, error, message, errorCode?}` (reference A.2).

use super::undo::Drift;
use crate::checks::HttpError;
use serde_json::Value;

/// Who the token belongs to: what a missing scope must be added to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grantee {
    /// A Machine to Machine application (client credentials).
    Application(String),
    /// A token pasted from the dashboard's API Explorer.
    PastedToken,
}

/// Where the Management API's scopes are ticked, for a fix message.
const MGMT_API_PATH: &str =
    "Applications > APIs > Auth0 Management API > Machine To Machine Applications";

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MgmtError {
    /// Nothing HTTP came back, or not what HTTP should be.
    #[error("{doing}: {source}")]
    Http {
        doing: String,
        #[source]
        source: HttpError,
    },
    /// The token endpoint refused the Machine to Machine application.
    #[error("getting a Management API token: {message}")]
    Token { message: String, fix: String },
    /// A 403 `insufficient_scope`: the scopes Auth0's message names.
    #[error("{doing}: the Management API token lacks the scope {} (HTTP 403 insufficient_scope)", scopes.join(" or "))]
    InsufficientScope {
        doing: String,
        scopes: Vec<String>,
        fix: String,
    },
    /// Any other error answer, with Auth0's own message and code.
    #[error("{doing}: HTTP {status}{}: {message}", error_code.as_deref().map(|c| format!(" {c}")).unwrap_or_default())]
    Api {
        doing: String,
        status: u16,
        error_code: Option<String>,
        message: String,
        fix: String,
    },
    /// The answer is not what the Management API sends.
    #[error("{doing}: unexpected answer ({reason})")]
    Malformed { doing: String, reason: String },
    /// `--timeout` ran out, waiting for a rate limit, an Action, or an answer.
    #[error("{doing}: gave up after {secs} s waiting for {waiting_for}")]
    TimedOut {
        doing: String,
        waiting_for: String,
        secs: u64,
    },
    /// The Action did not build.
    #[error("the Action {name:?} failed to build (status {status})")]
    ActionBuildFailed { name: String, status: String },
    /// Something the wizard would change was changed by someone else since.
    #[error("changed since: {}", drift.iter().map(Drift::sentence).collect::<Vec<_>>().join("; "))]
    Changed { drift: Vec<Drift> },
    /// The consent does not fit the plan.
    #[error("{0}")]
    Consent(String),
    /// The undo record could not be saved: nothing is written without it.
    #[error("could not save the undo record: {0}")]
    Journal(String),
    /// What the user typed cannot be used (`field` names the input).
    #[error("{message}")]
    Input {
        field: String,
        message: String,
        fix: String,
    },
    /// The user cancelled while it was under way.
    #[error("cancelled{}", if *.written { ": some of it may already be written" } else { ": nothing was changed" })]
    Cancelled { written: bool },
}

impl MgmtError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            MgmtError::Http { .. } => "mgmt.http",
            MgmtError::Token { .. } => "mgmt.token_refused",
            MgmtError::InsufficientScope { .. } => "mgmt.insufficient_scope",
            MgmtError::Api { .. } => "mgmt.api_error",
            MgmtError::Malformed { .. } => "mgmt.malformed",
            MgmtError::TimedOut { .. } => "mgmt.timed_out",
            MgmtError::ActionBuildFailed { .. } => "mgmt.action_build_failed",
            MgmtError::Changed { .. } => "mgmt.changed_since",
            MgmtError::Consent(_) => "mgmt.consent",
            MgmtError::Journal(_) => "mgmt.journal",
            MgmtError::Input { .. } => "mgmt.input",
            MgmtError::Cancelled { .. } => "mgmt.cancelled",
        }
    }

    /// What to do about it.
    pub fn fix(&self) -> String {
        match self {
            MgmtError::Http { source, .. } => source.fix(),
            MgmtError::Token { fix, .. }
            | MgmtError::InsufficientScope { fix, .. }
            | MgmtError::Api { fix, .. } => fix.clone(),
            MgmtError::Malformed { .. } => "Check the Management API domain (--mgmt-domain): something other than Auth0's Management API answers there.".to_owned(),
            MgmtError::TimedOut { .. } => "Allow more time (--timeout in the CLI) and try again; Free and trial tenants allow 2 Management API requests per second.".to_owned(),
            MgmtError::ActionBuildFailed { .. } => "Open Actions > Library in the Auth0 dashboard to see the build error.".to_owned(),
            MgmtError::Changed { .. } => "Someone changed these settings after the wizard wrote them: check them in the Auth0 dashboard and change them by hand if needed.".to_owned(),
            MgmtError::Consent(_) => "Accept every change of a step, or none of them.".to_owned(),
            MgmtError::Journal(_) => "Make the wizard's data folder writable and try again.".to_owned(),
            MgmtError::Input { fix, .. } => fix.clone(),
            MgmtError::Cancelled { written: true } => "Undo removes what was written.".to_owned(),
            MgmtError::Cancelled { written: false } => "Start again when you are ready.".to_owned(),
        }
    }
}

/// Server text, safe to show: control characters out, at most 300 characters.
pub(crate) fn clean(text: &str) -> String {
    let s: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let s = s.trim();
    match s.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// The scopes of "Insufficient scope, expected any of: a,b" (reference A.2).
pub fn scopes_in_message(message: &str) -> Vec<String> {
    message
        .split_once("expected any of:")
        .map(|(_, rest)| {
            rest.split([',', ' '])
                .map(|s| s.trim().trim_end_matches('.'))
                .filter(|s| !s.is_empty() && s.contains(':'))
                .map(clean)
                .collect()
        })
        .unwrap_or_default()
}

/// The fix for a missing scope: where to tick it, for this token's owner.
pub fn scope_fix(scopes: &[String], grantee: &Grantee, dashboard: &str) -> String {
    let scope = scopes.join(" or ");
    match grantee {
        Grantee::Application(id) => format!(
            "Add scope {scope} to application {id}, here: {MGMT_API_PATH} > (the application with Client ID {id}): tick {scope}, then Update ({dashboard})."
        ),
        Grantee::PastedToken => format!(
            "The pasted token lacks scope {scope}: add scope {scope} to the API Explorer application, here: {MGMT_API_PATH} > API Explorer Application: tick {scope}, then Update; then copy a new token from Applications > APIs > Auth0 Management API > API Explorer ({dashboard})."
        ),
    }
}

/// An error answer as an [`MgmtError`]: Auth0's message and code, and the fix.
pub(crate) fn from_answer(
    doing: &str,
    status: u16,
    body: &Value,
    grantee: &Grantee,
    dashboard: &str,
) -> MgmtError {
    let text = |k: &str| body.get(k).and_then(Value::as_str).map(clean);
    let message = text("message")
        .or_else(|| text("error_description"))
        .or_else(|| text("error"))
        .unwrap_or_else(|| "(no message)".to_owned());
    let error_code = text("errorCode");
    let scopes = scopes_in_message(&message);
    if status == 403 && (error_code.as_deref() == Some("insufficient_scope") || !scopes.is_empty())
    {
        return MgmtError::InsufficientScope {
            doing: doing.to_owned(),
            fix: scope_fix(&scopes, grantee, dashboard),
            scopes,
        };
    }
    let fix = api_fix(status, error_code.as_deref(), grantee);
    MgmtError::Api {
        doing: doing.to_owned(),
        status,
        error_code,
        message,
        fix,
    }
}

fn api_fix(status: u16, code: Option<&str>, grantee: &Grantee) -> String {
    match (status, code) {
        (401, _) => match grantee {
            Grantee::PastedToken => "The Management API refused the token: copy a new one from Applications > APIs > Auth0 Management API > API Explorer (tokens expire), for this tenant.".to_owned(),
            Grantee::Application(_) => "The Management API refused the token: check that --mgmt-domain is the tenant the Machine to Machine application belongs to.".to_owned(),
        },
        (404, Some("inexistent_client")) => "Check the client ID: copy Client ID from Applications > Applications > (your app) > Settings, on the tenant the Management API credentials belong to.".to_owned(),
        (404, _) => "It no longer exists in the tenant: someone may have deleted it in the dashboard.".to_owned(),
        (409, _) => "It conflicts with what the tenant has now: look at it in the Auth0 dashboard, then try again.".to_owned(),
        (400, _) => "Auth0 rejected a value the wizard sent: check the settings it names (URLs must be full https URLs).".to_owned(),
        (403, _) => "Auth0 refused the change for this tenant: see the message (a subscription may be needed).".to_owned(),
        (s, _) if s >= 500 => "A failure on Auth0's side: see status.auth0.com and try again.".to_owned(),
        _ => "See Auth0's message above.".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn insufficient_scope_names_the_scope_and_where_to_add_it() {
        let body = json!({"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:grants","errorCode":"insufficient_scope"});
        let g = Grantee::Application("m2m-id".into());
        let e = from_answer("reading", 403, &body, &g, "https://manage.auth0.com/");
        let MgmtError::InsufficientScope { scopes, fix, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(scopes, &["read:grants"]);
        assert!(
            fix.starts_with("Add scope read:grants to application m2m-id, here: Applications > APIs > Auth0 Management API"),
            "{fix}"
        );
        assert_eq!(
            scopes_in_message("Insufficient scope, expected any of: create:clients,update:clients"),
            ["create:clients", "update:clients"]
        );
    }

    #[test]
    fn other_errors_keep_auth0s_message_and_code_without_control_characters() {
        let body = json!({"statusCode":404,"error":"Not Found","message":"The client\u{1b}[31m does not exist","errorCode":"inexistent_client"});
        let e = from_answer(
            "reading the application",
            404,
            &body,
            &Grantee::PastedToken,
            "",
        );
        assert_eq!(
            e.to_string(),
            "reading the application: HTTP 404 inexistent_client: The client [31m does not exist"
        );
        assert!(e.fix().contains("Client ID"));
        let e = from_answer(
            "x",
            404,
            &json!({"statusCode":404,"error":"Not Found","message":"That action does not exist."}),
            &Grantee::PastedToken,
            "",
        );
        assert_eq!(e.to_string(), "x: HTTP 404: That action does not exist.");
    }
}
