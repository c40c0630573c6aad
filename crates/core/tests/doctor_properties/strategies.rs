//! The inputs of the doctor's property tests: valid settings of every
//! target, settings other than a file's, and trees whose keys and values are
//! drawn from what the importers of every target look for (with JSON, YAML
//! and base64 texts inside strings), bounded in size.

use auth0_wizard_core::{RawSettings, Secret, TargetId};
use base64::Engine;
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Keys every importer looks for, at any depth.
const KEYS: &[&str] = &[
    // Pachyderm, Pachyderm 1.x, Dex.
    "oidc",
    "upstreamIDPs",
    "upstreamIDPsSecretName",
    "issuerURI",
    "proxy",
    "host",
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
    "claimMapping",
    "groups",
    "insecureEnableGroups",
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
    "description",
    "storage",
    "staticClients",
    // Pomerium.
    "idp_provider",
    "idp_provider_url",
    "idp_client_id",
    "idp_client_secret",
    "authenticate_service_url",
    "idp_service_account",
    "cookie_secret",
    "shared_secret",
    "routes",
    "from",
    "to",
    "policy",
    "authenticate_callback_path",
    "idp_scopes",
    // OpenMetadata.
    "authenticationConfiguration",
    "authorizerConfiguration",
    "openmetadata",
    "authentication",
    "authorizer",
    "provider",
    "clientType",
    "authority",
    "clientId",
    "callbackUrl",
    "publicKeyUrls",
    "oidcConfiguration",
    "secret",
    "discoveryUri",
    "serverUrl",
    "adminPrincipals",
    "principalDomain",
    "initialAdmins",
    "workflowConfig",
    "openMetadataServerConfig",
    "hostPort",
    "securityConfig",
    "jwtToken",
    "secretKey",
    "domain",
    "enabled",
];

