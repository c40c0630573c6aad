//! The system's public URL and the issuer the exports write.

use super::{Report, TargetCtx};
use crate::model::Domain;
use url::Url;

const F: &str = "publicUrl";

pub(super) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost" || d.ends_with(".localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The public URL, normalized: no trailing slash, no suffix the target adds itself.
pub(super) fn check_public_url(input: &str, t: &TargetCtx, r: &mut Report) -> Option<Url> {
    let mut url = parse(input.trim(), t, r)?;
    check_scheme(&url, t, r)?;
    check_parts(&url, r)?;
    let path = url.path().trim_end_matches('/').to_owned();
    check_not_callback(&url, &path, t, r)?;
    match &t.rules.url_suffix {
        Some(s) if path.ends_with(s.suffix) => {
            r.warn(F, s.code, s.message, s.fix);
            url.set_path(path.trim_end_matches(s.suffix));
        }
        _ => url.set_path(&path),
    }
    Some(url)
}

fn parse(s: &str, t: &TargetCtx, r: &mut Report) -> Option<Url> {
    let example = t.url_placeholder;
    if s.is_empty() {
        r.error(
            F,
            "public_url.empty",
            format!("The {} is empty.", t.url_label),
            format!("Enter the full URL, e.g. {example}."),
        );
        return None;
    }
    if s.chars().any(char::is_whitespace) {
        r.error(
            F,
            "public_url.spaces",
            "The URL contains spaces.",
            format!("Remove the spaces, e.g. {example}."),
        );
        return None;
    }
    match Url::parse(s) {
        Ok(u) if u.has_host() => Some(u),
        Ok(_) | Err(url::ParseError::RelativeUrlWithoutBase) => {
            r.error(
                F,
                "public_url.not_absolute",
                format!("{s:?} is not an absolute URL."),
                format!("Start with https://, e.g. {example}."),
            );
            None
        }
        Err(e) => {
            r.error(
                F,
                "public_url.invalid",
                format!("{s:?} is not a valid URL: {e}."),
                format!("Enter the full URL, e.g. {example}."),
            );
            None
        }
    }
}

/// https, or http on this machine (or, where the target allows it, anywhere with a warning).
fn check_scheme(url: &Url, t: &TargetCtx, r: &mut Report) -> Option<()> {
    let example = t.url_placeholder;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(url) => {}
        "http" => match t.rules.http_allowed_fix {
            Some(fix) => r.warn(F, "public_url.not_https", "The URL uses http on a host that is not this machine: the login and its tokens travel unencrypted.", fix),
            None => {
                r.error(F, "public_url.not_https", "The URL uses http on a host that is not this machine; Auth0, browsers and the target need https there.", format!("Use https://, e.g. {example}."));
                return None;
            }
        },
        other => {
            r.error(F, "public_url.scheme", format!("The URL's scheme is {other}:, not https:."), format!("Use https://, e.g. {example}."));
            return None;
        }
    }
    Some(())
}

/// The target's callback URL pasted where its base URL belongs: the wizard
/// would add the callback path a second time.
fn check_not_callback(url: &Url, path: &str, t: &TargetCtx, r: &mut Report) -> Option<()> {
    let cb = t.rules.callback_path;
    let Some(base_path) = path.strip_suffix(cb).filter(|_| !cb.is_empty()) else {
        return Some(());
    };
    let mut base = url.clone();
    base.set_path(base_path);
    let base = base.as_str().trim_end_matches('/').to_owned();
    r.error(
        F,
        "public_url.callback",
        format!(
            "This is the callback URL (it ends in {cb}), not the {}: the wizard adds {cb} itself.",
            t.url_label
        ),
        format!("Use {base}."),
    );
    None
}

/// No fragment, query or user name: a base URL has none.
fn check_parts(url: &Url, r: &mut Report) -> Option<()> {
    if url.fragment().is_some() {
        r.error(
            F,
            "public_url.fragment",
            "The URL has a #fragment, which a callback URL cannot have.",
            "Remove the # and everything after it.",
        );
        return None;
    }
    if url.query().is_some() {
        r.error(
            F,
            "public_url.query",
            "The URL has a ?query, which does not belong in a base URL.",
            "Remove the ? and everything after it.",
        );
        return None;
    }
    if !url.username().is_empty() || url.password().is_some() {
        r.error(
            F,
            "public_url.userinfo",
            "The URL contains a user name or password.",
            "Remove everything between :// and the @, and the @.",
        );
        return None;
    }
    Some(())
}

/// The issuer to write: Auth0's form `https://{domain}/` unless one was given.
pub(super) fn check_issuer(
    input: &str,
    domain: Option<&Domain>,
    t: &TargetCtx,
    r: &mut Report,
) -> Option<String> {
    const F: &str = "issuer";
    let s = input.trim();
    if s.is_empty() {
        // Auth0's own form; validation of the domain already reported any problem.
        return Some(domain.map(Domain::issuer).unwrap_or_default());
    }
    if !s.starts_with("https://") {
        r.error(
            F,
            "issuer.scheme",
            format!("The issuer {s:?} does not start with https://."),
            "Use the issuer from the discovery document, e.g. https://dev-abc123.us.auth0.com/.",
        );
        return None;
    }
    if t.rules.issuer_needs_slash && !s.ends_with('/') {
        r.error(F, "issuer.trailing_slash", format!("The issuer {s:?} has no trailing slash; Dex compares it with Auth0's issuer (which ends in /) letter by letter and refuses to start the connector."), format!("Use {s}/ (with the slash)."));
        return None;
    }
    if let Some(d) = domain {
        if s.trim_end_matches('/') != d.base_url() {
            r.warn(F, "issuer.domain_mismatch", format!("The issuer {s} is not on the domain {d}: tokens carry the issuer of the domain the login used."), "Use one domain (tenant or custom) everywhere.");
        }
    }
    Some(s.to_owned())
}
