//! Every spot an import records holds exactly the value the settings carry:
//! the text at the span, once its layers (base64, a JSON text in a string)
//! and its quoting are undone, is the setting (a list is joined with ", ",
//! as the settings write it). The fixer edits the file at these spans only.

use crate::roundtrip::exports;
use crate::{import, read_fixture, FIXTURES};
use auth0_wizard_core::doctor::envfile;
use auth0_wizard_core::doctor::import::SourceKind;
use auth0_wizard_core::doctor::tree::{self, Value};
use auth0_wizard_core::doctor::{Claim, Layer, Source, Spot};
use auth0_wizard_core::RawSettings;
use base64::Engine;

fn setting(s: &RawSettings, field: &str) -> Option<String> {
    match field {
        "domain" => Some(s.domain.clone()),
        "clientId" => Some(s.client_id.clone()),
        "clientSecret" => s.client_secret.as_ref().map(|x| x.expose().to_owned()),
        "publicUrl" => Some(s.public_url.clone()),
        "issuer" => Some(s.issuer.clone()),
        f => {
            let key = f.strip_prefix("extras.")?;
            s.extras
                .get(key)
                .cloned()
                .or_else(|| s.extra_secrets.get(key).map(|x| x.expose().to_owned()))
        }
    }
}

/// A scalar (or a list) as written, read back: YAML, or an env value. A
/// list is YAML wherever it stands (in an env value too, which OpenMetadata
/// substitutes into its YAML); `indent` keeps a block list's first item in line.
fn unquote(raw: &str, env: bool, indent: usize) -> String {
    if raw.starts_with('[') || raw.starts_with("- ") {
        let text = format!("{}{raw}", " ".repeat(indent));
        let doc = tree::parse(&text).unwrap().remove(0);
        let items: Vec<&str> = doc
            .as_seq()
            .unwrap_or_else(|| panic!("not a list: {raw}"))
            .iter()
            .filter_map(|n| n.as_str())
            .collect();
        return items.join(", ");
    }
    if env {
        let doc = envfile::parse(&format!("K={raw}\n")).unwrap();
        return doc.str_at("K").unwrap().to_owned();
    }
    let doc = tree::parse(raw).unwrap().remove(0);
    match &doc.value {
        Value::Scalar(s, _) => s.clone(),
        Value::Seq(items) => items
            .iter()
            .filter_map(|n| n.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        Value::Map(_) => panic!("a spot on a map: {raw}"),
    }
}

fn undo(src: &Source, spot: &Spot) -> String {
    let mut text = src.text.clone();
    let mut env = src.kind == SourceKind::Env;
    for layer in &spot.layers {
        text = match layer {
            Layer::JsonString(s) | Layer::YamlString(s) => unquote(&text[s.start..s.end], env, 0),
            Layer::Base64(s) => {
                let b = base64::engine::general_purpose::STANDARD
                    .decode(unquote(&text[s.start..s.end], env, 0))
                    .unwrap();
                String::from_utf8(b).unwrap()
            }
        };
        env = false;
    }
    unquote(
        &text[spot.span.start..spot.span.end],
        env,
        spot.span.col - 1,
    )
}

fn check(name: &str, src: &Source, c: &Claim, failures: &mut Vec<String>) {
    for (field, spot) in &c.imported.spots {
        let want = setting(&c.imported.settings, field);
        let got = undo(src, spot);
        if want.as_deref() != Some(got.as_str()) {
            failures.push(format!(
                "{name}: {field} at {} is {got:?}, the settings say {want:?}",
                spot.path
            ));
        }
        let outer = match spot.layers.first() {
            Some(Layer::JsonString(s) | Layer::YamlString(s) | Layer::Base64(s)) => *s,
            None => spot.span,
        };
        let line = src.text[..outer.start].matches('\n').count() + 1;
        if outer.line != line {
            failures.push(format!(
                "{name}: {field} says line {} but stands on line {line}",
                outer.line
            ));
        }
    }
}

#[test]
fn every_spot_holds_the_setting() {
    let mut failures = Vec::new();
    let mut count = 0;
    for file in FIXTURES {
        let src = read_fixture(file);
        let c = import(&src, None);
        count += c.imported.spots.len();
        check(file, &src, &c, &mut failures);
    }
    for e in exports() {
        let src = Source::read(e.text.as_bytes()).unwrap();
        let c = import(&src, None);
        count += c.imported.spots.len();
        check(
            &format!("{} {} {}", e.target, e.variant, e.format),
            &src,
            &c,
            &mut failures,
        );
    }
    assert!(count > 100, "only {count} spots");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_owned_values_have_spots() {
    let want = |file: &str, fields: &[&str]| {
        let c = import(&read_fixture(file), None);
        let have: Vec<&str> = c.imported.spots.keys().map(String::as_str).collect();
        assert_eq!(have, fields, "{file}");
    };
    want(
        "pomerium/removed-0.20.yaml",
        &[
            "clientId",
            "domain",
            "extras.serviceAccountClientId",
            "extras.serviceAccountSecret",
            "issuer",
            "publicUrl",
        ],
    );
    want(
        "pomerium/full-config.yaml",
        &[
            "clientId",
            "clientSecret",
            "domain",
            "extras.cookieSecret",
            "issuer",
            "publicUrl",
        ],
    );
    want(
        "openmetadata/openmetadata.yaml",
        &[
            "clientId",
            "domain",
            "extras.adminPrincipals",
            "extras.clientType",
            "extras.principalDomain",
            "publicUrl",
        ],
    );
    want("openmetadata/seed-ingestion.yaml", &["publicUrl"]);
}
