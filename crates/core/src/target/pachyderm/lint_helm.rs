//! The Helm values around the connectors (the chart's `oidc:` keys, the
//! proxy and the Dex issuer it makes), and the redirect URI, which must be
//! the Dex issuer + `/callback`, that is `https://<proxy.host>/dex/callback`.

use super::keys::HELM_OIDC_KEYS;
use crate::doctor::{did_you_mean, Finding, KeyPath, Level, Location, Node};
use crate::target::dex::connector::{get, Cfg, Keys};
use crate::target::dex::lint_values::{redirect_https, redirect_url};
use crate::target::dex::types::{scalar, Scalar};

fn is_true(n: Option<&Node>) -> Option<bool> {
    match n.and_then(scalar) {
        Some(Scalar::Bool(b)) => Some(b),
        _ => None,
    }
}

/// The chart's `oidc:` keys, and the proxy's rule for `oidc.issuerURI`.
pub fn helm_file(doc: &Node, out: &mut Vec<Finding>) {
    let Some(oidc) = doc.get("oidc") else { return };
    let base = KeyPath::root().key("oidc");
    for (k, v) in oidc.as_map().unwrap_or(&[]) {
        let Some(key) = k.as_str() else { continue };
        if HELM_OIDC_KEYS.contains(&key) {
            continue;
        }
        let suggestion = did_you_mean(key, HELM_OIDC_KEYS.iter().copied())
            .or_else(|| HELM_OIDC_KEYS.iter().copied().find(|h| h.eq_ignore_ascii_case(key)));
        let loc = Location::at(&base.key(key), k);
        let lost = suggestion == Some("upstreamIDPs") && v.as_seq().is_some();
        let (level, msg) = if lost {
            (Level::Error, format!("The chart has no oidc.{key}: pachd never sees these connectors and keeps the mock IdP (or none)."))
        } else {
            (Level::Warning, format!("The chart has no oidc.{key}: nothing reads it."))
        };
        let fix = match suggestion {
            Some(s) => format!("Did you mean {s}? Keys are case-sensitive."),
            None => format!("Remove oidc.{key}."),
        };
        out.push(Finding::new("pachyderm.helm.unknown_key", level, loc, msg, fix));
    }
    let list = oidc.get("upstreamIDPs").and_then(Node::as_seq).is_some_and(|l| !l.is_empty());
    if let Some(name) = oidc.get("upstreamIDPsSecretName").filter(|n| n.as_str().is_some_and(|s| !s.is_empty())) {
        if list {
            out.push(Finding::new("pachyderm.helm.list_and_secret", Level::Warning, Location::at(&base.key("upstreamIDPsSecretName"), name),
                "Both oidc.upstreamIDPs and oidc.upstreamIDPsSecretName are set: pachd reads the Secret and ignores oidc.upstreamIDPs.",
                "Keep one: the Secret (and empty oidc.upstreamIDPs), or the list (and no upstreamIDPsSecretName)."));
        }
    }
    issuer_uri(doc, oidc, &base, out);
}

/// Reference C5: with the proxy enabled the chart fails unless
/// `oidc.issuerURI` ends in `/dex` (`templates/_helpers.tpl`).
fn issuer_uri(doc: &Node, oidc: &Node, base: &KeyPath, out: &mut Vec<Finding>) {
    let Some(node) = oidc.get("issuerURI") else { return };
    let Some(uri) = node.as_str().filter(|s| !s.is_empty()) else { return };
    if uri.ends_with("/dex") {
        return;
    }
    let (level, when) = match is_true(doc.at("proxy.enabled")) {
        Some(false) => return,
        Some(true) => (Level::Error, "proxy.enabled is true"),
        None => (Level::Warning, "proxy.enabled is not set here and the chart enables it by default since 2.5"),
    };
    out.push(Finding::new("pachyderm.helm.issuer_uri_not_dex", level, Location::at(&base.key("issuerURI"), node),
        format!("oidc.issuerURI is {uri:?} and {when}: the chart refuses it (With the proxy enabled, oidc.issuerURI must end with /dex), and Dex is served under /dex behind the proxy."),
        "Write oidc.issuerURI: https://<proxy.host>/dex, or leave it empty so the chart infers it from proxy.host."));
}

