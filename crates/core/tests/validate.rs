//! Every validation rule in src/validate.rs: its field, code and severity, and
//! that its message and fix are not empty. `every_code_in_validate_rs_has_a_case`
//! fails when a rule is added without a case here.

use auth0_wizard_core::validate::build_with;
use auth0_wizard_core::{
    build, validate, Domain, OmClientType, RawSettings, Release, Secret, Severity, TargetId,
    TargetOptions,
};
use std::collections::BTreeSet;

use Severity::{Error, Warning};

const DOMAIN: &str = "dev-abc123.us.auth0.com";
const CLIENT_ID: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
const SECRET: &str = "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-0";

fn url_for(target: &str) -> &'static str {
    match target {
        "pachyderm" => "https://pachyderm.example.com",
        "pachyderm-1x" => "https://pachd.example.com:30657",
        "pomerium" => "https://authenticate.example.com",
        "openmetadata" => "https://openmetadata.example.com",
        _ => "https://dex.example.com/dex",
    }
}

/// Valid settings for `target` without a single issue.
fn ok(target: &str) -> RawSettings {
    RawSettings {
        target: target.to_owned(),
        domain: DOMAIN.to_owned(),
        client_id: CLIENT_ID.to_owned(),
        client_secret: Some(Secret::new(SECRET)),
        public_url: url_for(target).to_owned(),
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

struct Case {
    what: &'static str,
    raw: RawSettings,
    field: &'static str,
    code: &'static str,
    severity: Severity,
}

fn case(
    what: &'static str,
    raw: RawSettings,
    field: &'static str,
    code: &'static str,
    severity: Severity,
) -> Case {
    Case {
        what,
        raw,
        field,
        code,
        severity,
    }
}

fn cases() -> Vec<Case> {
    let p = "pachyderm";
    let om = "openmetadata";
    vec![
        // target, version
        case(
            "no target",
            with(p, |r| r.target = " ".into()),
            "target",
            "target.empty",
            Error,
        ),
        case(
            "unknown target",
            with(p, |r| r.target = "pachyderm3".into()),
            "target",
            "target.unknown",
            Error,
        ),
        case(
            "a release number of the other Pachyderm target",
            with("pachyderm", |r| r.version = "1.13".into()),
            "version",
            "version.unknown",
            Error,
        ),
        case(
            "unknown version",
            with("pomerium", |r| r.version = "latest".into()),
            "version",
            "version.unknown",
            Error,
        ),
        // domain
        case(
            "empty domain",
            with(p, |r| r.domain = "".into()),
            "domain",
            "domain.empty",
            Error,
        ),
        case(
            "scheme only",
            with(p, |r| r.domain = "https://".into()),
            "domain",
            "domain.empty",
            Error,
        ),
        case(
            "spaces around",
            with(p, |r| r.domain = format!("  {DOMAIN}\n")),
            "domain",
            "domain.whitespace",
            Warning,
        ),
        case(
            "space inside",
            with(p, |r| r.domain = "dev abc.us.auth0.com".into()),
            "domain",
            "domain.spaces",
            Error,
        ),
        case(
            "https scheme",
            with(p, |r| r.domain = format!("https://{DOMAIN}")),
            "domain",
            "domain.scheme",
            Warning,
        ),
        case(
            "http scheme",
            with(p, |r| r.domain = format!("HTTP://{DOMAIN}")),
            "domain",
            "domain.scheme",
            Warning,
        ),
        case(
            "other scheme",
            with(p, |r| r.domain = format!("ftp://{DOMAIN}")),
            "domain",
            "domain.scheme",
            Error,
        ),
        case(
            "userinfo",
            with(p, |r| r.domain = format!("admin:pw@{DOMAIN}")),
            "domain",
            "domain.userinfo",
            Error,
        ),
        case(
            "trailing slash",
            with(p, |r| r.domain = format!("https://{DOMAIN}/")),
            "domain",
            "domain.trailing_slash",
            Warning,
        ),
        case(
            "path",
            with(p, |r| r.domain = format!("{DOMAIN}/authorize")),
            "domain",
            "domain.path",
            Error,
        ),
        case(
            "query",
            with(p, |r| r.domain = format!("{DOMAIN}?x=1")),
            "domain",
            "domain.path",
            Error,
        ),
        case(
            "fragment",
            with(p, |r| r.domain = format!("{DOMAIN}#top")),
            "domain",
            "domain.path",
            Error,
        ),
        case(
            "backslash path",
            with(p, |r| r.domain = format!("{DOMAIN}\\evil.example")),
            "domain",
            "domain.path",
            Error,
        ),
        case(
            "IDN",
            with(p, |r| r.domain = "bücher.example.com".into()),
            "domain",
            "domain.idn",
            Warning,
        ),
        case(
            "underscore",
            with(p, |r| r.domain = "dev_abc.us.auth0.com".into()),
            "domain",
            "domain.invalid",
            Error,
        ),
        case(
            "percent-encoding",
            with(p, |r| r.domain = "dev%41bc.us.auth0.com".into()),
            "domain",
            "domain.invalid",
            Error,
        ),
        case(
            "leading hyphen",
            with(p, |r| r.domain = "-dev.us.auth0.com".into()),
            "domain",
            "domain.invalid",
            Error,
        ),
        case(
            "port out of range",
            with(p, |r| r.domain = format!("{DOMAIN}:99999")),
            "domain",
            "domain.invalid",
            Error,
        ),
        case(
            "single label",
            with(p, |r| r.domain = "auth0".into()),
            "domain",
            "domain.single_label",
            Warning,
        ),
        // client id
        case(
            "empty client id",
            with(p, |r| r.client_id = "".into()),
            "clientId",
            "client_id.empty",
            Error,
        ),
        case(
            "blank client id",
            with(p, |r| r.client_id = "   ".into()),
            "clientId",
            "client_id.empty",
            Error,
        ),
        case(
            "client id spaces around",
            with(p, |r| r.client_id = format!(" {CLIENT_ID}\t")),
            "clientId",
            "client_id.whitespace",
            Warning,
        ),
        case(
            "client id space inside",
            with(p, |r| r.client_id = "AbCdEfGh IjKlMnOp".into()),
            "clientId",
            "client_id.spaces",
            Error,
        ),
        case(
            "client id not 32 chars",
            with(p, |r| r.client_id = "my-app".into()),
            "clientId",
            "client_id.format",
            Warning,
        ),
        case(
            "client id not alphanumeric",
            with(p, |r| {
                r.client_id = "AbCdEfGhIjKlMnOpQrStUvWxYz01234-".into()
            }),
            "clientId",
            "client_id.format",
            Warning,
        ),
        case(
            "OM client id < 10",
            with(om, |r| r.client_id = "abc123456".into()),
            "clientId",
            "client_id.too_short_for_openmetadata",
            Error,
        ),
        // client secret
        case(
            "no secret",
            with(p, |r| r.client_secret = None),
            "clientSecret",
            "client_secret.missing",
            Warning,
        ),
        case(
            "empty secret",
            with(p, |r| r.client_secret = Some(Secret::new(""))),
            "clientSecret",
            "client_secret.empty",
            Error,
        ),
        case(
            "blank secret",
            with(p, |r| r.client_secret = Some(Secret::new(" \n"))),
            "clientSecret",
            "client_secret.empty",
            Error,
        ),
        case(
            "secret with newline",
            with(p, |r| {
                r.client_secret = Some(Secret::new(format!("{SECRET}\n")))
            }),
            "clientSecret",
            "client_secret.whitespace",
            Warning,
        ),
        case(
            "secret space inside",
            with(p, |r| {
                r.client_secret = Some(Secret::new("abc def ghi jkl mno pqr stu vwx yz0 123"))
            }),
            "clientSecret",
            "client_secret.spaces",
            Error,
        ),
        case(
            "secret equals id",
            with(p, |r| r.client_secret = Some(Secret::new(CLIENT_ID))),
            "clientSecret",
            "client_secret.equals_client_id",
            Error,
        ),
        case(
            "short secret",
            with(p, |r| {
                r.client_secret = Some(Secret::new("0123456789abcdefghij"))
            }),
            "clientSecret",
            "client_secret.short",
            Warning,
        ),
        case(
            "OM secret < 20",
            with(om, |r| {
                r.client_secret = Some(Secret::new("0123456789abcdefghi"))
            }),
            "clientSecret",
            "client_secret.too_short_for_openmetadata",
            Error,
        ),
        case(
            "OM public with secret",
            with(om, |r| extra(r, "clientType", "public")),
            "clientSecret",
            "client_secret.unused",
            Warning,
        ),
        // public URL
        case(
            "empty URL",
            with(p, |r| r.public_url = " ".into()),
            "publicUrl",
            "public_url.empty",
            Error,
        ),
        case(
            "URL with space",
            with(p, |r| r.public_url = "https://pachyderm example.com".into()),
            "publicUrl",
            "public_url.spaces",
            Error,
        ),
        case(
            "URL without scheme",
            with(p, |r| r.public_url = "pachyderm.example.com".into()),
            "publicUrl",
            "public_url.not_absolute",
            Error,
        ),
        case(
            "host:port without scheme",
            with(p, |r| r.public_url = "localhost:8080".into()),
            "publicUrl",
            "public_url.not_absolute",
            Error,
        ),
        case(
            "URL without host",
            with(p, |r| r.public_url = "mailto:admin@example.com".into()),
            "publicUrl",
            "public_url.not_absolute",
            Error,
        ),
        case(
            "unparsable URL",
            with(p, |r| r.public_url = "https://[zz]/".into()),
            "publicUrl",
            "public_url.invalid",
            Error,
        ),
        case(
            "http non-loopback",
            with(p, |r| r.public_url = "http://pachyderm.example.com".into()),
            "publicUrl",
            "public_url.not_https",
            Error,
        ),
        case(
            "http for pachd 1.x",
            with("pachyderm-1x", |r| {
                r.public_url = "http://203.0.113.10:30657".into()
            }),
            "publicUrl",
            "public_url.not_https",
            Warning,
        ),
        case(
            "ftp URL",
            with(p, |r| r.public_url = "ftp://pachyderm.example.com".into()),
            "publicUrl",
            "public_url.scheme",
            Error,
        ),
        case(
            "URL fragment",
            with(p, |r| {
                r.public_url = "https://pachyderm.example.com/#/login".into()
            }),
            "publicUrl",
            "public_url.fragment",
            Error,
        ),
        case(
            "URL query",
            with(p, |r| {
                r.public_url = "https://pachyderm.example.com/?a=b".into()
            }),
            "publicUrl",
            "public_url.query",
            Error,
        ),
        case(
            "URL userinfo",
            with(p, |r| {
                r.public_url = "https://admin:pw@pachyderm.example.com".into()
            }),
            "publicUrl",
            "public_url.userinfo",
            Error,
        ),
        case(
            "pachyderm /dex",
            with(p, |r| {
                r.public_url = "https://pachyderm.example.com/dex/".into()
            }),
            "publicUrl",
            "public_url.dex_suffix",
            Warning,
        ),
        // issuer
        case(
            "issuer http",
            with(p, |r| r.issuer = format!("http://{DOMAIN}/")),
            "issuer",
            "issuer.scheme",
            Error,
        ),
        case(
            "pachyderm issuer no slash",
            with(p, |r| r.issuer = format!("https://{DOMAIN}")),
            "issuer",
            "issuer.trailing_slash",
            Error,
        ),
        case(
            "pachyderm-1x issuer no slash",
            with("pachyderm-1x", |r| r.issuer = format!("https://{DOMAIN}")),
            "issuer",
            "issuer.trailing_slash",
            Error,
        ),
        case(
            "dex issuer no slash",
            with("dex", |r| r.issuer = format!("https://{DOMAIN}")),
            "issuer",
            "issuer.trailing_slash",
            Error,
        ),
        case(
            "issuer on another domain",
            with(p, |r| r.issuer = "https://login.example.com/".into()),
            "issuer",
            "issuer.domain_mismatch",
            Warning,
        ),
        // connector, groups claim
        case(
            "connector id with slash",
            with(p, |r| r.connector_id = "auth0/prod".into()),
            "connectorId",
            "connector_id.invalid",
            Error,
        ),
        case(
            "claim groups",
            with(p, |r| r.groups_claim = "groups".into()),
            "groupsClaim",
            "groups_claim.restricted",
            Error,
        ),
        case(
            "claim Roles",
            with(p, |r| r.groups_claim = "Roles".into()),
            "groupsClaim",
            "groups_claim.restricted",
            Error,
        ),
        case(
            "claim permissions",
            with(p, |r| r.groups_claim = "permissions".into()),
            "groupsClaim",
            "groups_claim.restricted",
            Error,
        ),
        case(
            "claim with space",
            with(p, |r| r.groups_claim = "my groups".into()),
            "groupsClaim",
            "groups_claim.spaces",
            Error,
        ),
        case(
            "claim on auth0.com",
            with(p, |r| r.groups_claim = "https://auth0.com/groups".into()),
            "groupsClaim",
            "groups_claim.auth0_namespace",
            Error,
        ),
        case(
            "claim on webtask.io",
            with(p, |r| r.groups_claim = "https://x.webtask.io/groups".into()),
            "groupsClaim",
            "groups_claim.auth0_namespace",
            Error,
        ),
        case(
            "claim on webtask.run",
            with(p, |r| {
                r.groups_claim = "https://x.webtask.run/groups".into()
            }),
            "groupsClaim",
            "groups_claim.auth0_namespace",
            Error,
        ),
        case(
            "claim not namespaced",
            with(p, |r| r.groups_claim = "my_groups".into()),
            "groupsClaim",
            "groups_claim.not_namespaced",
            Warning,
        ),
        // extras
        case(
            "unknown extra",
            with(p, |r| extra(r, "colour", "blue")),
            "extras.colour",
            "extras.unknown",
            Warning,
        ),
        case(
            "extra of the other version",
            with(om, |r| extra(r, "m2mClientId", CLIENT_ID)),
            "extras.m2mClientId",
            "extras.other_version",
            Warning,
        ),
        case(
            "secret given as text",
            with("pomerium", |r| extra(r, "cookieSecret", &b64(32))),
            "extras.cookieSecret",
            "extras.kind",
            Warning,
        ),
        case(
            "text given as secret",
            with(p, |r| extra_secret(r, "secretName", "idps")),
            "extras.secretName",
            "extras.kind",
            Warning,
        ),
        case(
            "bad k8s name",
            with(p, |r| extra(r, "secretName", "Auth0_IdPs")),
            "extras.secretName",
            "extras.secret_name.invalid",
            Error,
        ),
        case(
            "live config version text",
            with("pachyderm-1x", |r| extra(r, "liveConfigVersion", "one")),
            "extras.liveConfigVersion",
            "extras.live_config_version.invalid",
            Error,
        ),
        case(
            "live config version negative",
            with("pachyderm-1x", |r| extra(r, "liveConfigVersion", "-1")),
            "extras.liveConfigVersion",
            "extras.live_config_version.invalid",
            Error,
        ),
        case(
            "cookie secret not base64",
            with("pomerium", |r| {
                extra_secret(r, "cookieSecret", "not base64!")
            }),
            "extras.cookieSecret",
            "extras.pomerium_secret.invalid",
            Error,
        ),
        case(
            "shared secret 16 bytes",
            with("pomerium", |r| extra_secret(r, "sharedSecret", &b64(16))),
            "extras.sharedSecret",
            "extras.pomerium_secret.invalid",
            Error,
        ),
        case(
            "service account id without secret",
            with("pomerium", |r| {
                r.version = "<0.20".into();
                extra(r, "serviceAccountClientId", CLIENT_ID);
            }),
            "extras.serviceAccountSecret",
            "extras.service_account.incomplete",
            Error,
        ),
        case(
            "service account secret without id",
            with("pomerium", |r| {
                r.version = "<0.20".into();
                extra_secret(r, "serviceAccountSecret", SECRET);
            }),
            "extras.serviceAccountClientId",
            "extras.service_account.incomplete",
            Error,
        ),
        case(
            "OM client type",
            with(om, |r| extra(r, "clientType", "private")),
            "extras.clientType",
            "extras.client_type.invalid",
            Error,
        ),
        case(
            "OM no admins",
            with(om, |r| extra(r, "adminPrincipals", " , ,")),
            "extras.adminPrincipals",
            "extras.admin_principals.empty",
            Error,
        ),
        case(
            "OM principal domain no dot",
            with(om, |r| extra(r, "principalDomain", "example")),
            "extras.principalDomain",
            "extras.principal_domain.invalid",
            Error,
        ),
        case(
            "OM principal domain URL",
            with(om, |r| extra(r, "principalDomain", "https://example.com")),
            "extras.principalDomain",
            "extras.principal_domain.invalid",
            Error,
        ),
        case(
            "OM bot token not a JWT",
            with(om, |r| extra_secret(r, "botJwt", "abc")),
            "extras.botJwt",
            "extras.bot_jwt.format",
            Warning,
        ),
        case(
            "OM legacy M2M id without secret",
            with(om, |r| {
                r.version = "<=1.2".into();
                extra(r, "m2mClientId", CLIENT_ID);
            }),
            "extras.m2mClientSecret",
            "extras.m2m.incomplete",
            Error,
        ),
        case(
            "OM legacy M2M secret without id",
            with(om, |r| {
                r.version = "<=1.2".into();
                extra_secret(r, "m2mClientSecret", SECRET);
            }),
            "extras.m2mClientId",
            "extras.m2m.incomplete",
            Error,
        ),
        // Control characters inside any field (around a value they are trimmed).
        case(
            "a NUL in the target",
            with(p, |r| r.target = "pachy\0derm".into()),
            "target",
            "target.control",
            Error,
        ),
        case(
            "a line break in the version",
            with(p, |r| r.version = "0.20\n1".into()),
            "version",
            "version.control",
            Error,
        ),
        case(
            "a NUL in the domain",
            with(p, |r| r.domain = "dev-abc\0.us.auth0.com".into()),
            "domain",
            "domain.control",
            Error,
        ),
        case(
            "ESC in the client ID",
            with(p, |r| r.client_id = format!("{CLIENT_ID}\u{1b}[2J")),
            "clientId",
            "client_id.control",
            Error,
        ),
        case(
            "a NUL in the secret",
            with(p, |r| {
                r.client_secret = Some(Secret::new(format!("{SECRET}\0x")))
            }),
            "clientSecret",
            "client_secret.control",
            Error,
        ),
        case(
            "a line break in the URL",
            with(p, |r| {
                r.public_url = "https://a.example.com/\r\nX: y".into()
            }),
            "publicUrl",
            "public_url.control",
            Error,
        ),
        case(
            "a tab in the connector ID",
            with(p, |r| r.connector_id = "auth\t0".into()),
            "connectorId",
            "connector_id.control",
            Error,
        ),
        case(
            "a line break in the connector name",
            with(p, |r| r.connector_name = "Auth0\nEVIL=1".into()),
            "connectorName",
            "connector_name.control",
            Error,
        ),
        case(
            "ESC in the groups claim",
            with(p, |r| {
                r.groups_claim = "https://e.com/\u{1b}]0;x\u{7}groups".into()
            }),
            "groupsClaim",
            "groups_claim.control",
            Error,
        ),
        case(
            "a line break in the issuer",
            with(p, |r| {
                r.issuer = format!("https://{DOMAIN}/\nissuer: https://evil.example/")
            }),
            "issuer",
            "issuer.control",
            Error,
        ),
        case(
            "a line break in an extra",
            with(om, |r| extra(r, "principalDomain", "example.com\nX=1")),
            "extras.principalDomain",
            "extras.control",
            Error,
        ),
    ]
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
        build(&with("pachyderm", |r| r.domain = input.into()))
            .unwrap()
            .domain
    };
    assert_eq!(
        domain(&format!(" https://{DOMAIN}/ ")),
        Domain {
            host: DOMAIN.into(),
            port: None
        }
    );
    assert_eq!(
        domain("DEV-ABC123.US.AUTH0.COM"),
        Domain {
            host: DOMAIN.into(),
            port: None
        }
    );
    assert_eq!(
        domain("bücher.example.com"),
        Domain {
            host: "xn--bcher-kva.example.com".into(),
            port: None
        }
    );
    let d = domain("127.0.0.1:8443");
    assert_eq!(
        d,
        Domain {
            host: "127.0.0.1".into(),
            port: Some(8443)
        }
    );
    assert_eq!(d.issuer(), "https://127.0.0.1:8443/");
    assert_eq!(d.base_url(), "https://127.0.0.1:8443");
    // the default https port is dropped, as Auth0 writes the issuer
    assert_eq!(domain(&format!("{DOMAIN}:443")).port, None);
    // no issue at all for a local test IdP with a port
    assert!(
        validate(&with("pachyderm", |r| r.domain = "127.0.0.1:8443".into()))
            .issues
            .is_empty()
    );

    let report = validate(&with("pachyderm", |r| {
        r.domain = "bücher.example.com".into()
    }));
    let idn = report.for_field("domain").next().unwrap();
    assert!(
        idn.message.contains("xn--bcher-kva.example.com"),
        "{}",
        idn.message
    );
}

#[test]
fn config_carries_trimmed_and_defaulted_values() {
    let raw = with("pachyderm", |r| {
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
        TargetOptions::Pachyderm(auth0_wizard_core::target::pachyderm::Options {
            secret_name: "pachyderm-auth0-idps".into()
        })
    );
    assert!(!cfg.handoff);
    assert!(cfg.redacted().handoff);

    let cfg = build(&with("dex", |r| {
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
    for t in ["pomerium", "openmetadata"] {
        let report = validate(&with(t, |r| r.issuer = format!("https://{DOMAIN}")));
        assert!(!report.has_errors(), "{t}: {:?}", report.issues);
    }
    let cfg = build(&with("pachyderm", |r| {
        r.issuer = format!(" https://{DOMAIN}/ ")
    }))
    .unwrap();
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

#[test]
fn openmetadata_public_client_needs_no_secret_and_drops_one() {
    let public = with("openmetadata", |r| {
        r.client_secret = None;
        extra(r, "clientType", "public");
    });
    assert!(
        validate(&public).issues.is_empty(),
        "{:?}",
        validate(&public).issues
    );
    let cfg = build(&with("openmetadata", |r| extra(r, "clientType", "public"))).unwrap();
    assert_eq!(
        cfg.client_secret, None,
        "the unused secret must not reach the exports"
    );
    match cfg.options {
        TargetOptions::Openmetadata(auth0_wizard_core::target::openmetadata::Options {
            client_type,
            ..
        }) => {
            assert_eq!(client_type, OmClientType::Public)
        }
        other => panic!("{other:?}"),
    }
    // a 20-character secret is long enough for a confidential client (only the length warning)
    let report = validate(&with("openmetadata", |r| {
        r.client_secret = Some(Secret::new("0123456789abcdefghij"))
    }));
    assert_eq!(report.codes(), ["client_secret.short"]);
    // a 10-character client id is long enough
    let report = validate(&with("openmetadata", |r| r.client_id = "abc1234567".into()));
    assert_eq!(report.codes(), ["client_id.format"]);
}

#[test]
fn openmetadata_extras_become_typed_options() {
    let cfg = build(&with("openmetadata", |r| {
        extra(r, "adminPrincipals", " alice, bob ,,");
        extra(r, "principalDomain", "@Example.COM");
        extra_secret(r, "botJwt", "aaa.bbb.ccc");
    }))
    .unwrap();
    match cfg.options {
        TargetOptions::Openmetadata(auth0_wizard_core::target::openmetadata::Options {
            admin_principals,
            principal_domain,
            bot_jwt,
            m2m_client_id,
            ..
        }) => {
            assert_eq!(admin_principals, ["alice", "bob"]);
            assert_eq!(principal_domain, "example.com");
            assert_eq!(bot_jwt.as_ref().map(Secret::expose), Some("aaa.bbb.ccc"));
            assert_eq!(m2m_client_id, None);
        }
        other => panic!("{other:?}"),
    }
    let cfg = build(&with("openmetadata", |r| {
        r.version = "<=1.2".into();
        extra(r, "m2mClientId", "M2mClientIdM2mClientIdM2mClient1");
        extra_secret(r, "m2mClientSecret", SECRET);
    }))
    .unwrap();
    assert_eq!(cfg.release, Release::Legacy);
    match cfg.options {
        TargetOptions::Openmetadata(auth0_wizard_core::target::openmetadata::Options {
            m2m_client_id,
            m2m_client_secret,
            bot_jwt,
            ..
        }) => {
            assert_eq!(
                m2m_client_id.as_deref(),
                Some("M2mClientIdM2mClientIdM2mClient1")
            );
            assert_eq!(m2m_client_secret.as_ref().map(Secret::expose), Some(SECRET));
            assert_eq!(bot_jwt, None);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn pomerium_secrets_are_generated_unless_given() {
    let cfg = build(&ok("pomerium")).unwrap();
    let TargetOptions::Pomerium(auth0_wizard_core::target::pomerium::Options {
        cookie_secret,
        shared_secret,
        ..
    }) = &cfg.options
    else {
        panic!()
    };
    use base64::Engine;
    for s in [cookie_secret, shared_secret] {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(s.expose())
            .unwrap();
        assert_eq!(bytes.len(), 32);
    }
    assert_ne!(cookie_secret, shared_secret);
    let again = build(&ok("pomerium")).unwrap();
    assert_ne!(again.options, cfg.options, "fresh secrets on every build");

    let given = b64(32);
    let mut asked = Vec::new();
    let cfg = build_with(
        &with("pomerium", |r| extra_secret(r, "cookieSecret", &given)),
        &mut |k| {
            asked.push(k.to_owned());
            Secret::new(format!("generated-{k}"))
        },
    )
    .unwrap();
    assert_eq!(asked, ["sharedSecret"]);
    let TargetOptions::Pomerium(auth0_wizard_core::target::pomerium::Options {
        cookie_secret,
        shared_secret,
        ..
    }) = &cfg.options
    else {
        panic!()
    };
    assert_eq!(cookie_secret.expose(), given);
    assert_eq!(shared_secret.expose(), "generated-sharedSecret");
}

#[test]
fn pachyderm_extras() {
    let cfg = build(&with("pachyderm-1x", |r| {
        extra(r, "liveConfigVersion", " 7 ")
    }))
    .unwrap();
    assert_eq!(
        cfg.options,
        TargetOptions::Pachyderm1x(auth0_wizard_core::target::pachyderm1x::Options {
            live_config_version: 7
        })
    );
    let cfg = build(&with("pachyderm", |r| {
        extra(r, "secretName", "auth0.idps-1")
    }))
    .unwrap();
    assert_eq!(
        cfg.options,
        TargetOptions::Pachyderm(auth0_wizard_core::target::pachyderm::Options {
            secret_name: "auth0.idps-1".into()
        })
    );
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
