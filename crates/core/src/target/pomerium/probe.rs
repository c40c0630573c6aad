//! Probing Pomerium (reference B.4): `/.well-known/pomerium` names the exact
//! callback Auth0 must allow; the authenticate service's sign-in, with no
//! session, redirects to Auth0 with the client_id and redirect_uri it uses.

use crate::doctor::probe::answer::same_origin;
use crate::doctor::probe::compare::at_field;
use crate::doctor::probe::{
    under, Answer, AuthorizeRequest, Observed, ProbeKind, ProbePlan, Probing, Reading, Step,
};
use crate::doctor::{Finding, Imported, Level};
use url::Url;

/// Pomerium's hosted authenticate service (targets.md §3.1).
pub const HOSTED_AUTHENTICATE: &str = "authenticate.pomerium.app";

pub fn plan(base: &Url) -> ProbePlan {
    let url = under(&origin(base), "/.well-known/pomerium");
    ProbePlan {
        steps: vec![Step::new(ProbeKind::WellKnown, url, read_well_known)],
        compare: Some(compare),
        ..ProbePlan::default()
    }
}

fn origin(u: &Url) -> Url {
    Url::parse(&u.origin().ascii_serialization()).unwrap_or_else(|_| u.clone())
}

fn read_well_known(a: &Answer, p: &mut Probing<'_>) -> Reading {
    if a.status == 404 {
        return Reading::failed(format!("{} answers 404: no Pomerium there (every Pomerium host serves /.well-known/pomerium).", a.url));
    }
    if a.status != 200 {
        return Reading::failed(format!("/.well-known/pomerium did not come back: {}.", a.status_line()));
    }
    let Some(cb) = a.json_str("authentication_callback_endpoint") else {
        return Reading::failed("The answer has no authentication_callback_endpoint: this is not Pomerium's /.well-known/pomerium.");
    };
    p.observed.callback = Some(cb.clone());
    let Ok(cb_url) = Url::parse(&cb) else {
        return Reading::failed(format!("The authentication_callback_endpoint {cb:?} is not a URL."));
    };
    let auth = origin(&cb_url);
    p.observed.logout_url = Some(format!("{}/.pomerium/signed_out", auth.as_str().trim_end_matches('/')));
    if cb_url.host_str() == Some(HOSTED_AUTHENTICATE) {
        p.observed.hosted_authenticate = true;
        return Reading::warning(format!("Pomerium uses the hosted authenticate service ({cb}): the Auth0 application is not used for sign-in."));
    }
    let detail = format!("Pomerium's authenticate service receives the login at {cb}: exactly the URL Auth0 must allow.");
    if same_origin(&auth, p.base) {
        let sign_in = under(&auth, "/.pomerium/");
        p.then(Step::new(ProbeKind::Auth0Redirect, sign_in, read_sign_in));
        Reading::ok(detail)
    } else {
        Reading::ok(format!("{detail} The authenticate service is on {}, not on the URL probed: probe it with --url {} to see its redirect to Auth0.", cb_url.host_str().unwrap_or(""), auth))
    }
}

