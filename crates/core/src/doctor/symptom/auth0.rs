//! Messages Auth0 shows (reference D, and C9, C16, C17, C19, C20, C21).

use super::text::Pasted;
use super::{Known, Setup};
use crate::checks::CheckId as C;
use crate::doctor::probe::ProbeKind as P;
use crate::target::TargetId as T;

pub(super) const KNOWN: &[Known] = &[
    Known {
        code: "auth0.callback_url_mismatch",
        any_of: &[
            &["callback url mismatch"],
            &["not in the list of allowed callback urls"],
        ],
        none_of: &[],
        explain: callback_mismatch,
        checks: &[C::AppAudit],
        probes: &[P::Auth0Redirect, P::WellKnown, P::AuthConfig],
        lint: true,
    },
    Known {
        code: "auth0.redirect_uri_invalid",
        any_of: &[&["redirect_uri parameter is not valid"]],
        none_of: &[],
        explain: redirect_uri_invalid,
        checks: &[],
        probes: &[P::Auth0Redirect, P::WellKnown, P::AuthConfig],
        lint: true,
    },
    Known {
        code: "auth0.logout_url_not_allowed",
        any_of: &[&["not defined as a valid url", "allowed logout urls"]],
        none_of: &[],
        explain: logout_not_allowed,
        checks: &[C::AppAudit],
        probes: &[P::WellKnown],
        lint: false,
    },
    Known {
        code: "auth0.service_not_found",
        any_of: &[&["service not found"]],
        none_of: &[],
        explain: service_not_found,
        checks: &[],
        probes: &[],
        lint: true,
    },
    Known {
        code: "auth0.service_not_enabled",
        any_of: &[
            &["service not enabled within domain"],
            &["client is not authorized to access"],
        ],
        none_of: &[],
        explain: service_not_enabled,
        checks: &[C::ClientSecret, C::AppAudit],
        probes: &[],
        lint: false,
    },
    Known {
        code: "auth0.grant_type_not_allowed",
        any_of: &[&["grant type", "not allowed for the client"]],
        none_of: &[],
        explain: grant_type,
        checks: &[C::AppAudit],
        probes: &[],
        lint: false,
    },
    Known {
        code: "auth0.invalid_grant_types",
        any_of: &[&["invalid grant types"]],
        none_of: &[],
        explain: invalid_grant_types,
        checks: &[C::AppAudit],
        probes: &[],
        lint: false,
    },
    Known {
        code: "auth0.unauthorized",
        any_of: &[
            &["access_denied", "unauthorized"],
            &["oops", "unauthorized"],
            &["failed exchange", "unauthorized"],
            &["feacft"],
            &["cannot fetch token", "401"],
        ],
        none_of: &["unauthorized_client", "grant type", "global limit"],
        explain: unauthorized,
        checks: &[C::ClientSecret, C::AppAudit],
        probes: &[P::AuthConfig],
        lint: true,
    },
    Known {
        code: "auth0.rate_limited",
        any_of: &[&["global limit has been reached"]],
        none_of: &[],
        explain: |_, _| {
            ("The tenant's rate limit was reached (free and trial tenants: 2 Management API requests per second). Nothing is misconfigured.".to_owned(), "Wait a minute and try again; avoid running many checks at once.".to_owned())
        },
        checks: &[],
        probes: &[],
        lint: false,
    },
    Known {
        code: "oidc.issuer_mismatch",
        any_of: &[
            &["issuer did not match"],
            &["jwt issuer invalid"],
            &["invalid issuer"],
            &["issuer (iss) claim mismatch"],
        ],
        none_of: &[],
        explain: issuer_mismatch,
        checks: &[C::Discovery, C::Issuer],
        probes: &[P::Discovery, P::AuthConfig, P::Auth0Discovery],
        lint: true,
    },
    Known {
        code: "oidc.hs256",
        any_of: &[
            &["hs256", "not supported"],
            &["unsupported algorithm", "hs256"],
        ],
        none_of: &[],
        explain: |_, s| {
            (
            "The Auth0 application signs ID tokens with HS256 (an application created through the API without jwt_configuration.alg gets it); the system verifies RS256 only, through the JWKS (C19).".to_owned(),
            format!("In Auth0: {} > Advanced Settings > OAuth > JSON Web Token (JWT) Signature Algorithm, choose RS256, then Save.", s.app_page()),
        )
        },
        checks: &[C::AppAudit, C::Login],
        probes: &[],
        lint: false,
    },
    Known {
        code: "client.invalid_state",
        any_of: &[&["invalid state"], &["invalid authorization request state"]],
        none_of: &[],
        explain: |_, _| {
            (
            "The browser lost the login's state before returning: a back button or a double click on the login button left a stale transaction, or cookies were blocked, full or SameSite=Strict. No Auth0 setting is wrong (C21).".to_owned(),
            "Clear the site's cookies and log in once, without going back; allow the system's cookies, and use SameSite=Lax for its session cookie.".to_owned(),
        )
        },
        checks: &[C::Login],
        probes: &[],
        lint: false,
    },
];

