//! Property: whatever strings a Config holds (quotes, `#`, `:`, `$`, line
//! breaks, YAML keywords, unicode, ...), every YAML, JSON and env export
//! parses back (serde_yaml_ng / serde_json / dotenvy) to exactly those strings.
//! The Config is built directly, bypassing validation, so the exporters
//! cannot lean on it.

use auth0_wizard_core::export::export;
use auth0_wizard_core::{
    catalog, Config, Domain, OmClientType, Release, Secret, TargetId, TargetOptions,
};
use base64::Engine;
use proptest::prelude::*;
use serde_json::Value;
use std::collections::HashMap;
use url::Url;

/// Characters that break naive YAML, JSON, env and comment writers.
const NASTY: &[char] = &[
    '\'', '"', '#', ':', '$', '\n', '\r', '\t', ' ', '\\', '{', '}', '[', ']', ',', '-', '?', '&',
    '*', '!', '|', '>', '%', '@', '`', '=', '~', '/', '\u{85}', '\u{a0}', '\u{2028}', '\u{2029}',
    '\u{feff}', 'é', '日', '🙂',
];
/// Whole values YAML 1.1 would otherwise read as something else.
const KEYWORDS: &[&str] = &[
    "", "true", "no", "Off", "null", "~", "0", "0x1F", "1e3", ".inf", "-", "- a", "? x", "a: b",
    "#x", "'", "\"", "$HOME", "${X}", "$$", "a\\", "x'", " lead", "trail ", "\n", "---", "...",
    "*a", "&a", "!tag", "<<", "=", "%YAML",
];

fn nasty_string() -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        4 => proptest::sample::select(NASTY),
        3 => proptest::char::range('a', 'z'),
        1 => any::<char>().prop_filter("env values cannot hold NUL", |c| *c != '\0'),
    ];
    prop_oneof![
        1 => proptest::sample::select(KEYWORDS).prop_map(str::to_owned),
        4 => proptest::collection::vec(ch, 0..24).prop_map(|v| v.into_iter().collect()),
    ]
}

fn public_url() -> impl Strategy<Value = Url> {
    let base = proptest::sample::select(vec![
        "https://example.com",
        "https://om.example.com:8443",
        "http://127.0.0.1:8080",
    ]);
    (base, nasty_string()).prop_map(|(b, path)| {
        let mut u = Url::parse(b).unwrap();
        u.set_path(&path);
        u
    })
}

prop_compose! {
    fn config()(
        target in proptest::sample::select(TargetId::ALL.to_vec()),
        legacy in any::<bool>(),
        host in nasty_string(),
        port in proptest::option::of(any::<u16>()),
        issuer in nasty_string(),
        client_id in nasty_string(),
        client_secret in proptest::option::of(nasty_string()),
        public_url in public_url(),
        connector_id in nasty_string(),
        connector_name in nasty_string(),
        groups_claim in proptest::option::of(nasty_string()),
        s in proptest::collection::vec(nasty_string(), 6),
        admins in proptest::collection::vec(nasty_string(), 1..4),
        version in any::<i64>(),
        public in any::<bool>(),
        with_optional in any::<bool>(),
    ) -> Config {
        let opt = |v: &String| with_optional.then(|| v.clone());
        let options = match target {
            TargetId::Pachyderm => TargetOptions::Pachyderm(auth0_wizard_core::target::pachyderm::Options { secret_name: s[0].clone() }),
            TargetId::Pachyderm1x => TargetOptions::Pachyderm1x(auth0_wizard_core::target::pachyderm1x::Options { live_config_version: version }),
            TargetId::Pomerium => TargetOptions::Pomerium(auth0_wizard_core::target::pomerium::Options {
                cookie_secret: Secret::new(s[0].clone()),
                shared_secret: Secret::new(s[1].clone()),
                service_account_client_id: opt(&s[2]),
                service_account_secret: opt(&s[3]).map(Secret::new),
            }),
            TargetId::Openmetadata => TargetOptions::Openmetadata(auth0_wizard_core::target::openmetadata::Options {
                client_type: if public { OmClientType::Public } else { OmClientType::Confidential },
                admin_principals: admins,
                principal_domain: s[0].clone(),
                bot_jwt: opt(&s[1]).map(Secret::new),
                m2m_client_id: opt(&s[2]),
                m2m_client_secret: opt(&s[3]).map(Secret::new),
            }),
            TargetId::Dex => TargetOptions::Dex(auth0_wizard_core::target::dex::Options),
        };
        Config {
            target,
            release: if legacy { Release::Legacy } else { Release::Current },
            version: None,
            domain: Domain { host, port },
            issuer,
            client_id,
            client_secret: client_secret.map(Secret::new),
            public_url,
            connector_id,
            connector_name,
            groups_claim,
            options,
            handoff: false,
        }
    }
}

