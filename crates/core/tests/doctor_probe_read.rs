//! The probes' network-free parts: reading answers the loopback servers do not
//! give, the runner's refusal to leave the host, and the comparisons.

use auth0_wizard_core::checks::{CheckId, CheckOptions, CheckResult, CheckStatus, Diagnosis, Http};
use auth0_wizard_core::doctor::probe::{
    self, auth0, compare, Answer, AuthorizeRequest, Level, Observed, OmAuth, ProbeKind, ProbePlan,
    ProbeStatus, Probed, Probing, Reading, Step,
};
use auth0_wizard_core::doctor::{Detected, Imported, KeyPath, Layer, Span, Spot};
use auth0_wizard_core::requirements::AppType;
use auth0_wizard_core::{RawSettings, TargetId};
use std::collections::BTreeMap;
use url::Url;

fn url(s: &str) -> Url {
    Url::parse(s).unwrap()
}

fn imported(target: TargetId, settings: RawSettings) -> Imported {
    Imported {
        detected: Detected {
            target,
            version: None,
            format: "test".into(),
            why: "test".into(),
        },
        settings,
        spots: BTreeMap::new(),
        choices: vec![],
        findings: vec![],
    }
}

fn probed(target: TargetId, observed: Observed) -> Probed {
    let plan = target.probe_plan(&url("https://x.example"));
    Probed {
        target,
        results: vec![],
        observed,
        missing_connector: plan.missing_connector,
        compare: plan.compare,
    }
}

fn codes(found: &[probe::Finding]) -> Vec<(&str, Level)> {
    found
        .iter()
        .map(|f| (f.code.as_str(), f.severity))
        .collect()
}

/// Reads `a` with the reader of `target`'s step of `kind` (reached from the plan).
fn read(target: TargetId, base: &str, kind: ProbeKind, a: &Answer) -> (Reading, Observed) {
    let base = url(base);
    let settings = RawSettings::default();
    let mut p = Probing::new(&base, &settings);
    let mut steps = target.probe_plan(&base).steps;
    // Walk the plan's healthy path until a step of `kind` is reached.
    let step = loop {
        let s = steps.remove(0);
        if s.kind == kind {
            break s;
        }
        let ok = healthy(&s);
        (s.read)(&ok, &mut p);
        steps.extend(p.take_next());
    };
    let r = (step.read)(a, &mut p);
    (r, p.observed)
}

