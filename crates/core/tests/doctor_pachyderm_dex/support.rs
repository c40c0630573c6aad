//! What the Pachyderm / Dex doctor tests share: the fixtures, the surest
//! claim, every finding (the import's and the lint's), and the check that
//! each spot holds its setting's value.

use auth0_wizard_core::doctor::tree::{self, Node, Value};
use auth0_wizard_core::doctor::{
    claims, lint, Claim, ImportOptions, Imported, Layer, Level, Source,
};
use base64::Engine;
use std::path::PathBuf;
use url::Url;

pub fn path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/doctor")
        .join(rel)
}

pub fn fixture(rel: &str) -> Source {
    let bytes = std::fs::read(path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Source::read(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The surest claim on `src`.
pub fn top(src: &Source, opts: &ImportOptions, what: &str) -> Claim {
    claims(src, opts)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{what}: no target claims the file"))
}

/// Every finding the user sees: the import's, then the lint's.
pub fn all_findings(
    src: &Source,
    imported: &Imported,
) -> Vec<(Level, String, String, Option<usize>)> {
    let linted = lint(imported.detected.target, src, imported);
    let severities: Vec<Level> = linted.iter().map(|f| f.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted, "the lint gives errors first");
    imported
        .findings
        .iter()
        .chain(&linted)
        .map(|f| {
            (
                f.severity,
                f.code.clone(),
                f.location.path.clone(),
                f.location.line,
            )
        })
        .collect()
}

/// The scalar that starts at byte `start` of any of `docs`.
fn scalar_at(docs: &[Node], start: usize) -> Option<&Node> {
    fn walk(n: &Node, start: usize) -> Option<&Node> {
        match &n.value {
            Value::Scalar(..) => (n.span.start == start).then_some(n),
            Value::Seq(items) => items.iter().find_map(|i| walk(i, start)),
            Value::Map(entries) => entries.iter().find_map(|(_, v)| walk(v, start)),
        }
    }
    docs.iter().find_map(|d| walk(d, start))
}

/// The text inside `layers` of `text`, each layer undone by reading the file
/// again (not through the importer).
fn undo(text: &str, layers: &[Layer]) -> String {
    let mut t = text.to_owned();
    for layer in layers {
        let (Layer::JsonString(span) | Layer::YamlString(span) | Layer::Base64(span)) = layer;
        let docs = tree::parse(&t).unwrap();
        let node =
            scalar_at(&docs, span.start).unwrap_or_else(|| panic!("no scalar at layer {layer:?}"));
        assert_eq!(node.span, *span, "the layer's span is the scalar's");
        let value = node.as_str().unwrap().to_owned();
        t = match layer {
            Layer::Base64(_) => {
                let compact: String = value.split_whitespace().collect();
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(compact)
                    .unwrap();
                String::from_utf8(bytes).unwrap()
            }
            _ => value,
        };
    }
    t
}

/// Every spot holds, once its layers are undone, the value of its setting:
/// the same text (the issuer, client ID, ...), the secret or the reference
/// that stands for it, or the public URL's callback.
pub fn check_spots(src: &Source, imported: &Imported, what: &str) {
    let s = &imported.settings;
    let callback = imported.detected.target.rules().callback_path;
    for (field, spot) in &imported.spots {
        let inner = undo(&src.text, &spot.layers);
        let docs = tree::parse(&inner).unwrap();
        let node = scalar_at(&docs, spot.span.start)
            .unwrap_or_else(|| panic!("{what}: {field}: no scalar at {:?}", spot.span));
        assert_eq!(node.span, spot.span, "{what}: {field}");
        assert!(!spot.path.to_string().is_empty(), "{what}: {field}");
        let v = node.as_str().unwrap();
        let ctx = format!("{what}: {field} at {}", spot.path);
        match field.as_str() {
            "issuer" => assert_eq!(v, s.issuer, "{ctx}"),
            "clientId" => assert_eq!(v, s.client_id, "{ctx}"),
            "connectorId" => assert_eq!(v, s.connector_id, "{ctx}"),
            "connectorName" => assert_eq!(v, s.connector_name, "{ctx}"),
            "groupsClaim" => assert_eq!(v, s.groups_claim, "{ctx}"),
            "clientSecret" => match &s.client_secret {
                Some(secret) => assert_eq!(v, secret.expose(), "{ctx}"),
                None => assert!(
                    v.starts_with('$') || v.contains("REPLACE") || v.contains('<') || v.is_empty(),
                    "{ctx}: {v:?} is a secret"
                ),
            },
            "publicUrl" => {
                let dex_config = matches!(
                    imported.detected.format.as_str(),
                    "dex-config" | "dex-helm-values"
                );
                match v.strip_suffix(callback) {
                    Some(base) if !dex_config => assert_eq!(base, s.public_url, "{ctx}"),
                    _ => {
                        let origin = |u: &str| {
                            Url::parse(u)
                                .map(|u| u.origin().ascii_serialization())
                                .unwrap_or_default()
                        };
                        assert_eq!(
                            origin(v),
                            origin(&s.public_url),
                            "{ctx}: {v:?} vs {:?}",
                            s.public_url
                        );
                    }
                }
            }
            f => {
                let key = f
                    .strip_prefix("extras.")
                    .unwrap_or_else(|| panic!("{ctx}: not a setting"));
                assert_eq!(Some(v), s.extras.get(key).map(String::as_str), "{ctx}");
            }
        }
    }
}