/// A parsed export: a JSON-like tree, or env variables.
enum Parsed {
    Tree(Value),
    Env(HashMap<String, String>),
}

fn parse(syntax: &str, text: &str) -> Result<Parsed, String> {
    match syntax {
        "json" => serde_json::from_str(text)
            .map(Parsed::Tree)
            .map_err(|e| e.to_string()),
        "yaml" => serde_yaml_ng::from_str(text)
            .map(Parsed::Tree)
            .map_err(|e| e.to_string()),
        "env" => dotenvy::from_read_iter(text.as_bytes())
            .collect::<Result<HashMap<_, _>, _>>()
            .map(Parsed::Env)
            .map_err(|e| e.to_string()),
        other => Err(format!("unknown syntax {other}")),
    }
}

fn yaml_tree(text: &str) -> Value {
    serde_yaml_ng::from_str(text).unwrap()
}

fn str_at<'a>(v: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(v, |v, k| match k.parse::<usize>() {
        Ok(i) => &v[i],
        Err(_) => &v[k],
    })
}

/// What one export must hold: values at dotted paths of its tree, or env variables.
#[derive(Default)]
struct Want {
    tree: Vec<(String, Value)>,
    env: Vec<(&'static str, Option<String>)>,
}

impl Want {
    fn at(&mut self, path: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        self.tree.push((path.into(), value.into()));
        self
    }