/// The healthy answer to a pachd step (to reach the step under test).
fn healthy(s: &Step) -> Answer {
    match s.kind {
        ProbeKind::Discovery => Answer::new(s.url.clone(), 200)
            .with_body("application/json", r#"{"issuer":"https://p.example/dex"}"#),
        _ => Answer::redirect(s.url.clone(), 302, "/dex/auth/auth0"),
    }
}

fn dex_error(u: &Url, status: u16, msg: &str) -> Answer {
    let body = format!(
        "<div class=\"theme-panel\">\n  <h2 class=\"theme-heading\">x</h2>\n  <p>{msg}</p>\n</div>"
    );
    Answer::new(u.clone(), status).with_body("text/html; charset=utf-8", &body)
}

#[test]
fn dex_errors_that_hide_the_auth0_redirect_are_named() {
    let u = url("https://p.example/dex/auth/auth0?client_id=pachd");
    let cases = [
        (
            404,
            "Invalid client_id (&#34;pachd&#34;).",
            ProbeStatus::Warning,
            "Invalid client_id (\"pachd\")",
        ),
        (
            400,
            "Unregistered redirect_uri (&#34;https://p.example/authorization-code/callback&#34;).",
            ProbeStatus::Warning,
            "pachd.oauthRedirectURI",
        ),
        (
            400,
            "Requested resource does not exist",
            ProbeStatus::Failed,
            "cannot open it now",
        ),
        (302, "", ProbeStatus::Warning, "not an OIDC connector"),
    ];
    for (status, msg, want, says) in cases {
        let a = match status {
            302 => Answer::redirect(u.clone(), 302, "/dex/auth/auth0/login?state=x"),
            _ => dex_error(&u, status, msg),
        };
        let (r, o) = read(
            TargetId::Pachyderm,
            "https://p.example",
            ProbeKind::Auth0Redirect,
            &a,
        );
        assert_eq!(r.status, want, "{status} {msg}: {r:?}");
        assert!(r.detail.contains(says), "{status}: {}", r.detail);
        assert!(o.authorize.is_none());
    }
}

#[test]
fn what_is_not_the_system_is_a_failed_probe() {
    let d = url("https://d.example/dex/.well-known/openid-configuration");
    let cases = [
        (
            TargetId::Dex,
            "https://d.example/dex",
            ProbeKind::Discovery,
            Answer::new(d.clone(), 404),
        ),
        (
            TargetId::Dex,
            "https://d.example/dex",
            ProbeKind::Discovery,
            Answer::new(d, 200).with_body("text/html", "<html>welcome</html>"),
        ),
        (
            TargetId::Pomerium,
            "https://a.example",
            ProbeKind::WellKnown,
            Answer::new(url("https://a.example/.well-known/pomerium"), 404),
        ),
        (
            TargetId::Openmetadata,
            "https://o.example",
            ProbeKind::Version,
            Answer::new(url("https://o.example/api/v1/system/version"), 404),
        ),
        (
            TargetId::Openmetadata,
            "https://o.example",
            ProbeKind::AuthConfig,
            Answer::new(url("https://o.example/api/v1/system/config/auth"), 200)
                .with_body("application/json", "[]"),
        ),
    ];
    for (target, base, kind, a) in cases {
        let (r, o) = read(target, base, kind, &a);
        assert_eq!(r.status, ProbeStatus::Failed, "{target} {kind:?}: {r:?}");
        assert_eq!(o, Observed::default(), "nothing is taken from it");
    }
}

#[test]
fn the_runner_never_leaves_the_host_it_was_given() {
    fn never(_: &Answer, _: &mut Probing<'_>) -> Reading {
        panic!("an answer from another host was read")
    }
    let base = url("https://p.example");
    let plan = ProbePlan {
        steps: vec![Step::new(
            ProbeKind::Auth0Redirect,
            url("https://tenant.auth0.com/authorize"),
            never,
        )],
        ..ProbePlan::default()
    };
    let http = Http::new(&CheckOptions::default()).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let settings = RawSettings::default();
    let p = rt.block_on(probe::run_plan(
        &http,
        TargetId::Pachyderm,
        plan,
        &base,
        &settings,
    ));
    assert_eq!(p.results.len(), 1);
    assert_eq!(p.results[0].status, ProbeStatus::Warning);
    assert!(p.results[0].evidence.is_empty() && p.results[0].detail.contains("never leave"));
    // A target without a probe says so instead of asking anything.
    let none = rt.block_on(probe::run(&http, TargetId::Pachyderm1x, &base, &settings));
    assert_eq!(none.results.len(), 1);
    assert_eq!(
        (none.results[0].kind, none.results[0].status),
        (ProbeKind::Plan, ProbeStatus::Warning)
    );
}

fn om(auth: OmAuth) -> Observed {
    Observed {
        callback: auth.callback_url.clone(),
        openmetadata: Some(auth),
        ..Observed::default()
    }
}

#[test]
fn openmetadata_differences_name_the_running_side() {
    let settings = RawSettings {
        domain: "t.us.auth0.com".into(),
        client_id: "abc".into(),
        public_url: "https://om.example.com".into(),
        extras: [("clientType".to_owned(), "confidential".to_owned())].into(),
        ..RawSettings::default()
    };
    let file = imported(TargetId::Openmetadata, settings);
    let o = om(OmAuth {
        provider: Some("google".into()),
        client_type: Some("public".into()),
        client_id: Some("abc".into()),
        authority: Some("https://t.us.auth0.com".into()),
        callback_url: Some("http://localhost:8585/callback".into()),
        public_key_urls: Some(vec![
            "http://om.example.com/api/v1/system/config/jwks".into()
        ]),
    });
    let found = compare::against_file(&probed(TargetId::Openmetadata, o), &file);
    let mut got = codes(&found);
    got.sort();
    assert_eq!(
        got,
        [
            ("probe.system.callback_localhost", Level::Error),
            ("probe.system.client_type_differs", Level::Warning),
            ("probe.system.jwks_http", Level::Warning),
            ("probe.system.jwks_missing", Level::Error),
            ("probe.system.not_auth0", Level::Error),
        ]
    );
    let jwks = found
        .iter()
        .find(|f| f.code == "probe.system.jwks_missing")
        .unwrap();
    assert!(
        jwks.fix
            .contains("https://t.us.auth0.com/.well-known/jwks.json"),
        "{}",
        jwks.fix
    );
}

#[test]
fn a_difference_is_located_where_the_file_holds_the_value() {
    let settings = RawSettings {
        client_id: "from-the-file".into(),
        domain: "t.eu.auth0.com".into(),
        public_url: "https://p.example".into(),
        ..RawSettings::default()
    };
    let mut file = imported(TargetId::Pachyderm, settings);
    // The client ID inside a jsonConfig string on line 7, at line 1 of the JSON text.
    let span = |line| Span {
        start: 0,
        end: 1,
        line,
        col: 1,
    };
    file.spots.insert(
        "clientId".into(),
        Spot {
            path: KeyPath::root()
                .key("oidc")
                .key("upstreamIDPs")
                .index(0)
                .key("jsonConfig")
                .key("clientID"),
            layers: vec![Layer::JsonString(span(7))],
            span: span(1),
        },
    );
    let o = Observed {
        authorize: Some(AuthorizeRequest {
            host: "login.example.com".into(),
            client_id: Some("running".into()),
            redirect_uri: Some("https://p.example/dex/callback".into()),
            ..AuthorizeRequest::default()
        }),
        callback: Some("https://p.example/dex/callback".into()),
        connectors: Some(vec![]),
        ..Observed::default()
    };
    let found = compare::against_file(&probed(TargetId::Pachyderm, o), &file);
    let client = found
        .iter()
        .find(|f| f.code == "probe.system.client_id_differs")
        .unwrap();
    assert_eq!(
        client.location.path,
        "oidc.upstreamIDPs[0].jsonConfig.clientID"
    );
    assert_eq!(client.location.line, Some(7));
    let mut got = codes(&found);
    got.sort();
    assert_eq!(
        got,
        [
            ("probe.system.client_id_differs", Level::Warning),
            ("probe.system.connector_missing", Level::Error),
            ("probe.system.domain_differs", Level::Warning),
        ]
    );
    let missing = found
        .iter()
        .find(|f| f.code == "probe.system.connector_missing")
        .unwrap();
    assert!(
        missing
            .message
            .contains("pachd offers only the connectors it has stored"),
        "{}",
        missing.message
    );
}

#[test]
fn the_app_audit_is_read_for_what_the_system_uses() {
    let settings = RawSettings {
        public_url: "https://om.example.com".into(),
        extras: [("clientType".to_owned(), "confidential".to_owned())].into(),
        ..RawSettings::default()
    };
    let file = imported(TargetId::Openmetadata, settings);
    let o = om(OmAuth {
        client_type: Some("public".into()),
        callback_url: Some("https://om.example.com/callback".into()),
        ..OmAuth::default()
    });
    let app = auth0::app_requirements(&probed(TargetId::Openmetadata, o), &file);
    assert_eq!(app.app_type, AppType::Spa, "the running clientType decides");
    assert_eq!(app.callbacks, ["https://om.example.com/callback"]);
    assert!(app.logout_urls.is_empty());

    let not_found = CheckResult::fail(CheckId::AppAudit, Diagnosis::ClientNotFound, "t", "d", "f");
    let from_file = auth0::from_audit(&not_found, "abc", false, &file);
    assert_eq!(
        codes(&from_file),
        [("probe.file.client_id_unknown", Level::Error)]
    );
    let mut r = CheckResult::warn(CheckId::AppAudit, Diagnosis::JwtAlgNotRs256, "t", "d", "f");
    r.findings.push(auth0_wizard_core::checks::Finding {
        diagnosis: Diagnosis::JwtAlgNotRs256,
        status: CheckStatus::Warn,
        field: "jwt_configuration.alg".into(),
        message: "m".into(),
        fix: "f".into(),
    });
    assert!(
        auth0::from_audit(&r, "abc", true, &file).is_empty(),
        "the check suite reports the algorithm"
    );
}

/// Reports (the CLI's and the Markdown one) name a status as the JSON does.
#[test]
fn a_status_reads_in_reports_as_in_json() {
    for s in [
        ProbeStatus::Ok,
        ProbeStatus::Warning,
        ProbeStatus::Failed,
        ProbeStatus::Unreachable,
    ] {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str(), "{s:?}");
    }
}