const WORDS: &[&str] = &[
    "oidc",
    "auth0",
    "Secret",
    "public",
    "confidential",
    "https://t.auth0.com/",
    "https://t.auth0.com",
    "t.auth0.com",
    "https://p.example.com/dex/callback",
    "https://p.example.com/callback",
    "https://om.example.com/callback",
    "http://pachd:30658/dex",
    "${AUTHENTICATION_AUTHORITY:-https://t.auth0.com}",
    "${OIDC_CLIENT_SECRET}",
    "$AUTH0_CLIENT_SECRET",
    "<insert-id>",
    "REPLACE_ME",
    "[a, b]",
    "- a",
    "|",
    "{",
    "[",
    "",
    "yes",
    "0.19",
    "v2.37.0",
    "\u{feff}",
    "日本",
    "a\nb",
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

fn obj(kv: Vec<(&str, Value)>) -> Value {
    Value::Object(
        kv.into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<Map<_, _>>(),
    )
}

/// A tree of at most a few hundred values.
pub fn tree() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 96, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((proptest::sample::select(KEYS), inner.clone()), 0..7)
                .prop_map(obj),
            inner.clone().prop_map(|v| Value::from(v.to_string())),
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

/// A tree under the top-level shape of one of the files the importers read.
pub fn file_tree() -> impl Strategy<Value = Value> {
    (tree(), tree(), 0u8..8).prop_map(|(a, b, shape)| match shape {
        0 => obj(vec![
            ("oidc", obj(vec![("upstreamIDPs", Value::Array(vec![a]))])),
            ("proxy", b),
        ]),
        1 => obj(vec![
            ("kind", "Secret".into()),
            (
                "stringData",
                obj(vec![("upstream-idps", a.to_string().into())]),
            ),
        ]),
        2 => obj(vec![("issuer", b), ("connectors", Value::Array(vec![a]))]),
        3 => obj(vec![
            ("idp_provider", "auth0".into()),
            ("idp_provider_url", b),
            ("routes", a),
        ]),
        4 => obj(vec![
            ("authenticationConfiguration", a),
            ("authorizerConfiguration", b),
        ]),
        5 => obj(vec![(
            "openmetadata",
            obj(vec![(
                "config",
                obj(vec![("authentication", a), ("authorizer", b)]),
            )]),
        )]),
        6 => obj(vec![(
            "workflowConfig",
            obj(vec![("openMetadataServerConfig", a)]),
        )]),
        _ => a,
    })
}

/// The tree as JSON or YAML text.
pub fn to_text(v: &Value, json: bool) -> String {
    if json {
        serde_json::to_string_pretty(v).unwrap()
    } else {
        serde_yaml_ng::to_string(v).unwrap()
    }
}

/// Bytes mutated exports get: what the readers look for.
pub const PIECES: &[&str] = &[
    "${",
    ":-",
    "}",
    "://",
    "/",
    "-",
    " ",
    "\n",
    "'",
    "\"",
    "[",
    "]",
    "{",
    "#",
    ":",
    "é",
    "=",
    "- ",
    "|",
    "&a",
    "*a",
    "/callback",
    "\\",
];

prop_compose! {
    /// Valid settings of any target, in each of its kinds.
    pub fn settings()(
        target in proptest::sample::select(TargetId::ALL.to_vec()),
        tenant in "[a-z][a-z0-9]{2,12}",
        region in proptest::sample::select(vec!["", ".us", ".eu"]),
        client_id in "[A-Za-z0-9]{32}",
        secret in proptest::option::of("[A-Za-z0-9_-]{48,64}"),
        host in "[a-z]{3,10}",
        connector in proptest::sample::select(vec!["", "auth0", "auth0-prod"]),
        groups in proptest::option::of("https://[a-z]{3,8}\\.example\\.com/(groups|roles)"),
        name in "[a-z][a-z0-9-]{0,20}[a-z0-9]",
        live in 0i64..1000,
        legacy in any::<bool>(),
        public in any::<bool>(),
        admins in proptest::collection::vec("[a-z]{2,8}", 1..4),
        token in "[A-Za-z0-9_-]{20}\\.[A-Za-z0-9_-]{20}\\.[A-Za-z0-9_-]{20}",
    ) -> RawSettings {
        let public_url = match target {
            TargetId::Dex => format!("https://{host}.example.com/dex"),
            TargetId::Pachyderm1x => format!("https://{host}.example.com:30657"),
            _ => format!("https://{host}.example.com"),
        };
        let mut raw = RawSettings {
            target: target.as_str().to_owned(),
            domain: format!("{tenant}{region}.auth0.com"),
            client_id,
            client_secret: secret.map(Secret::new),
            public_url,
            connector_id: connector.to_owned(),
            groups_claim: groups.filter(|_| matches!(target, TargetId::Pachyderm | TargetId::Dex)).unwrap_or_default(),
            ..RawSettings::default()
        };
        let x = &mut raw.extras;
        match target {
            TargetId::Pachyderm => { x.insert("secretName".into(), name); }
            TargetId::Pachyderm1x => { x.insert("liveConfigVersion".into(), live.to_string()); }
            TargetId::Pomerium if legacy => {
                raw.version = "<0.20".into();
                x.insert("serviceAccountClientId".into(), format!("{name}0123456789"));
                raw.extra_secrets.insert("serviceAccountSecret".into(), Secret::new(format!("{name}-secret-0123456789")));
            }
            TargetId::Openmetadata => {
                x.insert("adminPrincipals".into(), admins.join(", "));
                x.insert("principalDomain".into(), format!("{host}.example.com"));
                if public {
                    x.insert("clientType".into(), "public".into());
                    raw.client_secret = None;
                }
                if legacy {
                    raw.version = "<=1.2".into();
                    x.insert("m2mClientId".into(), format!("M2m{name}"));
                    raw.extra_secrets.insert("m2mClientSecret".into(), Secret::new(format!("{name}-m2m-secret-0123456789")));
                } else {
                    raw.extra_secrets.insert("botJwt".into(), Secret::new(token));
                }
            }
            _ => {}
        }
        raw
    }
}

/// Settings that differ from `s` in the values the fixer writes.
pub fn other(s: &RawSettings) -> RawSettings {
    let mut o = s.clone();
    o.domain = "other.eu.auth0.com".into();
    o.issuer = String::new();
    o.client_id = "OtherClientId0123456789abcdefGHIJ".into();
    o.public_url = "https://other.example.org".into();
    o
}