fn callback_mismatch(p: &Pasted, s: &Setup<'_>) -> (String, String) {
    let cb = s.callback();
    let sent = p
        .quoted_after("the url")
        .map(|u| format!(" It sent {u}."))
        .unwrap_or_default();
    let why = if s.is(T::Pomerium) {
        " Pomerium 0.31 and later always use /oauth2/callback: a custom authenticate_callback_path registered in Auth0 no longer matches (C7)."
    } else if s.is(T::Openmetadata) {
        " OpenMetadata's defaults send http://localhost:8585/callback when the callback settings are left in place (C22)."
    } else if s.is(T::Pachyderm) {
        " Behind Pachyderm's proxy the redirect URI includes /dex/ (C3)."
    } else {
        ""
    };
    (
        format!("Auth0 refused to start the login: the redirect_uri the system sent is not, exactly and case for case, in the application's Allowed Callback URLs.{sent} For this setup the callback is {cb}.{why} A list entered through the API as one comma-joined string also fails (C20)."),
        format!("In Auth0: {} > Application URIs > Allowed Callback URLs, add {cb} exactly, as its own entry, then Save. If the system sends another URL, correct the system's callback setting instead.", s.app_page()),
    )
}

fn redirect_uri_invalid(p: &Pasted, s: &Setup<'_>) -> (String, String) {
    let cb = s.callback();
    let sent = p.quoted_after("not valid:");
    let why = match &sent {
        Some(u) if !u.contains("://") => format!(" It sent {u:?}, which has no scheme (https://)."),
        Some(u) if u.chars().any(|c| c.is_whitespace() || c.is_control()) => {
            format!(" It sent {u:?}, which holds spaces or hidden characters.")
        }
        Some(u) => format!(" It sent {u:?}."),
        None => String::new(),
    };
    (
        format!("Auth0 cannot read the redirect_uri as an absolute URL, or it holds non-printable characters.{why}"),
        format!("Write the callback in the system's configuration as the absolute URL {cb}, typed again (no spaces, no characters copied from a formatted document)."),
    )
}

fn logout_not_allowed(p: &Pasted, s: &Setup<'_>) -> (String, String) {
    let url = p
        .quoted_after("querystring parameter")
        .or_else(|| s.app.as_ref().and_then(|a| a.logout_urls.first().cloned()));
    let url = url.unwrap_or_else(|| "the URL the system signs out to".to_owned());
    (
        format!("Signing out ends on Auth0's error page: {url} is not in the application's Allowed Logout URLs."),
        format!("In Auth0: {} > Application URIs > Allowed Logout URLs, add {url}, then Save.", s.app_page()),
    )
}

fn service_not_found(p: &Pasted, s: &Setup<'_>) -> (String, String) {
    let audience = p
        .word_after("service not found:")
        .unwrap_or_else(|| "the audience".to_owned());
    (
        format!("The login asks Auth0 for an access token for the API {audience}, and the tenant {} has no API with that identifier. Logging in to this system needs no audience.", s.domain()),
        format!("Remove the audience from the system's configuration, or create an API with the identifier {audience} in Auth0 (Applications > APIs)."),
    )
}