/// The Dex issuer the chart makes, and which value it comes from.
fn dex_issuer(doc: &Node) -> Option<(String, &'static str)> {
    if let Some(uri) = doc.str_at("oidc.issuerURI").filter(|s| !s.is_empty()) {
        return Some((uri.to_owned(), "oidc.issuerURI"));
    }
    let on = |p: &str| is_true(doc.at(p)) == Some(true);
    let proto = if on("ingress.tls.enabled") || on("proxy.tls.enabled") || on("ingress.uriHttpsProtoOverride") { "https" } else { "http" };
    let host = |p: &str| doc.str_at(p).filter(|s| !s.is_empty());
    if on("ingress.enabled") {
        if let Some(h) = host("ingress.host") {
            return Some((format!("{proto}://{h}/dex"), "ingress.host"));
        }
    }
    let proxy_off = is_true(doc.at("proxy.enabled")) == Some(false);
    match host("proxy.host") {
        Some(h) if !proxy_off => Some((format!("{proto}://{h}/dex"), "proxy.host")),
        _ => None,
    }
}

/// pachd's Dex is under `/dex` behind the proxy: the redirect URI is
/// `<proxy>/dex/callback` (reference C3), and Dex only accepts its issuer +
/// `/callback` unless `insecureSkipIssuerCallbackDomainCheck` (C4).
pub fn redirect(cfg: &Cfg, helm: Option<&Node>, out: &mut Vec<Finding>) {
    let Some((path, node, url)) = redirect_url(cfg, "redirectURI", "pachyderm", out) else { return };
    redirect_https(cfg, &path, &node, &url, "pachyderm", out);
    let loc = cfg.text.location(&path, &node);
    let given = node.as_str().unwrap_or("").trim();
    let p = url.path();
    let dex_port = matches!(url.port(), Some(30658 | 1658));
    if p.ends_with("/callback") && !p.ends_with("/dex/callback") && !dex_port {
        let fixed = format!("{}/dex/callback", given.trim_end_matches("/callback"));
        out.push(Finding::new("pachyderm.redirect.no_dex_path", Level::Error, loc,
            format!("redirectURI {given:?} lacks /dex: behind Pachyderm's proxy (or an ingress) Dex is served under /dex, so Auth0 sends users to a URL Dex does not serve, or reports a callback URL mismatch."),
            format!("Write redirectURI: {fixed} (and register exactly that URL in the Auth0 application's Allowed Callback URLs).")));
        return;
    }
    if !p.ends_with("/callback") {
        out.push(Finding::new("pachyderm.redirect.not_dex_callback", Level::Error, loc,
            format!("redirectURI {given:?} is not Dex's callback: it must be <proxy URL>/dex/callback."),
            "Write redirectURI: https://<proxy.host>/dex/callback.".to_owned()));
        return;
    }
    let skip = get(&cfg.node, "insecureSkipIssuerCallbackDomainCheck", Keys::Exact).is_some_and(|(_, v)| scalar(v) == Some(Scalar::Bool(true)));
    let Some((issuer, from)) = helm.and_then(dex_issuer) else { return };
    let expected = format!("{}/callback", issuer.trim_end_matches('/'));
    if skip || given == expected {
        return;
    }
    let internal = url::Url::parse(&issuer).ok().and_then(|u| u.host_str().map(|h| !h.contains('.'))).unwrap_or(false);
    if internal {
        out.push(Finding::new("pachyderm.redirect.internal_issuer", Level::Error, loc,
            format!("Dex's issuer is the internal {issuer:?} ({from}) while redirectURI is the public {given:?}: Dex only accepts <issuer>/callback and answers \"Login error.\" at login."),
            "Add insecureSkipIssuerCallbackDomainCheck: true to the connector's config, or set oidc.issuerURI to https://<proxy.host>/dex."));
    } else {
        out.push(Finding::new("pachyderm.redirect.issuer_mismatch", Level::Error, loc,
            format!("redirectURI is {given:?} but Dex's issuer is {issuer:?} ({from}): Dex only accepts <issuer>/callback and answers \"Login error.\" at login (expected callback URL ... did not match the URL in the config)."),
            format!("Write redirectURI: {expected} (and register exactly that URL in Auth0), or fix {from}.")));
    }
}
