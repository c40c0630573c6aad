//! Reading what came back: Auth0's errors, the ID token's rejection, and the claims.

use super::super::client_secret::TokenError;
use super::super::http::Response;
use super::super::idtoken::{Claims, IdTokenError};
use super::super::result::{CheckId, CheckResult, CheckStatus, Diagnosis};
use super::{LoginInput, TITLE};
use crate::model::Domain;
use crate::requirements::action_code;

pub(super) fn fail(d: Diagnosis, detail: impl Into<String>, fix: impl Into<String>) -> CheckResult {
    CheckResult::fail(CheckId::Login, d, TITLE, detail, fix)
}

pub(super) fn settings(domain: &Domain) -> String {
    format!(
        "{} > Applications > (your app) > Settings",
        crate::requirements::dashboard_url(Some(domain))
    )
}

pub(super) fn authorize_fix(err: &str, desc: &str, domain: &Domain) -> String {
    let lower = desc.to_ascii_lowercase();
    if lower.contains("callback") {
        return format!("Add the login test's callback URL to Allowed Callback URLs in {} > Application URIs, then Save.", settings(domain));
    }
    match err {
        "access_denied" => "The user or a rule/Action refused the login. See Monitoring > Logs in the Auth0 dashboard for the reason.".to_owned(),
        "unauthorized_client" => format!("Enable the Authorization Code grant in {} > Advanced Settings > Grant Types.", settings(domain)),
        "invalid_request" | "invalid_scope" => "Auth0's message says which parameter it refused; see Monitoring > Logs in the Auth0 dashboard.".to_owned(),
        _ => "See Auth0's message above and Monitoring > Logs in the Auth0 dashboard.".to_owned(),
    }
}

pub(super) fn exchange_failure(resp: &Response, domain: &Domain) -> CheckResult {
    match TokenError::from_response(resp) {
        Some(te) if te.is_rejected_credentials() => fail(
            Diagnosis::SecretRejected,
            format!("Auth0 refused the code exchange: the client secret was rejected ({}).", te.summary()),
            format!("Copy Client Secret from {} > Basic Information.", settings(domain)),
        ),
        Some(te) => fail(Diagnosis::CodeExchangeFailed, format!("The code exchange failed ({}).", te.summary()), format!("Check the application's Authentication Method ({} > Credentials) and grant types; Monitoring > Logs in the dashboard shows Auth0's side.", settings(domain))),
        None => fail(Diagnosis::CodeExchangeFailed, format!("The code exchange answered HTTP {}.", resp.status), "Try again; see Monitoring > Logs in the Auth0 dashboard."),
    }
}

pub(super) fn verify_failure(
    e: &IdTokenError,
    expected_issuer: &str,
    domain: &Domain,
) -> CheckResult {
    let fix = match e {
        IdTokenError::Issuer { found, .. } => format!("Tokens carry {found}; write exactly that issuer everywhere, and use one domain (tenant or custom) for discovery and logins. Expected was {expected_issuer}."),
        IdTokenError::Audience { .. } => "The token was issued to another application: check the client ID (Applications > Applications > (your app) > Settings > Basic Information).".to_owned(),
        IdTokenError::Algorithm(_) => format!("In {} > Advanced Settings > OAuth > JSON Web Token (JWT) Signature Algorithm, choose RS256, then Save.", settings(domain)),
        IdTokenError::UnknownKey(_) | IdTokenError::Signature => "The token is not signed by a key of this tenant's JWKS: check that the domain is the one the login went through, and that nothing between you and Auth0 alters tokens.".to_owned(),
        IdTokenError::Expired => "The token arrived expired: check this computer's clock.".to_owned(),
        IdTokenError::NotYetValid | IdTokenError::IssuedInFuture { .. } => "The token claims to be valid only later: check this computer's clock (and the provider's); Auth0's clock is kept exact.".to_owned(),
        IdTokenError::AuthorizedParty { .. } => "The token was issued to another application (its authorized party): check the client ID (Applications > Applications > (your app) > Settings > Basic Information).".to_owned(),
        IdTokenError::Nonce => "The token was not issued for this login (a replay or another login): run the test again.".to_owned(),
        IdTokenError::Malformed(_) => "The token endpoint did not return a valid ID token: check the domain.".to_owned(),
    };
    fail(
        e.diagnosis(),
        format!("The ID token was rejected: {e}."),
        fix,
    )
}

pub(super) fn assess_claims(claims: &Claims, input: &LoginInput) -> CheckResult {
    let who = claims
        .get("email")
        .and_then(|v| v.as_str())
        .or_else(|| claims.get("sub").and_then(|v| v.as_str()))
        .unwrap_or("(unknown user)");
    let iss = claims.get("iss").and_then(|v| v.as_str()).unwrap_or("");
    let mut keys: Vec<&str> = claims.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let base = format!("Logged in as {who}. The ID token is signed with the tenant's RS256 key, issued by {iss} for {}, unexpired, with the nonce sent. Claims: {}.", input.client_id, keys.join(", "));
    if let Some(claim) = &input.groups_claim {
        match claims.get(claim) {
            None => {
                return CheckResult::fail(
                    CheckId::Login,
                    Diagnosis::GroupsClaimMissing,
                    TITLE,
                    format!("{base} The groups claim {claim} is missing, so the target sees no groups."),
                    format!("Add a post-login Action (Actions > Library > Build Custom, trigger Login / Post Login) with this code, Deploy it, and drag it into Actions > Triggers > post-login:\n{}Also give the user a role (User Management > Users > (user) > Roles).", action_code(claim)),
                )
            }
            Some(v) if v.as_array().is_some_and(|a| a.is_empty()) => {
                return CheckResult::warn(CheckId::Login, Diagnosis::GroupsClaimMissing, TITLE, format!("{base} The groups claim {claim} is there but empty: the user has no roles."), "Give the user a role: User Management > Users > (user) > Roles > Assign Roles.")
            }
            Some(_) => {}
        }
    }
    if claims.get("email_verified").and_then(|v| v.as_bool()) == Some(false) {
        let dex = input
            .target
            .is_some_and(|t| t.rules().requires_verified_email);
        let status = if dex {
            CheckStatus::Fail
        } else {
            CheckStatus::Warn
        };
        return CheckResult::new(CheckId::Login, status, Diagnosis::EmailNotVerified, TITLE, format!("{base} The user's e-mail is not verified (email_verified: false); Dex refuses such logins."))
            .with_fix("Verify the e-mail (User Management > Users > (user) > Send Verification Email), or in the Dex connector set insecureSkipEmailVerified: true.");
    }
    CheckResult::pass(CheckId::Login, TITLE, base)
}
