//! The Auth0 domain as the user typed it: `dev-abc.us.auth0.com`, with or
//! without `https://`, a trailing slash or a port.

use super::Report;
use crate::model::Domain;
use url::Url;

const F: &str = "domain";
const FIX_COPY: &str = "Copy Domain from the application's Settings tab in the Auth0 dashboard.";
const FIX_HOST: &str = "Enter the host name, e.g. dev-abc123.us.auth0.com.";
const FIX_ONLY_HOST: &str = "Enter only the host name, e.g. dev-abc123.us.auth0.com.";

/// The domain, or `None` with the reason in the report.
pub(super) fn check_domain(input: &str, r: &mut Report) -> Option<Domain> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        r.error(F, "domain.empty", "The Auth0 domain is empty.", "Copy Domain from the application's Settings tab in the Auth0 dashboard, e.g. dev-abc123.us.auth0.com.");
        return None;
    }
    if trimmed != input {
        r.warn(
            F,
            "domain.whitespace",
            "The domain has spaces around it; they were removed.",
            "Nothing to do: the trimmed value is used.",
        );
    }
    if trimmed.chars().any(char::is_whitespace) {
        r.error(
            F,
            "domain.spaces",
            "The domain contains spaces.",
            "Remove the spaces: a domain is one word, e.g. dev-abc123.us.auth0.com.",
        );
        return None;
    }
    let rest = strip_scheme(trimmed, r)?;
    let authority = authority(rest, r)?;
    let url = parse_authority(authority, r)?;
    let host = host_name(&url, authority, r)?;
    check_labels(&host, r)?;
    check_not_auth0_site(&host, r)?;
    Some(Domain {
        host,
        port: url.port(),
    })
}

/// What follows `https://` (a warning) or `http://` (a warning: https is used).
fn strip_scheme<'a>(s: &'a str, r: &mut Report) -> Option<&'a str> {
    let Some((scheme, after)) = s.split_once("://") else {
        return Some(s);
    };
    match scheme.to_ascii_lowercase().as_str() {
        "https" => r.warn(F, "domain.scheme", "The domain was typed with https://; only the host name is used.", FIX_ONLY_HOST),
        "http" => r.warn(F, "domain.scheme", "The domain was typed with http://, but Auth0 is only served over https; https is used.", FIX_ONLY_HOST),
        other => {
            r.error(F, "domain.scheme", format!("The domain starts with the scheme {other}://, which Auth0 does not serve."), FIX_ONLY_HOST);
            return None;
        }
    }
    Some(after)
}

/// `host[:port]`: everything before a path, query or fragment (a lone
/// trailing slash is a warning), without a user name.
fn authority<'a>(s: &'a str, r: &mut Report) -> Option<&'a str> {
    // A backslash ends the host as a slash does (URL parsers treat it as one).
    let (authority, path) = match s.find(['/', '?', '#', '\\']) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    };
    if authority.contains('@') {
        r.error(
            F,
            "domain.userinfo",
            "The domain contains a user name or password (the part before @).",
            "Remove everything up to and including the @.",
        );
        return None;
    }
    if path == "/" {
        r.warn(
            F,
            "domain.trailing_slash",
            "The domain ends with a slash; it was removed.",
            "Enter only the host name; the wizard adds the slash where a target needs it.",
        );
    } else if !path.is_empty() {
        r.error(F, "domain.path", format!("The domain has a path, query or fragment ({path}); the domain is only the host name."), format!("Remove {path}: enter only {authority}."));
        return None;
    }
    if authority.is_empty() {
        r.error(F, "domain.empty", "The domain has no host name.", FIX_HOST);
        return None;
    }
    Some(authority)
}

fn parse_authority(authority: &str, r: &mut Report) -> Option<Url> {
    if authority.contains('%') {
        // The URL parser would decode it silently into a different host name.
        r.error(
            F,
            "domain.invalid",
            format!("{authority:?} contains %: a host name is never percent-encoded."),
            FIX_COPY,
        );
        return None;
    }
    match Url::parse(&format!("https://{authority}/")) {
        Ok(u) => Some(u),
        Err(e) => {
            r.error(
                F,
                "domain.invalid",
                format!("{authority:?} is not a valid host name: {e}."),
                FIX_COPY,
            );
            None
        }
    }
}

/// The host as URLs write it: lower case, IDN in punycode (a warning), IPv6 in brackets.
fn host_name(url: &Url, authority: &str, r: &mut Report) -> Option<String> {
    let host = match url.host() {
        Some(url::Host::Domain(d)) => d.to_owned(),
        Some(url::Host::Ipv4(ip)) => ip.to_string(),
        Some(url::Host::Ipv6(ip)) => format!("[{ip}]"),
        None => {
            r.error(
                F,
                "domain.invalid",
                "The domain has no host name.",
                FIX_HOST,
            );
            return None;
        }
    };
    if !authority.is_ascii() {
        r.warn(F, "domain.idn", format!("The domain has non-ASCII characters; it is used in its ASCII (punycode) form {host}."), "Nothing to do, unless you meant a different domain: check it against the Auth0 dashboard.");
    }
    Some(host)
}

/// Auth0's own sites typed instead of the tenant's domain.
fn check_not_auth0_site(host: &str, r: &mut Report) -> Option<()> {
    const FIX: &str = "In the Auth0 dashboard open Applications > Applications > (your app) > Settings and copy Domain, e.g. dev-abc123.us.auth0.com.";
    let (code, what) = match host {
        "manage.auth0.com" => (
            "domain.dashboard",
            "manage.auth0.com is the Auth0 dashboard",
        ),
        "auth0.com" | "www.auth0.com" => ("domain.auth0_site", "auth0.com is Auth0's web site"),
        _ => return Some(()),
    };
    r.error(F, code, format!("{what}, not your tenant's domain."), FIX);
    None
}

/// Only letters, digits, `-`, `.` (and `:` in IPv6); no label starts or ends
/// with `-`; a name without a dot is a warning.
fn check_labels(host: &str, r: &mut Report) -> Option<()> {
    if let Some(bad) = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':')))
    {
        r.error(
            F,
            "domain.invalid",
            format!("The host name contains {bad:?}, which a host name cannot have."),
            FIX_COPY,
        );
        return None;
    }
    if host
        .split('.')
        .any(|l| l.starts_with('-') || l.ends_with('-'))
    {
        r.error(
            F,
            "domain.invalid",
            "A part of the host name starts or ends with a hyphen.",
            FIX_COPY,
        );
        return None;
    }
    if !host.contains('.') && !host.starts_with('[') && host != "localhost" {
        r.warn(
            F,
            "domain.single_label",
            format!("{host} has no dot: Auth0 domains look like dev-abc123.us.auth0.com."),
            "Check the domain against the Auth0 dashboard.",
        );
    }
    Some(())
}
