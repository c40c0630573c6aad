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

/// Check one export of `cfg` against the strings it was made from.
fn check(cfg: &Config, format: &str, text: &str) -> Result<(), TestCaseError> {
    let syntax = catalog::target_info(cfg.target)
        .format(format)
        .unwrap()
        .syntax;
    let parsed = parse(syntax.as_str(), text)
        .map_err(|e| TestCaseError::fail(format!("{format} does not parse: {e}\n{text}")))?;
    let base = cfg.public_base();
    let secret = cfg.client_secret.as_ref().map(|s| s.expose().to_owned());
    let mut want: Vec<(&str, Value)> = Vec::new();
    let s = |x: &str| Value::from(x);
    let dex_config =
        |prefix: &str, redirect: String, placeholder: &str, want: &mut Vec<(String, Value)>| {
            want.push((format!("{prefix}type"), s("oidc")));
            want.push((format!("{prefix}id"), s(&cfg.connector_id)));
            want.push((format!("{prefix}name"), s(&cfg.connector_name)));
            want.push((format!("{prefix}config.issuer"), s(&cfg.issuer)));
            want.push((format!("{prefix}config.clientID"), s(&cfg.client_id)));
            want.push((
                format!("{prefix}config.clientSecret"),
                s(secret.as_deref().unwrap_or(placeholder)),
            ));
            want.push((format!("{prefix}config.redirectURI"), s(&redirect)));
            match &cfg.groups_claim {
                Some(c) => {
                    want.push((format!("{prefix}config.claimMapping.groups"), s(c)));
                    want.push((
                        format!("{prefix}config.insecureEnableGroups"),
                        Value::Bool(true),
                    ));
                }
                None => want.push((format!("{prefix}config.claimMapping"), Value::Null)),
            }
        };
    let mut owned: Vec<(String, Value)> = Vec::new();
    let mut env_want: Vec<(&str, Option<String>)> = Vec::new();
    let mut tree = match &parsed {
        Parsed::Tree(v) => v.clone(),
        Parsed::Env(_) => Value::Null,
    };
    match (cfg.target, format) {
        (TargetId::Dex, "connector-yaml") => dex_config(
            "connectors.0.",
            format!("{base}/callback"),
            "$AUTH0_CLIENT_SECRET",
            &mut owned,
        ),
        (TargetId::Pachyderm, "dex-json" | "dex-yaml") => {
            dex_config(
                "",
                format!("{base}/dex/callback"),
                "REPLACE_WITH_AUTH0_CLIENT_SECRET",
                &mut owned,
            );
            owned.push(("version".into(), Value::from(0)));
        }
        (TargetId::Pachyderm, "helm-values") => dex_config(
            "oidc.upstreamIDPs.0.",
            format!("{base}/dex/callback"),
            "REPLACE_WITH_AUTH0_CLIENT_SECRET",
            &mut owned,
        ),
        (TargetId::Pachyderm, "k8s-secret") => {
            let TargetOptions::Pachyderm(auth0_wizard_core::target::pachyderm::Options {
                secret_name,
            }) = &cfg.options
            else {
                unreachable!()
            };
            want.push(("metadata.name", s(secret_name)));
            // The entries are a YAML document inside the Secret: parse it too.
            let inner = tree["stringData"]["upstream-idps"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            tree["stringData"]["upstream-idps"] = yaml_tree(&inner);
            dex_config(
                "stringData.upstream-idps.0.",
                format!("{base}/dex/callback"),
                "REPLACE_WITH_AUTH0_CLIENT_SECRET",
                &mut owned,
            );
        }
        (TargetId::Pachyderm1x, "auth-config") => {
            let TargetOptions::Pachyderm1x(auth0_wizard_core::target::pachyderm1x::Options {
                live_config_version,
            }) = &cfg.options
            else {
                unreachable!()
            };
            want.push(("live_config_version", Value::from(*live_config_version)));
            let p = "id_providers.0.";
            owned.push((format!("{p}name"), s(&cfg.connector_id)));
            owned.push((format!("{p}description"), s(&cfg.connector_name)));
            owned.push((format!("{p}oidc.issuer"), s(&cfg.issuer)));
            owned.push((format!("{p}oidc.client_id"), s(&cfg.client_id)));
            owned.push((
                format!("{p}oidc.client_secret"),
                s(secret
                    .as_deref()
                    .unwrap_or("REPLACE_WITH_AUTH0_CLIENT_SECRET")),
            ));
            owned.push((
                format!("{p}oidc.redirect_uri"),
                s(&format!("{base}/authorization-code/callback")),
            ));
        }
        (TargetId::Pomerium, "config-yaml" | "env") => {
            let TargetOptions::Pomerium(auth0_wizard_core::target::pomerium::Options {
                cookie_secret,
                shared_secret,
                service_account_client_id,
                service_account_secret,
            }) = &cfg.options
            else {
                unreachable!()
            };
            let sa = match (
                cfg.release,
                service_account_client_id,
                service_account_secret,
            ) {
                (Release::Legacy, Some(id), Some(secret)) => Some(
                    base64::engine::general_purpose::STANDARD.encode(
                        serde_json::to_string(
                            &serde_json::json!({"client_id": id, "secret": secret.expose()}),
                        )
                        .unwrap(),
                    ),
                ),
                _ => None,
            };
            let fields = [
                (
                    "authenticate_service_url",
                    "AUTHENTICATE_SERVICE_URL",
                    Some(base.clone()),
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
                ("idp_client_secret", "IDP_CLIENT_SECRET", secret.clone()),
                ("idp_service_account", "IDP_SERVICE_ACCOUNT", sa),
                (
                    "cookie_secret",
                    "COOKIE_SECRET",
                    Some(cookie_secret.expose().to_owned()),
                ),
                (
                    "shared_secret",
                    "SHARED_SECRET",
                    Some(shared_secret.expose().to_owned()),
                ),
            ];
            for (key, var, value) in fields {
                if format == "env" {
                    env_want.push((var, value));
                } else {
                    want.push((key, value.map(Value::from).unwrap_or(Value::Null)));
                }
            }
        }
        (TargetId::Openmetadata, _) => {
            let TargetOptions::Openmetadata(auth0_wizard_core::target::openmetadata::Options {
                client_type,
                admin_principals,
                principal_domain,
                bot_jwt,
                m2m_client_id,
                m2m_client_secret,
            }) = &cfg.options
            else {
                unreachable!()
            };
            let authority = format!("https://{}", cfg.domain.authority());
            let keys = vec![
                s(&format!("{authority}/.well-known/jwks.json")),
                s(&format!("{base}/api/v1/system/config/jwks")),
            ];
            let confidential = *client_type == OmClientType::Confidential;
            let admins = Value::from(admin_principals.clone());
            let oidc_secret = |placeholder: &str| {
                if confidential {
                    s(secret.as_deref().unwrap_or(placeholder))
                } else {
                    Value::Null
                }
            };
            match format {
                "server-yaml" | "security-config" => {
                    let a = "authenticationConfiguration.";
                    owned.push((format!("{a}authority"), s(&authority)));
                    owned.push((format!("{a}clientId"), s(&cfg.client_id)));
                    owned.push((format!("{a}callbackUrl"), s(&format!("{base}/callback"))));
                    owned.push((format!("{a}publicKeyUrls"), Value::Array(keys)));
                    let placeholder = if format == "server-yaml" {
                        "${OIDC_CLIENT_SECRET}"
                    } else {
                        "REPLACE_WITH_AUTH0_CLIENT_SECRET"
                    };
                    owned.push((
                        format!("{a}oidcConfiguration.secret"),
                        oidc_secret(placeholder),
                    ));
                    owned.push(("authorizerConfiguration.adminPrincipals".into(), admins));
                    owned.push((
                        "authorizerConfiguration.principalDomain".into(),
                        s(principal_domain),
                    ));
                }
                "helm-values" => {
                    let a = "openmetadata.config.authentication.";
                    owned.push((format!("{a}authority"), s(&authority)));
                    owned.push((format!("{a}clientId"), s(&cfg.client_id)));
                    owned.push((format!("{a}publicKeys"), Value::Array(keys)));
                    owned.push((
                        "openmetadata.config.authorizer.initialAdmins".into(),
                        admins,
                    ));
                    owned.push((
                        "openmetadata.config.authorizer.principalDomain".into(),
                        s(principal_domain),
                    ));
                }
                "server-env" => {
                    env_want.push(("AUTHENTICATION_AUTHORITY", Some(authority.clone())));
                    env_want.push(("AUTHENTICATION_CLIENT_ID", Some(cfg.client_id.clone())));
                    env_want.push((
                        "AUTHENTICATION_CALLBACK_URL",
                        Some(format!("{base}/callback")),
                    ));
                    env_want.push((
                        "AUTHENTICATION_PUBLIC_KEYS",
                        Some(Value::Array(keys).to_string()),
                    ));
                    env_want.push(("AUTHORIZER_ADMIN_PRINCIPALS", Some(admins.to_string())));
                    env_want.push((
                        "AUTHORIZER_PRINCIPAL_DOMAIN",
                        Some(principal_domain.clone()),
                    ));
                    env_want.push((
                        "OIDC_CLIENT_ID",
                        confidential.then(|| cfg.client_id.clone()),
                    ));
                    env_want.push((
                        "OIDC_CLIENT_SECRET",
                        if confidential { secret.clone() } else { None },
                    ));
                }
                "ingestion-yaml" => {
                    let p = "workflowConfig.openMetadataServerConfig.";
                    owned.push((format!("{p}hostPort"), s(&format!("{base}/api"))));
                    match cfg.release {
                        Release::Current => {
                            let jwt = bot_jwt
                                .as_ref()
                                .map(|j| j.expose())
                                .unwrap_or("REPLACE_WITH_INGESTION_BOT_JWT");
                            owned.push((format!("{p}securityConfig.jwtToken"), s(jwt)));
                        }
                        Release::Legacy => {
                            owned.push((
                                format!("{p}securityConfig.clientId"),
                                s(m2m_client_id
                                    .as_deref()
                                    .unwrap_or("REPLACE_WITH_M2M_CLIENT_ID")),
                            ));
                            let m2m = m2m_client_secret
                                .as_ref()
                                .map(|j| j.expose())
                                .unwrap_or("REPLACE_WITH_M2M_CLIENT_SECRET");
                            owned.push((format!("{p}securityConfig.secretKey"), s(m2m)));
                            owned.push((
                                format!("{p}securityConfig.domain"),
                                s(&cfg.domain.authority()),
                            ));
                        }
                    }
                }
                other => {
                    return Err(TestCaseError::fail(format!(
                        "no round-trip check for openmetadata {other}"
                    )))
                }
            }
        }
        (t, f) => {
            return Err(TestCaseError::fail(format!(
                "no round-trip check for {t} {f}"
            )))
        }
    }
    match &parsed {
        Parsed::Tree(_) => {
            for (path, value) in want
                .iter()
                .map(|(p, v)| (p.to_string(), v))
                .chain(owned.iter().map(|(p, v)| (p.clone(), v)))
            {
                prop_assert_eq!(
                    str_at(&tree, &path),
                    value,
                    "{} {}: {}\n{}",
                    cfg.target,
                    format,
                    path,
                    text
                );
            }
        }
        Parsed::Env(vars) => {
            prop_assert!(want.is_empty() && owned.is_empty());
            for (var, value) in env_want {
                prop_assert_eq!(
                    vars.get(var),
                    value.as_ref(),
                    "{} {}: {}\n{}",
                    cfg.target,
                    format,
                    var,
                    text
                );
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
