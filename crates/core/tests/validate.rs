//! Every validation rule (src/validate/ and each target's module): its field, code
//! and severity, and that its message and fix are not empty. The rules are tables, one
//! row a case, named in every failure. `every_code_in_validate_rs_has_a_case`
//! fails when a rule is added without a case here.

use auth0_wizard_core::target::{openmetadata, pachyderm, pachyderm1x, pomerium};
use auth0_wizard_core::validate::build_with;
use auth0_wizard_core::{
    build, target_info, validate, Config, Domain, OmClientType, RawSettings, Release, Secret,
    Severity, TargetId, TargetOptions,
};
use std::collections::BTreeSet;

use Severity::{Error, Warning};

const DOMAIN: &str = "dev-abc123.us.auth0.com";
const CLIENT_ID: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
const SECRET: &str = "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-0";

/// Valid settings for `target` without a single issue, at the URL the catalog shows
/// as the target's example.
fn ok(target: &str) -> RawSettings {
    let id: TargetId = target.parse().unwrap();
    RawSettings {
        target: target.to_owned(),
        domain: DOMAIN.to_owned(),
        client_id: CLIENT_ID.to_owned(),
        client_secret: Some(Secret::new(SECRET)),
        public_url: target_info(id).url_placeholder.to_owned(),
        ..RawSettings::default()
    }
}

fn with(target: &str, edit: impl FnOnce(&mut RawSettings)) -> RawSettings {
    let mut raw = ok(target);
    edit(&mut raw);
    raw
}

fn extra(raw: &mut RawSettings, key: &str, value: &str) {
    raw.extras.insert(key.to_owned(), value.to_owned());
}

fn extra_secret(raw: &mut RawSettings, key: &str, value: &str) {
    raw.extra_secrets.insert(key.to_owned(), Secret::new(value));
}

/// base64 of `n` zero bytes.
fn b64(n: usize) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(vec![0u8; n])
}

const P: &str = "pachyderm";
const P1: &str = "pachyderm-1x";
const POM: &str = "pomerium";
const OM: &str = "openmetadata";
const DEX: &str = "dex";

/// One rule's case: valid settings with one change, and the issue it must raise.
struct Case {
    what: String,
    raw: RawSettings,
    field: String,
    code: &'static str,
    severity: Severity,
}