/// The authenticate service's sign-in with no session: a redirect to Auth0
/// (reference B.4 (c)), or 500 when it cannot reach its identity provider.
fn read_sign_in(a: &Answer, p: &mut Probing<'_>) -> Reading {
    match (a.status, &a.location) {
        (300..=399, Some(loc)) if !a.redirect_stays() => {
            let req = AuthorizeRequest::from_location(loc);
            let detail = format!(
                "The authenticate service sends browsers to {} with client_id {}, redirect_uri {} and scope {}.",
                req.host,
                req.client_id.as_deref().unwrap_or("(none)"),
                req.redirect_uri.as_deref().unwrap_or("(none)"),
                req.scope.as_deref().unwrap_or("(none)"),
            );
            if let Some(uri) = &req.redirect_uri {
                p.observed.callback = Some(uri.clone());
            }
            p.observed.authorize = Some(req);
            Reading::ok(detail)
        }
        (300..=399, Some(loc)) if loc.path().starts_with("/.pomerium/") && a.url.path() == "/.pomerium/" => {
            p.then(Step::new(ProbeKind::Auth0Redirect, loc.clone(), read_sign_in));
            Reading::ok(format!("The authenticate service redirects to its own {}.", loc.path()))
        }
        (500, _) => {
            p.observed.sign_in_failed = Some(a.excerpt(300));
            Reading::failed("The authenticate service fails to start a sign-in (HTTP 500): it cannot use its identity provider. Pomerium's log says why; \"failed to sign in: identity/oidc: could not connect to …: oidc: issuer did not match the issuer returned by provider\" means the configured issuer differs from Auth0's by the trailing slash (reference B.4, C8).")
        }
        _ => Reading::warning(format!("The authenticate service did not redirect to Auth0: {}.", a.status_line())),
    }
}

fn compare(o: &Observed, imported: &Imported) -> Vec<Finding> {
    let mut found = Vec::new();
    if o.hosted_authenticate {
        found.push(at_field(
            "probe.system.hosted_authenticate",
            Level::Warning,
            imported,
            "publicUrl",
            format!("The running Pomerium uses the hosted authenticate service ({HOSTED_AUTHENTICATE}), so users do not sign in through this Auth0 application."),
            "Set authenticate_service_url to your own authenticate URL (and the idp_* options) to sign in through Auth0.",
        ));
    }
    if o.sign_in_failed.is_some() {
        found.push(at_field(
            "probe.system.sign_in_failed",
            Level::Error,
            imported,
            "issuer",
            "Pomerium's authenticate service answers HTTP 500 instead of redirecting to Auth0: it cannot use the identity provider, most often because idp_provider_url is not Auth0's issuer letter for letter (C8).",
            "Use idp_provider: auth0 (it adds the trailing slash), or write idp_provider_url exactly as https://<domain>/; then read Pomerium's log for \"failed to sign in\".",
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RawSettings;

    fn well_known(base: &str, body: &str) -> (Reading, Observed, usize) {
        let base = Url::parse(base).unwrap();
        let settings = RawSettings::default();
        let mut p = Probing::new(&base, &settings);
        let a = Answer::new(under(&base, "/.well-known/pomerium"), 200)
            .with_body("application/json", body);
        let r = read_well_known(&a, &mut p);
        let next = p.take_next().len();
        (r, p.observed, next)
    }

    #[test]
    fn the_well_known_document_gives_the_callback_and_the_sign_in_to_ask() {
        let (r, o, next) = well_known("https://authenticate.example.com", r#"{"issuer":"https://authenticate.example.com/","authentication_callback_endpoint":"https://authenticate.example.com/oauth2/callback","jwks_uri":"https://authenticate.example.com/.well-known/pomerium/jwks.json","frontchannel_logout_uri":"https://authenticate.example.com/.pomerium/sign_out"}"#);
        assert_eq!(r.status, crate::doctor::probe::ProbeStatus::Ok, "{r:?}");
        assert_eq!(o.callback.as_deref(), Some("https://authenticate.example.com/oauth2/callback"));
        assert_eq!(o.logout_url.as_deref(), Some("https://authenticate.example.com/.pomerium/signed_out"));
        assert_eq!(next, 1);
        let (r, o, next) = well_known("https://app.example.com", r#"{"authentication_callback_endpoint":"https://authenticate.pomerium.app/oauth2/callback"}"#);
        assert_eq!(r.status, crate::doctor::probe::ProbeStatus::Warning);
        assert!(o.hosted_authenticate && next == 0);
        let (r, _, next) = well_known("https://app.example.com", r#"{"authentication_callback_endpoint":"https://auth.example.com/oauth2/callback"}"#);
        assert!(r.detail.contains("--url https://auth.example.com/") && next == 0, "{r:?}");
    }
}