    fn var(&mut self, name: &'static str, value: Option<String>) -> &mut Self {
        self.env.push((name, value));
        self
    }
}

/// No check is written for this export.
fn unchecked(cfg: &Config, format: &str) -> Result<(), String> {
    Err(format!("no round-trip check for {} {format}", cfg.target))
}

/// The client secret, or `placeholder` where none is given.
fn secret_or<'a>(cfg: &'a Config, placeholder: &'a str) -> &'a str {
    cfg.client_secret
        .as_ref()
        .map(Secret::expose)
        .unwrap_or(placeholder)
}

/// A Dex `oidc` connector at `prefix` that redirects to `redirect`.
fn dex_connector(want: &mut Want, cfg: &Config, prefix: &str, redirect: String, placeholder: &str) {
    want.at(format!("{prefix}type"), "oidc")
        .at(format!("{prefix}id"), cfg.connector_id.as_str())
        .at(format!("{prefix}name"), cfg.connector_name.as_str())
        .at(format!("{prefix}config.issuer"), cfg.issuer.as_str())
        .at(format!("{prefix}config.clientID"), cfg.client_id.as_str())
        .at(
            format!("{prefix}config.clientSecret"),
            secret_or(cfg, placeholder),
        )
        .at(format!("{prefix}config.redirectURI"), redirect);
    match &cfg.groups_claim {
        Some(c) => {
            want.at(format!("{prefix}config.claimMapping.groups"), c.as_str())
                .at(format!("{prefix}config.insecureEnableGroups"), true);
        }
        None => {
            want.at(format!("{prefix}config.claimMapping"), Value::Null);
        }
    }
}

fn dex(want: &mut Want, cfg: &Config, format: &str) -> Result<(), String> {
    if format != "connector-yaml" {
        return unchecked(cfg, format);
    }
    let redirect = format!("{}/callback", cfg.public_base());
    dex_connector(want, cfg, "connectors.0.", redirect, "$AUTH0_CLIENT_SECRET");
    Ok(())
}

/// Pachyderm 2.x; the k8s Secret's entries are a YAML document inside `tree`, parsed
/// in place.
fn pachyderm(want: &mut Want, cfg: &Config, format: &str, tree: &mut Value) -> Result<(), String> {
    let TargetOptions::Pachyderm(o) = &cfg.options else {
        unreachable!()
    };
    let prefix = match format {
        "dex-json" | "dex-yaml" => {
            want.at("version", 0);
            ""
        }
        "helm-values" => "oidc.upstreamIDPs.0.",
        "k8s-secret" => {
            want.at("metadata.name", o.secret_name.as_str());
            let inner = tree["stringData"]["upstream-idps"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            tree["stringData"]["upstream-idps"] = yaml_tree(&inner);
            "stringData.upstream-idps.0."
        }
        _ => return unchecked(cfg, format),
    };
    let redirect = format!("{}/dex/callback", cfg.public_base());
    dex_connector(
        want,
        cfg,
        prefix,
        redirect,
        "REPLACE_WITH_AUTH0_CLIENT_SECRET",
    );
    Ok(())
}

fn pachyderm1x(want: &mut Want, cfg: &Config, format: &str) -> Result<(), String> {
    let TargetOptions::Pachyderm1x(o) = &cfg.options else {
        unreachable!()
    };
    if format != "auth-config" {
        return unchecked(cfg, format);
    }
    let p = "id_providers.0.";
    let secret = secret_or(cfg, "REPLACE_WITH_AUTH0_CLIENT_SECRET");
    let redirect = format!("{}/authorization-code/callback", cfg.public_base());
    want.at("live_config_version", o.live_config_version)
        .at(format!("{p}name"), cfg.connector_id.as_str())
        .at(format!("{p}description"), cfg.connector_name.as_str())
        .at(format!("{p}oidc.issuer"), cfg.issuer.as_str())
        .at(format!("{p}oidc.client_id"), cfg.client_id.as_str())
        .at(format!("{p}oidc.client_secret"), secret)
        .at(format!("{p}oidc.redirect_uri"), redirect);
    Ok(())
}

fn pomerium(want: &mut Want, cfg: &Config, format: &str) -> Result<(), String> {
    let TargetOptions::Pomerium(o) = &cfg.options else {
        unreachable!()
    };
    let sa = match (
        cfg.release,
        &o.service_account_client_id,
        &o.service_account_secret,
    ) {
        (Release::Legacy, Some(id), Some(secret)) => {
            let json = serde_json::json!({"client_id": id, "secret": secret.expose()});
            Some(base64::engine::general_purpose::STANDARD.encode(json.to_string()))
        }
        _ => None,
    };
    let secret = cfg.client_secret.as_ref().map(|s| s.expose().to_owned());
    // (config.yaml key, environment variable, value)
    let fields = [
        (
            "authenticate_service_url",
            "AUTHENTICATE_SERVICE_URL",
            Some(cfg.public_base()),
        ),
        ("idp_provider", "IDP_PROVIDER", Some("auth0".to_owned())),
        (
            "idp_provider_url",
            "IDP_PROVIDER_URL",
            Some(cfg.issuer.clone()),
        ),
        (
            "idp_client_id",
            "IDP_CLIENT_ID",
            Some(cfg.client_id.clone()),
        ),
        ("idp_client_secret", "IDP_CLIENT_SECRET", secret),
        ("idp_service_account", "IDP_SERVICE_ACCOUNT", sa),
        (
            "cookie_secret",
            "COOKIE_SECRET",
            Some(o.cookie_secret.expose().to_owned()),
        ),
        (
            "shared_secret",
            "SHARED_SECRET",
            Some(o.shared_secret.expose().to_owned()),
        ),
    ];
    for (key, var, value) in fields {
        match format {
            "env" => want.var(var, value),
            "config-yaml" => want.at(key, value),
            _ => return unchecked(cfg, format),
        };
    }
    Ok(())
}

fn openmetadata(want: &mut Want, cfg: &Config, format: &str) -> Result<(), String> {
    let TargetOptions::Openmetadata(o) = &cfg.options else {
        unreachable!()
    };
    let base = cfg.public_base();
    let authority = format!("https://{}", cfg.domain.authority());
    let keys = serde_json::json!([
        format!("{authority}/.well-known/jwks.json"),
        format!("{base}/api/v1/system/config/jwks"),
    ]);
    let confidential = o.client_type == OmClientType::Confidential;
    let admins = Value::from(o.admin_principals.clone());
    let oidc_secret = |placeholder| confidential.then(|| secret_or(cfg, placeholder));
    match format {
        "server-yaml" | "security-config" => {
            let a = "authenticationConfiguration.";
            let placeholder = if format == "server-yaml" {
                "${OIDC_CLIENT_SECRET}"
            } else {
                "REPLACE_WITH_AUTH0_CLIENT_SECRET"
            };
            want.at(format!("{a}authority"), authority)
                .at(format!("{a}clientId"), cfg.client_id.as_str())
                .at(format!("{a}callbackUrl"), format!("{base}/callback"))
                .at(format!("{a}publicKeyUrls"), keys)
                .at(
                    format!("{a}oidcConfiguration.secret"),
                    oidc_secret(placeholder),
                )
                .at("authorizerConfiguration.adminPrincipals", admins)
                .at(
                    "authorizerConfiguration.principalDomain",
                    o.principal_domain.as_str(),
                );
        }
        "helm-values" => {
            let a = "openmetadata.config.authentication.";
            want.at(format!("{a}authority"), authority)
                .at(format!("{a}clientId"), cfg.client_id.as_str())
                .at(format!("{a}publicKeys"), keys)
                .at("openmetadata.config.authorizer.initialAdmins", admins)
                .at(
                    "openmetadata.config.authorizer.principalDomain",
                    o.principal_domain.as_str(),
                );
        }
        "server-env" => {
            let secret = cfg.client_secret.as_ref().map(|s| s.expose().to_owned());
            want.var("AUTHENTICATION_AUTHORITY", Some(authority))
                .var("AUTHENTICATION_CLIENT_ID", Some(cfg.client_id.clone()))
                .var(
                    "AUTHENTICATION_CALLBACK_URL",
                    Some(format!("{base}/callback")),
                )
                .var("AUTHENTICATION_PUBLIC_KEYS", Some(keys.to_string()))
                .var("AUTHORIZER_ADMIN_PRINCIPALS", Some(admins.to_string()))
                .var(
                    "AUTHORIZER_PRINCIPAL_DOMAIN",
                    Some(o.principal_domain.clone()),
                )
                .var(
                    "OIDC_CLIENT_ID",
                    confidential.then(|| cfg.client_id.clone()),
                )
                .var("OIDC_CLIENT_SECRET", secret.filter(|_| confidential));
        }
        "ingestion-yaml" => {
            let p = "workflowConfig.openMetadataServerConfig.";
            want.at(format!("{p}hostPort"), format!("{base}/api"));
            let expose = |s: &Option<Secret>, placeholder: &'static str| {
                s.as_ref()
                    .map(|s| s.expose().to_owned())
                    .unwrap_or(placeholder.into())
            };
            match cfg.release {
                Release::Current => {
                    let jwt = expose(&o.bot_jwt, "REPLACE_WITH_INGESTION_BOT_JWT");
                    want.at(format!("{p}securityConfig.jwtToken"), jwt);
                }
                Release::Legacy => {
                    let id = o
                        .m2m_client_id
                        .as_deref()
                        .unwrap_or("REPLACE_WITH_M2M_CLIENT_ID");
                    let m2m = expose(&o.m2m_client_secret, "REPLACE_WITH_M2M_CLIENT_SECRET");
                    want.at(format!("{p}securityConfig.clientId"), id)
                        .at(format!("{p}securityConfig.secretKey"), m2m)
                        .at(format!("{p}securityConfig.domain"), cfg.domain.authority());
                }
            }
        }
        _ => return unchecked(cfg, format),
    }
    Ok(())
}

/// Check one export of `cfg` against the strings it was made from.
fn check(cfg: &Config, format: &str, text: &str) -> Result<(), TestCaseError> {
    let syntax = catalog::target_info(cfg.target)
        .format(format)
        .unwrap()
        .syntax;
    let parsed = parse(syntax.as_str(), text)
        .map_err(|e| TestCaseError::fail(format!("{format} does not parse: {e}\n{text}")))?;
    let mut tree = match &parsed {
        Parsed::Tree(v) => v.clone(),
        Parsed::Env(_) => Value::Null,
    };
    let mut want = Want::default();
    match cfg.target {
        TargetId::Dex => dex(&mut want, cfg, format),
        TargetId::Pachyderm => pachyderm(&mut want, cfg, format, &mut tree),
        TargetId::Pachyderm1x => pachyderm1x(&mut want, cfg, format),
        TargetId::Pomerium => pomerium(&mut want, cfg, format),
        TargetId::Openmetadata => openmetadata(&mut want, cfg, format),
    }
    .map_err(TestCaseError::fail)?;
    let what = |key: &str| format!("{} {format}: {key}\n{text}", cfg.target);
    match &parsed {
        Parsed::Tree(_) => {
            for (path, value) in &want.tree {
                prop_assert_eq!(str_at(&tree, path), value, "{}", what(path));
            }
        }
        Parsed::Env(vars) => {
            prop_assert!(want.tree.is_empty());
            for (var, value) in &want.env {
                prop_assert_eq!(vars.get(*var), value.as_ref(), "{}", what(var));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_export_round_trips_arbitrary_strings(cfg in config()) {
        for f in catalog::target_info(cfg.target).formats {
            let text = export(&cfg, f.id).map_err(|e| TestCaseError::fail(e.to_string()))?;
            check(&cfg, f.id, &text)?;
        }
    }
}

/// Every target is drawn by the strategy; this pins the hardest env values,
/// so the property does not depend on luck for them.
#[test]
fn env_values_that_need_every_quoting_form_round_trip() {
    for value in [
        "",
        "plain",
        "two words",
        "it's",
        "$HOME",
        "${X}",
        "a\\",
        "x'\n'y\"z$w\\",
        "#not a comment",
        "line1\nline2\r\n",
        "日本 🙂",
        "\u{2028}",
    ] {
        let mut cfg = auth0_wizard_core::Config {
            target: TargetId::Pomerium,
            release: Release::Current,
            version: None,
            domain: Domain {
                host: "dev-abc123.us.auth0.com".into(),
                port: None,
            },
            issuer: value.into(),
            client_id: value.into(),
            client_secret: Some(Secret::new(value)),
            public_url: Url::parse("https://authenticate.example.com").unwrap(),
            connector_id: "auth0".into(),
            connector_name: "Auth0".into(),
            groups_claim: None,
            options: TargetOptions::Pomerium(auth0_wizard_core::target::pomerium::Options {
                cookie_secret: Secret::new(value),
                shared_secret: Secret::new(value),
                service_account_client_id: None,
                service_account_secret: None,
            }),
            handoff: false,
        };
        check(&cfg, "env", &export(&cfg, "env").unwrap()).unwrap();
        cfg.release = Release::Legacy;
        check(&cfg, "config-yaml", &export(&cfg, "config-yaml").unwrap()).unwrap();
    }
}