/// The setting a table row changes; the issue is expected on the field it names.
#[derive(Clone, Copy)]
enum Set {
    Target,
    Version,
    Domain,
    ClientId,
    ClientSecret,
    PublicUrl,
    Issuer,
    ConnectorId,
    ConnectorName,
    GroupsClaim,
    /// An extra given as text.
    Extra(&'static str),
    /// An extra given as a secret.
    ExtraSecret(&'static str),
}

impl Set {
    fn apply(self, r: &mut RawSettings, value: &str) {
        match self {
            Set::Target => r.target = value.into(),
            Set::Version => r.version = value.into(),
            Set::Domain => r.domain = value.into(),
            Set::ClientId => r.client_id = value.into(),
            Set::ClientSecret => r.client_secret = Some(Secret::new(value)),
            Set::PublicUrl => r.public_url = value.into(),
            Set::Issuer => r.issuer = value.into(),
            Set::ConnectorId => r.connector_id = value.into(),
            Set::ConnectorName => r.connector_name = value.into(),
            Set::GroupsClaim => r.groups_claim = value.into(),
            Set::Extra(key) => extra(r, key, value),
            Set::ExtraSecret(key) => extra_secret(r, key, value),
        }
    }

    fn field(self) -> String {
        match self {
            Set::Target => "target".into(),
            Set::Version => "version".into(),
            Set::Domain => "domain".into(),
            Set::ClientId => "clientId".into(),
            Set::ClientSecret => "clientSecret".into(),
            Set::PublicUrl => "publicUrl".into(),
            Set::Issuer => "issuer".into(),
            Set::ConnectorId => "connectorId".into(),
            Set::ConnectorName => "connectorName".into(),
            Set::GroupsClaim => "groupsClaim".into(),
            Set::Extra(key) | Set::ExtraSecret(key) => format!("extras.{key}"),
        }
    }
}

/// Every rule but the few below: (what, target, setting, value, expected code, expected
/// severity). Kept one row a line: rustfmt would spread each row over eight.
#[rustfmt::skip]
fn table() -> Vec<Case> {
    use Set::*;
    let no_slash = &format!("https://{DOMAIN}");
    let esc_id = &format!("{CLIENT_ID}\u{1b}[2J");
    let nul_secret = &format!("{SECRET}\0x");
    let issuer_break = &format!("https://{DOMAIN}/\nissuer: https://evil.example/");
    let rows: &[(&str, &str, Set, &str, &'static str, Severity)] = &[
        // target, version
        ("no target", P, Target, " ", "target.empty", Error),
        ("unknown target", P, Target, "pachyderm3", "target.unknown", Error),
        ("a release number of the other Pachyderm target", P, Version, "1.13", "version.unknown", Error),
        ("unknown version", POM, Version, "latest", "version.unknown", Error),
        // domain
        ("empty domain", P, Domain, "", "domain.empty", Error),
        ("scheme only", P, Domain, "https://", "domain.empty", Error),
        ("spaces around", P, Domain, &format!("  {DOMAIN}\n"), "domain.whitespace", Warning),
        ("space inside", P, Domain, "dev abc.us.auth0.com", "domain.spaces", Error),
        ("https scheme", P, Domain, &format!("https://{DOMAIN}"), "domain.scheme", Warning),
        ("http scheme", P, Domain, &format!("HTTP://{DOMAIN}"), "domain.scheme", Warning),
        ("other scheme", P, Domain, &format!("ftp://{DOMAIN}"), "domain.scheme", Error),
        ("userinfo", P, Domain, &format!("admin:pw@{DOMAIN}"), "domain.userinfo", Error),
        ("trailing slash", P, Domain, &format!("https://{DOMAIN}/"), "domain.trailing_slash", Warning),
        ("path", P, Domain, &format!("{DOMAIN}/authorize"), "domain.path", Error),
        ("query", P, Domain, &format!("{DOMAIN}?x=1"), "domain.path", Error),
        ("fragment", P, Domain, &format!("{DOMAIN}#top"), "domain.path", Error),
        ("backslash path", P, Domain, &format!("{DOMAIN}\\evil.example"), "domain.path", Error),
        ("IDN", P, Domain, "bücher.example.com", "domain.idn", Warning),
        ("underscore", P, Domain, "dev_abc.us.auth0.com", "domain.invalid", Error),
        ("percent-encoding", P, Domain, "dev%41bc.us.auth0.com", "domain.invalid", Error),
        ("leading hyphen", P, Domain, "-dev.us.auth0.com", "domain.invalid", Error),
        ("port out of range", P, Domain, &format!("{DOMAIN}:99999"), "domain.invalid", Error),
        ("single label", P, Domain, "auth0", "domain.single_label", Warning),
        // control characters inside any field (around a value they are trimmed)
        ("a NUL in the target", P, Target, "pachy\0derm", "target.control", Error),
        ("a line break in the version", P, Version, "0.20\n1", "version.control", Error),
        ("a NUL in the domain", P, Domain, "dev-abc\0.us.auth0.com", "domain.control", Error),
        ("ESC in the client ID", P, ClientId, esc_id, "client_id.control", Error),
        ("a NUL in the secret", P, ClientSecret, nul_secret, "client_secret.control", Error),
        ("a line break in the URL", P, PublicUrl, "https://a.example.com/\r\nX: y", "public_url.control", Error),
        ("a tab in the connector ID", P, ConnectorId, "auth\t0", "connector_id.control", Error),
        ("a line break in the connector name", P, ConnectorName, "Auth0\nEVIL=1", "connector_name.control", Error),
        ("ESC in the groups claim", P, GroupsClaim, "https://e.com/\u{1b}]0;x\u{7}groups", "groups_claim.control", Error),
        ("a line break in the issuer", P, Issuer, issuer_break, "issuer.control", Error),
        ("a line break in an extra", OM, Extra("principalDomain"), "example.com\nX=1", "extras.control", Error),
        ("the dashboard's host", P, Domain, "https://manage.auth0.com/", "domain.dashboard", Error),
        ("auth0.com itself", P, Domain, "auth0.com", "domain.auth0_site", Error),
        // client id
        ("empty client id", P, ClientId, "", "client_id.empty", Error),
        ("blank client id", P, ClientId, "   ", "client_id.empty", Error),
        ("client id spaces around", P, ClientId, &format!(" {CLIENT_ID}\t"), "client_id.whitespace", Warning),
        ("client id space inside", P, ClientId, "AbCdEfGh IjKlMnOp", "client_id.spaces", Error),
        ("client id not 32 chars", P, ClientId, "my-app", "client_id.format", Warning),
        ("client id not alphanumeric", P, ClientId, "AbCdEfGhIjKlMnOpQrStUvWxYz01234-", "client_id.format", Warning),
        ("OM client id < 10", OM, ClientId, "abc123456", "client_id.too_short_for_openmetadata", Error),
        // client secret
        ("empty secret", P, ClientSecret, "", "client_secret.empty", Error),
        ("blank secret", P, ClientSecret, " \n", "client_secret.empty", Error),
        ("secret with newline", P, ClientSecret, &format!("{SECRET}\n"), "client_secret.whitespace", Warning),
        ("secret space inside", P, ClientSecret, "abc def ghi jkl mno pqr stu vwx yz0 123", "client_secret.spaces", Error),
        ("secret equals id", P, ClientSecret, CLIENT_ID, "client_secret.equals_client_id", Error),
        ("short secret", P, ClientSecret, "0123456789abcdefghij", "client_secret.short", Warning),
        ("OM secret < 20", OM, ClientSecret, "0123456789abcdefghi", "client_secret.too_short_for_openmetadata", Error),
        // public URL
        ("empty URL", P, PublicUrl, " ", "public_url.empty", Error),
        ("URL with space", P, PublicUrl, "https://pachyderm example.com", "public_url.spaces", Error),
        ("URL without scheme", P, PublicUrl, "pachyderm.example.com", "public_url.not_absolute", Error),
        ("host:port without scheme", P, PublicUrl, "localhost:8080", "public_url.not_absolute", Error),
        ("URL without host", P, PublicUrl, "mailto:admin@example.com", "public_url.not_absolute", Error),
        ("unparsable URL", P, PublicUrl, "https://[zz]/", "public_url.invalid", Error),
        ("http non-loopback", P, PublicUrl, "http://pachyderm.example.com", "public_url.not_https", Error),
        ("http for pachd 1.x", P1, PublicUrl, "http://203.0.113.10:30657", "public_url.not_https", Warning),
        ("ftp URL", P, PublicUrl, "ftp://pachyderm.example.com", "public_url.scheme", Error),
        ("URL fragment", P, PublicUrl, "https://pachyderm.example.com/#/login", "public_url.fragment", Error),
        ("URL query", P, PublicUrl, "https://pachyderm.example.com/?a=b", "public_url.query", Error),
        ("URL userinfo", P, PublicUrl, "https://admin:pw@pachyderm.example.com", "public_url.userinfo", Error),
        ("pachyderm /dex", P, PublicUrl, "https://pachyderm.example.com/dex/", "public_url.dex_suffix", Warning),
        ("pachyderm's callback pasted as the proxy URL", P, PublicUrl, "https://pachyderm.example.com/dex/callback", "public_url.callback", Error),
        // issuer
        ("issuer http", P, Issuer, &format!("http://{DOMAIN}/"), "issuer.scheme", Error),
        ("pachyderm issuer no slash", P, Issuer, no_slash, "issuer.trailing_slash", Error),
        ("pachyderm-1x issuer no slash", P1, Issuer, no_slash, "issuer.trailing_slash", Error),
        ("dex issuer no slash", DEX, Issuer, no_slash, "issuer.trailing_slash", Error),
        ("issuer on another domain", P, Issuer, "https://login.example.com/", "issuer.domain_mismatch", Warning),
        // connector, groups claim
        ("connector id with slash", P, ConnectorId, "auth0/prod", "connector_id.invalid", Error),
        ("claim groups", P, GroupsClaim, "groups", "groups_claim.restricted", Error),
        ("claim Roles", P, GroupsClaim, "Roles", "groups_claim.restricted", Error),
        ("claim permissions", P, GroupsClaim, "permissions", "groups_claim.restricted", Error),
        ("claim with space", P, GroupsClaim, "my groups", "groups_claim.spaces", Error),
        ("claim on auth0.com", P, GroupsClaim, "https://auth0.com/groups", "groups_claim.auth0_namespace", Error),
        ("claim on webtask.io", P, GroupsClaim, "https://x.webtask.io/groups", "groups_claim.auth0_namespace", Error),
        ("claim on webtask.run", P, GroupsClaim, "https://x.webtask.run/groups", "groups_claim.auth0_namespace", Error),
        ("claim not namespaced", P, GroupsClaim, "my_groups", "groups_claim.not_namespaced", Warning),
        // extras
        ("unknown extra", P, Extra("colour"), "blue", "extras.unknown", Warning),
        ("extra of the other version", OM, Extra("m2mClientId"), CLIENT_ID, "extras.other_version", Warning),
        ("secret given as text", POM, Extra("cookieSecret"), &b64(32), "extras.kind", Warning),
        ("text given as secret", P, ExtraSecret("secretName"), "idps", "extras.kind", Warning),
        ("bad k8s name", P, Extra("secretName"), "Auth0_IdPs", "extras.secret_name.invalid", Error),
        ("live config version text", P1, Extra("liveConfigVersion"), "one", "extras.live_config_version.invalid", Error),
        ("live config version negative", P1, Extra("liveConfigVersion"), "-1", "extras.live_config_version.invalid", Error),
        ("cookie secret not base64", POM, ExtraSecret("cookieSecret"), "not base64!", "extras.pomerium_secret.invalid", Error),
        ("shared secret 16 bytes", POM, ExtraSecret("sharedSecret"), &b64(16), "extras.pomerium_secret.invalid", Error),
        ("OM client type", OM, Extra("clientType"), "private", "extras.client_type.invalid", Error),
        ("OM no admins", OM, Extra("adminPrincipals"), " , ,", "extras.admin_principals.empty", Error),
        ("OM principal domain no dot", OM, Extra("principalDomain"), "example", "extras.principal_domain.invalid", Error),
        ("OM principal domain URL", OM, Extra("principalDomain"), "https://example.com", "extras.principal_domain.invalid", Error),
        ("OM bot token not a JWT", OM, ExtraSecret("botJwt"), "abc", "extras.bot_jwt.format", Warning),
    ];
    rows.iter()
        .map(|&(what, target, set, value, code, severity)| Case {
            what: what.to_owned(),
            raw: with(target, |r| set.apply(r, value)),
            field: set.field(),
            code,
            severity,
        })
        .collect()
}

/// The rules a table row cannot say: no secret at all, a secret an option makes unused,
/// and extras a legacy release needs both of (either one alone is an error on the other).
fn other_cases() -> Vec<Case> {
    let case = |what: &str, raw, field: &str, code, severity| Case {
        what: what.to_owned(),
        raw,
        field: field.to_owned(),
        code,
        severity,
    };
    let mut out = vec![
        case(
            "no secret",
            with(P, |r| r.client_secret = None),
            "clientSecret",
            "client_secret.missing",
            Warning,
        ),
        case(
            "OM public with secret",
            with(OM, |r| extra(r, "clientType", "public")),
            "clientSecret",
            "client_secret.unused",
            Warning,
        ),
    ];
    #[rustfmt::skip]
    let pairs = [
        ("service account", POM, "<0.20", "serviceAccountClientId", "serviceAccountSecret", "extras.service_account.incomplete"),
        ("OM legacy M2M", OM, "<=1.2", "m2mClientId", "m2mClientSecret", "extras.m2m.incomplete"),
    ];
    for (label, target, version, id, secret, code) in pairs {
        let legacy = |give: &dyn Fn(&mut RawSettings)| {
            with(target, |r| {
                r.version = version.into();
                give(r);
            })
        };
        out.push(case(
            &format!("{label} id without secret"),
            legacy(&|r| extra(r, id, CLIENT_ID)),
            &format!("extras.{secret}"),
            code,
            Error,
        ));
        out.push(case(
            &format!("{label} secret without id"),
            legacy(&|r| extra_secret(r, secret, SECRET)),
            &format!("extras.{id}"),
            code,
            Error,
        ));
    }
    out
}

fn cases() -> Vec<Case> {
    let mut cases = table();
    cases.extend(other_cases());
    cases
}

#[test]
fn valid_settings_of_every_target_have_no_issue() {
    for t in TargetId::ALL {
        let raw = ok(t.as_str());
        let report = validate(&raw);
        assert!(report.issues.is_empty(), "{t}: {:#?}", report.issues);
        let cfg = build(&raw).unwrap_or_else(|r| panic!("{t}: {r:#?}"));
        assert_eq!(cfg.target, t);
        assert_eq!(cfg.release, Release::Current);
    }
}

#[test]
fn every_rule_fires_with_its_field_code_and_severity() {
    let mut failures = Vec::new();
    for c in cases() {
        let report = validate(&c.raw);
        let found = report
            .issues
            .iter()
            .find(|i| i.code == c.code && i.field == c.field);
        match found {
            None => failures.push(format!(
                "{}: expected {} on {}, got {:?}",
                c.what, c.code, c.field, report.issues
            )),
            Some(i) if i.severity != c.severity => failures.push(format!(
                "{}: {} is {:?}, expected {:?}",
                c.what, c.code, i.severity, c.severity
            )),
            Some(_) => {}
        }
        for i in &report.issues {
            if i.message.trim().is_empty() || i.fix.trim().is_empty() {
                failures.push(format!(
                    "{}: {} has an empty message or fix",
                    c.what, i.code
                ));
            }
        }
        // build agrees with validate: it fails exactly when there is an error.
        let built = build_with(&c.raw, &mut |_| Secret::new(b64(32)));
        if built.is_ok() == report.has_errors() {
            failures.push(format!(
                "{}: build is_ok={} but has_errors={}",
                c.what,
                built.is_ok(),
                report.has_errors()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The source of validation: src/validate/ and every target's module.
fn validation_source() -> String {
    fn walk(dir: &std::path::Path, out: &mut String) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push_str(&std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = String::new();
    walk(&src.join("validate"), &mut out);
    walk(&src.join("target"), &mut out);
    out
}

/// The string literals of the validation source that look like issue codes.
fn codes_in_source() -> BTreeSet<String> {
    const PREFIXES: &[&str] = &[
        "target.",
        "version.",
        "domain.",
        "client_id.",
        "client_secret.",
        "public_url.",
        "issuer.",
        "connector_id.",
        "connector_name.",
        "groups_claim.",
        "extras.",
    ];
    let src = validation_source();
    let src = src.as_str();
    // Every `"..."` whose content is only [a-z0-9_.] (escaped quotes elsewhere cannot confuse this).
    let mut codes = BTreeSet::new();
    for (i, _) in src.match_indices('"') {
        let rest = &src[i + 1..];
        let end = rest
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'))
            .unwrap_or(0);
        if rest[end..].starts_with('"') && PREFIXES.iter().any(|p| rest[..end].starts_with(p)) {
            codes.insert(rest[..end].to_owned());
        }
    }
    codes
}

#[test]
fn every_code_in_validate_rs_has_a_case() {
    let in_source = codes_in_source();
    assert!(
        in_source.len() > 40,
        "the scan found too few codes: {in_source:?}"
    );
    let covered: BTreeSet<String> = cases().iter().map(|c| c.code.to_owned()).collect();
    let missing: Vec<_> = in_source.difference(&covered).collect();
    assert!(missing.is_empty(), "codes without a test case: {missing:?}");
    let unknown: Vec<_> = covered.difference(&in_source).collect();
    assert!(
        unknown.is_empty(),
        "test cases for codes validate.rs no longer has: {unknown:?}"
    );
}

#[test]
fn several_problems_are_reported_at_once() {
    let raw = RawSettings {
        target: "pachyderm".into(),
        domain: format!("https://{DOMAIN}/authorize"),
        client_id: "".into(),
        client_secret: Some(Secret::new("short")),
        public_url: "http://pachyderm.example.com".into(),
        groups_claim: "groups".into(),
        connector_id: "a b".into(),
        ..RawSettings::default()
    };
    let report = validate(&raw);
    let errors: Vec<_> = report.errors().map(|i| i.code.as_str()).collect();
    assert_eq!(
        errors,
        [
            "domain.path",
            "client_id.empty",
            "public_url.not_https",
            "connector_id.invalid",
            "groups_claim.restricted"
        ]
    );
    // the warnings are there too
    assert!(report.codes().contains(&"domain.scheme"));
    assert!(report.codes().contains(&"client_secret.short"));
    assert_eq!(report.for_field("domain").count(), 2);
    let err = build(&raw).unwrap_err();
    assert_eq!(err, report);
}

#[test]
fn domain_is_normalized() {
    let domain = |input: &str| {
        build(&with(P, |r| r.domain = input.into()))
            .unwrap_or_else(|r| panic!("{input:?}: {r:#?}"))
            .domain
    };
    let idn = "xn--bcher-kva.example.com";
    let cases: &[(&str, &str, Option<u16>)] = &[
        (&format!(" https://{DOMAIN}/ "), DOMAIN, None),
        ("DEV-ABC123.US.AUTH0.COM", DOMAIN, None),
        ("bücher.example.com", idn, None),
        ("127.0.0.1:8443", "127.0.0.1", Some(8443)),
        // the default https port is dropped, as Auth0 writes the issuer
        (&format!("{DOMAIN}:443"), DOMAIN, None),
    ];
    for &(input, host, port) in cases {
        let want = Domain {
            host: host.into(),
            port,
        };
        assert_eq!(domain(input), want, "{input:?}");
    }
    let d = domain("127.0.0.1:8443");
    assert_eq!(d.issuer(), "https://127.0.0.1:8443/");
    assert_eq!(d.base_url(), "https://127.0.0.1:8443");
    // no issue at all for a local test IdP with a port
    let report = validate(&with(P, |r| r.domain = "127.0.0.1:8443".into()));
    assert!(report.issues.is_empty(), "{:?}", report.issues);

    let report = validate(&with(P, |r| r.domain = "bücher.example.com".into()));
    let message = &report.for_field("domain").next().unwrap().message;
    assert!(message.contains(idn), "{message}");
}

#[test]
fn config_carries_trimmed_and_defaulted_values() {
    let raw = with(P, |r| {
        r.client_id = format!(" {CLIENT_ID} ");
        r.client_secret = Some(Secret::new(format!("{SECRET}\r\n")));
        r.public_url = "https://pachyderm.example.com/dex/".into();
    });
    let cfg = build(&raw).unwrap();
    assert_eq!(cfg.client_id, CLIENT_ID);
    assert_eq!(cfg.client_secret.as_ref().map(Secret::expose), Some(SECRET));
    assert_eq!(cfg.public_base(), "https://pachyderm.example.com");
    assert_eq!(cfg.issuer, format!("https://{DOMAIN}/"));
    assert_eq!(cfg.connector_id, "auth0");
    assert_eq!(cfg.connector_name, "Auth0");
    assert_eq!(cfg.groups_claim, None);
    assert_eq!(
        cfg.options,
        TargetOptions::Pachyderm(pachyderm::Options {
            secret_name: "pachyderm-auth0-idps".into()
        })
    );
    assert!(!cfg.handoff);
    assert!(cfg.redacted().handoff);

    let cfg = build(&with(DEX, |r| {
        r.issuer = format!("https://{DOMAIN}/");
        r.connector_id = " corp-auth0 ".into();
        r.connector_name = " Corp SSO ".into();
        r.groups_claim = " https://example.com/groups ".into();
    }))
    .unwrap();
    assert_eq!(cfg.public_base(), "https://dex.example.com/dex");
    assert_eq!(
        (cfg.connector_id.as_str(), cfg.connector_name.as_str()),
        ("corp-auth0", "Corp SSO")
    );
    assert_eq!(
        cfg.groups_claim.as_deref(),
        Some("https://example.com/groups")
    );
}

#[test]
fn issuer_trailing_slash_matters_only_for_dex_based_targets() {
    for t in [POM, OM] {
        let report = validate(&with(t, |r| r.issuer = format!("https://{DOMAIN}")));
        assert!(!report.has_errors(), "{t}: {:?}", report.issues);
    }
    let cfg = build(&with(P, |r| r.issuer = format!(" https://{DOMAIN}/ "))).unwrap();
    assert_eq!(cfg.issuer, format!("https://{DOMAIN}/"));
}

#[test]
fn loopback_http_is_allowed_everywhere() {
    for t in TargetId::ALL {
        for url in [
            "http://127.0.0.1:8080",
            "http://localhost:8080",
            "http://[::1]:8080",
            "http://om.localhost",
        ] {
            let report = validate(&with(t.as_str(), |r| r.public_url = url.into()));
            assert!(
                report.for_field("publicUrl").next().is_none(),
                "{t} {url}: {:?}",
                report.issues
            );
        }
    }
}

fn om_options(cfg: Config) -> openmetadata::Options {
    match cfg.options {
        TargetOptions::Openmetadata(o) => o,
        other => panic!("{other:?}"),
    }
}

fn pomerium_options(cfg: Config) -> pomerium::Options {
    match cfg.options {
        TargetOptions::Pomerium(o) => o,
        other => panic!("{other:?}"),
    }
}

#[test]
fn openmetadata_public_client_needs_no_secret_and_drops_one() {
    let public = with(OM, |r| {
        r.client_secret = None;
        extra(r, "clientType", "public");
    });
    let report = validate(&public);
    assert!(report.issues.is_empty(), "{:?}", report.issues);
    let cfg = build(&with(OM, |r| extra(r, "clientType", "public"))).unwrap();
    assert_eq!(
        cfg.client_secret, None,
        "the unused secret must not reach the exports"
    );
    assert_eq!(om_options(cfg).client_type, OmClientType::Public);
    // a 20-character secret is long enough for a confidential client (only the length warning)
    let report = validate(&with(OM, |r| {
        r.client_secret = Some(Secret::new("0123456789abcdefghij"))
    }));
    assert_eq!(report.codes(), ["client_secret.short"]);
    // a 10-character client id is long enough
    let report = validate(&with(OM, |r| r.client_id = "abc1234567".into()));
    assert_eq!(report.codes(), ["client_id.format"]);
}

#[test]
fn openmetadata_extras_become_typed_options() {
    let o = om_options(
        build(&with(OM, |r| {
            extra(r, "adminPrincipals", " alice, bob ,,");
            extra(r, "principalDomain", "@Example.COM");
            extra_secret(r, "botJwt", "aaa.bbb.ccc");
        }))
        .unwrap(),
    );
    assert_eq!(o.admin_principals, ["alice", "bob"]);
    assert_eq!(o.principal_domain, "example.com");
    assert_eq!(o.bot_jwt.as_ref().map(Secret::expose), Some("aaa.bbb.ccc"));
    assert_eq!(o.m2m_client_id, None);

    let cfg = build(&with(OM, |r| {
        r.version = "<=1.2".into();
        extra(r, "m2mClientId", "M2mClientIdM2mClientIdM2mClient1");
        extra_secret(r, "m2mClientSecret", SECRET);
    }))
    .unwrap();
    assert_eq!(cfg.release, Release::Legacy);
    let o = om_options(cfg);
    assert_eq!(
        o.m2m_client_id.as_deref(),
        Some("M2mClientIdM2mClientIdM2mClient1")
    );
    assert_eq!(
        o.m2m_client_secret.as_ref().map(Secret::expose),
        Some(SECRET)
    );
    assert_eq!(o.bot_jwt, None);
}

#[test]
fn pomerium_secrets_are_generated_unless_given() {
    let cfg = build(&ok(POM)).unwrap();
    let again = build(&ok(POM)).unwrap();
    assert_ne!(again.options, cfg.options, "fresh secrets on every build");
    let o = pomerium_options(cfg);
    use base64::Engine;
    for s in [&o.cookie_secret, &o.shared_secret] {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(s.expose())
            .unwrap();
        assert_eq!(bytes.len(), 32);
    }
    assert_ne!(o.cookie_secret, o.shared_secret);

    let given = b64(32);
    let mut asked = Vec::new();
    let cfg = build_with(
        &with(POM, |r| extra_secret(r, "cookieSecret", &given)),
        &mut |k| {
            asked.push(k.to_owned());
            Secret::new(format!("generated-{k}"))
        },
    )
    .unwrap();
    assert_eq!(asked, ["sharedSecret"]);
    let o = pomerium_options(cfg);
    assert_eq!(o.cookie_secret.expose(), given);
    assert_eq!(o.shared_secret.expose(), "generated-sharedSecret");
}

#[test]
fn pachyderm_extras_become_typed_options() {
    let cases = [
        (
            P1,
            "liveConfigVersion",
            " 7 ",
            TargetOptions::Pachyderm1x(pachyderm1x::Options {
                live_config_version: 7,
            }),
        ),
        (
            P,
            "secretName",
            "auth0.idps-1",
            TargetOptions::Pachyderm(pachyderm::Options {
                secret_name: "auth0.idps-1".into(),
            }),
        ),
    ];
    for (target, key, value, want) in cases {
        let cfg = build(&with(target, |r| extra(r, key, value))).unwrap();
        assert_eq!(cfg.options, want, "{target} {key}={value:?}");
    }
}

#[test]
fn issues_serialize_with_their_documented_shape() {
    let report = validate(&with("pachyderm", |r| r.domain = "".into()));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["issues"][0]["field"], "domain");
    assert_eq!(json["issues"][0]["code"], "domain.empty");
    assert_eq!(json["issues"][0]["severity"], "error");
    assert!(json["issues"][0]["fix"]
        .as_str()
        .is_some_and(|f| !f.is_empty()));
}

#[test]
fn no_issue_ever_contains_a_secret() {
    let secrets = [
        "hunter2-hunter2-hunter2-hunter2-0",
        "cookie-not-base64-value",
    ];
    let raw = with("pomerium", |r| {
        r.client_secret = Some(Secret::new(format!(" {} x", secrets[0])));
        extra_secret(r, "cookieSecret", secrets[1]);
    });
    let text = format!("{:?}", validate(&raw));
    for s in secrets {
        assert!(!text.contains(s), "{text}");
    }
}

/// Every target's callback URL, pasted where its public URL belongs, is an
/// error at the field whose fix is the URL without the callback path.
#[test]
fn a_callback_url_pasted_as_the_public_url_is_an_error_with_the_base_url_as_fix() {
    #[rustfmt::skip]
    let cases = [
        ("pachyderm", "https://pachyderm.example.com/dex/callback", "https://pachyderm.example.com"),
        ("pachyderm-1x", "https://pachd.example.com:30657/authorization-code/callback", "https://pachd.example.com:30657"),
        ("pomerium", "https://authenticate.example.com/oauth2/callback/", "https://authenticate.example.com"),
        ("openmetadata", "https://om.example.com/callback", "https://om.example.com"),
        ("dex", "https://dex.example.com/dex/callback", "https://dex.example.com/dex"),
    ];
    for (target, pasted, base) in cases {
        let mut raw = ok(target);
        raw.public_url = pasted.into();
        let report = validate(&raw);
        let issue = report
            .for_field("publicUrl")
            .find(|i| i.code == "public_url.callback")
            .unwrap_or_else(|| panic!("{target}: {:?}", report.codes()));
        assert_eq!(issue.severity, Error, "{target}");
        assert_eq!(issue.fix, format!("Use {base}."), "{target}");
        assert!(build(&raw).is_err(), "{target}");
        raw.public_url = base.into();
        assert!(
            !validate(&raw).codes().contains(&"public_url.callback"),
            "{target}"
        );
    }
    assert_eq!(TargetId::ALL.len(), cases.len(), "every target has a case");
}
/// A control character is named with the field as the user knows it, never
/// shown; around a value (a pasted line break) it is only trimmed.
#[test]
fn control_characters_are_named_with_the_field_and_never_shown() {
    let hostile = "\u{1b}]0;pwned\u{7}";
    let report = validate(&with("pomerium", |r| {
        r.client_secret = Some(Secret::new(format!("{SECRET}{hostile}secretpart")));
        r.issuer = format!("https://{DOMAIN}/{hostile}");
        extra_secret(r, "cookieSecret", &format!("{hostile}secretpart"));
    }));
    for (field, label) in [
        ("clientSecret", "Client secret"),
        ("issuer", "Issuer"),
        ("extras.cookieSecret", "Cookie secret"),
    ] {
        let i = report
            .for_field(field)
            .find(|i| i.code.ends_with(".control"))
            .unwrap_or_else(|| panic!("no control issue at {field}: {report:?}"));
        assert!(i.message.starts_with(label), "{i:?}");
        assert!(i.message.contains("escape character"), "{i:?}");
    }
    // Secrets are never quoted; a quoted value shows its control characters escaped.
    let messages: Vec<String> = report
        .issues
        .iter()
        .flat_map(|i| [i.message.clone(), i.fix.clone()])
        .collect();
    for m in &messages {
        assert!(
            !m.contains("secretpart") && !m.chars().any(char::is_control),
            "{m:?}"
        );
    }
    let trailing = with("dex", |r| {
        r.client_secret = Some(Secret::new(format!("{SECRET}\r\n")))
    });
    assert!(
        !validate(&trailing).has_errors(),
        "{:?}",
        validate(&trailing)
    );
}