fn service_not_enabled(p: &Pasted, s: &Setup<'_>) -> (String, String) {
    let api = p
        .word_after("within domain:")
        .unwrap_or_else(|| format!("https://{}/api/v2/", s.domain()));
    let om = if s.is(T::Openmetadata) {
        " OpenMetadata's \"Test Configuration\" of a confidential client asks for a Management API token and reports this although the login itself works (C17)."
    } else {
        ""
    };
    (
        format!("The application asked for a client-credentials token for {api}, and it is not authorized for that API.{om}"),
        format!("In Auth0: Applications > APIs > (the API {api}) > Machine To Machine Applications, authorize the application (no scope is needed for a test), then Update."),
    )
}

fn grant_label(g: &str) -> &str {
    match g {
        "authorization_code" => "Authorization Code",
        "refresh_token" => "Refresh Token",
        "client_credentials" => "Client Credentials",
        "implicit" => "Implicit",
        "password" => "Password",
        g if g.contains("device_code") => "Device Code",
        other => other,
    }
}

fn grant_type(p: &Pasted, s: &Setup<'_>) -> (String, String) {
    let grant = p
        .quoted_after("grant type")
        .unwrap_or_else(|| "authorization_code".to_owned());
    (
        format!("The application does not allow the {grant} grant, which the system uses."),
        format!(
            "In Auth0: {} > Advanced Settings > Grant Types, tick {}, then Save.",
            s.app_page(),
            grant_label(&grant)
        ),
    )
}

fn invalid_grant_types(_: &Pasted, _: &Setup<'_>) -> (String, String) {
    (
        "The Management API refused a grant type for the application's kind: a public application (authentication method None) cannot have client_credentials.".to_owned(),
        "Leave Client Credentials off for a Single Page or Native application; use a Regular Web or Machine to Machine application for it.".to_owned(),
    )
}

fn unauthorized(_: &Pasted, s: &Setup<'_>) -> (String, String) {
    if s.public_client() {
        return (
            "Auth0 refused the code exchange: this setup is a public client (no secret), and the application's Authentication Method is not None (a Regular Web Application expects a secret) (C16).".to_owned(),
            format!("Use a Single Page Application, whose Authentication Method is None ({} > Credentials).", s.app_page()),
        );
    }
    (
        "Auth0 refused the code exchange (\"Failed Exchange … Unauthorized\" in the tenant's logs): the client secret in the system is wrong, or the application's Authentication Method is None (a Native or Single Page application) while the system sends a secret (C9).".to_owned(),
        format!("Use a Regular Web Application with Authentication Method Client Secret (Post) ({} > Credentials), and copy its Client Secret into the system's configuration again.", s.app_page()),
    )
}

fn issuer_mismatch(p: &Pasted, s: &Setup<'_>) -> (String, String) {
    let expected = p.quoted_after("expected");
    let got = p.quoted_after("got").or_else(|| p.quoted_after("found"));
    let pair = match (&expected, &got) {
        (Some(e), Some(g)) => format!(" The system expected {e} and Auth0 said {g}."),
        _ => String::new(),
    };
    if let (Some(e), Some(g)) = (&expected, &got) {
        if e.ends_with("//")
            || (s.is(T::Openmetadata) && e.trim_end_matches('/') == g.trim_end_matches('/'))
        {
            let authority = g.trim_end_matches('/');
            return (
                format!("OpenMetadata's authority ends with a slash: the UI hands it to the Auth0 SDK as the domain, which then expects the issuer with a second slash (C14).{pair}"),
                format!("Set authority to {authority} (no trailing slash) in OpenMetadata's authentication configuration and restart it."),
            );
        }
    }
    let issuer = got.clone().unwrap_or_else(|| s.auth0_issuer());
    let slash = match (&expected, &got) {
        (Some(e), Some(g)) if e.trim_end_matches('/') == g.trim_end_matches('/') => " They differ only by the trailing slash, which Dex, Pomerium and pachd compare letter by letter.",
        _ => "",
    };
    (
        format!("The issuer the system is configured with is not, letter for letter, the one Auth0's discovery document and tokens carry.{pair}{slash}"),
        format!("Write the issuer exactly as {issuer} (Auth0's form: https://, the domain, the trailing slash). With Pomerium, idp_provider: auth0 adds the slash itself (C8)."),
    )
}
