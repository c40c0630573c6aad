//! Arbitrary files into the Pachyderm, Pachyderm 1.x and Dex importers and
//! lints: trees built from the keys they look for (with YAML, JSON and
//! base64 texts inside strings, as `jsonConfig` and `upstream-idps` hold
//! them) and arbitrary bytes. Nothing may panic.

use auth0_wizard_core::doctor::{claims, lint, ImportOptions, Source};
use auth0_wizard_core::TargetId;
use base64::Engine;
use proptest::prelude::*;
use serde_json::{Map, Value};

const KEYS: &[&str] = &[
    "oidc",
    "upstreamIDPs",
    "upstreamIdps",
    "upstreamIDPsSecretName",
    "issuerURI",
    "proxy",
    "enabled",
    "host",
    "tls",
    "ingress",
    "connectors",
    "config",
    "jsonConfig",
    "type",
    "id",
    "name",
    "version",
    "configVersion",
    "issuer",
    "clientID",
    "clientSecret",
    "redirectURI",
    "scopes",
    "insecureEnableGroups",
    "insecureSkipIssuerCallbackDomainCheck",
    "claimMapping",
    "groups",
    "hostedDomains",
    "claimModifications",
    "newGroupFromClaims",
    "stringData",
    "data",
    "upstream-idps",
    "kind",
    "metadata",
    "image",
    "tag",
    "id_providers",
    "live_config_version",
    "client_id",
    "client_secret",
    "redirect_uri",
    "storage",
];

const WORDS: &[&str] = &[
    "oidc",
    "Secret",
    "auth0",
    "https://t.auth0.com/",
    "https://t.auth0.com",
    "t.auth0.com/",
    "https://p.example.com/dex/callback",
    "https://p.example.com/callback",
    "http://pachd:30658/dex",
    "$AUTH0_CLIENT_SECRET",
    "a$b",
    "<insert-id>",
    "REPLACE_ME",
    "xxx",
    "false,",
    "yes",
    "",
    "v2.37.0",
    "[",
    "{",
    "|",
    "- a",
    "%%",
    "\u{feff}",
    "日本",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        proptest::sample::select(WORDS).prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        Just(Value::Null),
    ]
}

fn tree() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 80, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((proptest::sample::select(KEYS), inner.clone()), 0..6)
                .prop_map(|kv| Value::Object(
                    kv.into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect::<Map<_, _>>()
                )),
            // A text inside a string, as jsonConfig and stringData hold one.
            inner
                .clone()
                .prop_map(|v| Value::from(serde_json::to_string(&v).unwrap())),
            inner
                .clone()
                .prop_map(|v| Value::from(serde_yaml_ng::to_string(&v).unwrap())),
            inner.prop_map(|v| Value::from(
                base64::engine::general_purpose::STANDARD
                    .encode(serde_yaml_ng::to_string(&v).unwrap())
            )),
        ]
    })
}

fn obj(kv: Vec<(&str, Value)>) -> Value {
    Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn yaml(v: &Value) -> String {
    serde_yaml_ng::to_string(v).unwrap()
}

/// A connector entry whose keys and values are drawn from what the
/// importers look for, so that they get deep into it.
fn entry() -> impl Strategy<Value = Value> {
    let config = proptest::collection::vec((proptest::sample::select(KEYS), tree()), 0..8)
        .prop_map(|kv| obj(kv.into_iter().collect()));
    (config, tree(), any::<u8>()).prop_map(|(config, extra, pick)| {
        let mut kv = vec![
            ("type", Value::from("oidc")),
            ("id", Value::from("auth0")),
            ("name", Value::from("Auth0")),
        ];
        match pick % 4 {
            0 => kv.push(("config", config)),
            1 => kv.push(("jsonConfig", Value::from(config.to_string()))),
            2 => kv.extend([("version", extra), ("config", config)]),
            _ => kv.extend([
                ("config", config.clone()),
                ("jsonConfig", Value::from(yaml(&config))),
                ("configVersion", extra),
            ]),
        }
        obj(kv)
    })
}

/// The entries in each file that holds them.
fn file() -> impl Strategy<Value = Value> {
    (proptest::collection::vec(entry(), 0..3), tree(), 0u8..7).prop_map(
        |(entries, extra, shape)| {
            let list = Value::Array(entries.clone());
            let first = entries.first().cloned().unwrap_or(Value::Null);
            match shape {
                0 => obj(vec![
                    (
                        "oidc",
                        obj(vec![("upstreamIDPs", list), ("issuerURI", extra.clone())]),
                    ),
                    ("proxy", obj(vec![("host", extra)])),
                ]),
                1 => obj(vec![
                    ("kind", Value::from("Secret")),
                    (
                        "stringData",
                        obj(vec![("upstream-idps", Value::from(yaml(&list)))]),
                    ),
                ]),
                2 => obj(vec![
                    ("kind", Value::from("Secret")),
                    (
                        "data",
                        obj(vec![(
                            "upstream-idps",
                            Value::from(
                                base64::engine::general_purpose::STANDARD.encode(yaml(&list)),
                            ),
                        )]),
                    ),
                ]),
                3 => obj(vec![("issuer", extra), ("connectors", list)]),
                4 => obj(vec![
                    ("config", obj(vec![("connectors", list)])),
                    ("image", obj(vec![("tag", extra)])),
                ]),
                5 => first,
                _ => obj(vec![
                    ("live_config_version", extra),
                    (
                        "id_providers",
                        Value::Array(
                            entries
                                .into_iter()
                                .map(|e| {
                                    obj(vec![
                                        ("name", Value::from("auth0")),
                                        ("oidc", e.get("config").cloned().unwrap_or(Value::Null)),
                                    ])
                                })
                                .collect(),
                        ),
                    ),
                ]),
            }
        },
    )
}

const OURS: [TargetId; 3] = [TargetId::Pachyderm, TargetId::Pachyderm1x, TargetId::Dex];

fn read_all(bytes: &[u8]) {
    let Ok(src) = Source::read(bytes) else { return };
    for target in OURS {
        for connector in [None, Some("auth0".to_owned())] {
            let opts = ImportOptions {
                target: Some(target),
                connector,
                ..ImportOptions::default()
            };
            for claim in claims(&src, &opts) {
                let _ = lint(target, &src, &claim.imported);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_trees_never_panic(v in tree(), json in any::<bool>()) {
        let text = if json { serde_json::to_string_pretty(&v).unwrap() } else { serde_yaml_ng::to_string(&v).unwrap() };
        read_all(text.as_bytes());
    }

    #[test]
    fn arbitrary_connector_files_never_panic(v in file(), json in any::<bool>()) {
        let text = if json { serde_json::to_string_pretty(&v).unwrap() } else { yaml(&v) };
        read_all(text.as_bytes());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        read_all(&bytes);
    }
}
