//! The wizard's settings in a Pomerium file, and where each stands.

use super::import::{secret_elsewhere, usable};
use super::read::{Entry, Options};
use crate::doctor::tree::{self, Node};
use crate::doctor::values::{env_reference, plain_spot, sub_span};
use crate::doctor::{Imported, Layer, Spot};
use crate::secret::Secret;
use base64::Engine;

pub(super) fn fill(o: &Options, im: &mut Imported) {
    issuer_and_domain(o, im);
    if let Some((e, v)) = owned(o, "idp_client_id") {
        im.settings.client_id = v.to_owned();
        im.spots.insert("clientId".into(), spot(e));
    }
    client_secret(o, im);
    if let Some((e, v)) = owned(o, "authenticate_service_url") {
        im.settings.public_url = v.to_owned();
        im.spots.insert("publicUrl".into(), spot(e));
    }
    for (option, extra) in [("cookie_secret", "cookieSecret"), ("shared_secret", "sharedSecret")] {
        if let Some((e, v)) = owned(o, option) {
            im.settings.extra_secrets.insert(extra.into(), Secret::new(v));
            im.spots.insert(format!("extras.{extra}"), spot(e));
        }
    }
    service_account(o, im);
}

/// An option whose scalar value is a real value (not a placeholder or a
/// reference), written exactly as its text.
fn owned<'o, 'a>(o: &'o Options<'a>, option: &str) -> Option<(&'o Entry<'a>, &'o str)> {
    let e = o.get(option)?;
    let v = usable(e.text().filter(|v| !v.trim().is_empty()))?;
    (v.trim() == v).then_some((e, v))
}

fn spot(e: &Entry) -> Spot {
    plain_spot(e.path(), e.value.span)
}

/// `idp_provider_url` is the issuer, kept as written; the domain is its host.
fn issuer_and_domain(o: &Options, im: &mut Imported) {
    let Some((e, v)) = owned(o, "idp_provider_url") else {
        return;
    };
    im.settings.issuer = v.to_owned();
    im.spots.insert("issuer".into(), spot(e));
    let start = v.find("://").map_or(0, |i| i + 3);
    let rest = &v[start..];
    let end = start + rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &v[start..end];
    if host.is_empty() || host.contains('@') {
        return;
    }
    im.settings.domain = host.to_owned();
    if let Some(span) = sub_span(&o.src.text, e.value.span, v, start..end) {
        im.spots.insert("domain".into(), plain_spot(e.path(), span));
    }
}

fn client_secret(o: &Options, im: &mut Imported) {
    if let Some((e, v)) = owned(o, "idp_client_secret") {
        im.settings.client_secret = Some(Secret::new(v));
        im.spots.insert("clientSecret".into(), spot(e));
        return;
    }
    let name = o.name("idp_client_secret");
    if let Some(r) = o.get("idp_client_secret").and_then(|e| Some((e, env_reference(e.text()?)?))) {
        im.findings.push(secret_elsewhere(
            "pomerium.secret.reference",
            r.0.location(),
            "client secret",
            format!("{name} only names ${}", r.1),
        ));
    } else if let Some(f) = o.get("idp_client_secret_file") {
        im.findings.push(secret_elsewhere(
            "pomerium.secret.from_file",
            f.location(),
            "client secret",
            format!("Pomerium reads it from {}", f.text().unwrap_or("a file")),
        ));
    }
}

/// `idp_service_account` (before 0.20): base64 of, or plain, JSON
/// `{"client_id": ..., "secret" | "client_secret": ...}` (§3.2).
fn service_account(o: &Options, im: &mut Imported) {
    let Some((e, v)) = owned(o, "idp_service_account") else {
        return;
    };
    let (layer, inner) = if v.starts_with('{') {
        (Layer::JsonString(e.value.span), v.to_owned())
    } else {
        let Some(text) = base64::engine::general_purpose::STANDARD
            .decode(v)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
        else {
            return;
        };
        (Layer::Base64(e.value.span), text)
    };
    let Some(doc) = tree::parse(&inner).ok().and_then(|mut d| (!d.is_empty()).then(|| d.remove(0))) else {
        return;
    };
    let inner_spot = |node: &Node, key: &str| Spot {
        path: e.path().key(key),
        layers: vec![layer.clone()],
        span: node.span,
    };
    if let Some(id) = doc.get("client_id").filter(|n| n.as_str().is_some_and(|s| !s.is_empty())) {
        im.settings.extras.insert("serviceAccountClientId".into(), id.as_str().unwrap_or_default().to_owned());
        im.spots.insert("extras.serviceAccountClientId".into(), inner_spot(id, "client_id"));
    }
    let secret = ["secret", "client_secret"].into_iter().find_map(|k| Some((k, doc.get(k)?)));
    if let Some((k, s)) = secret.filter(|(_, n)| n.as_str().is_some_and(|s| !s.is_empty())) {
        im.settings.extra_secrets.insert("serviceAccountSecret".into(), Secret::new(s.as_str().unwrap_or_default()));
        im.spots.insert("extras.serviceAccountSecret".into(), inner_spot(s, k));
    }
}
