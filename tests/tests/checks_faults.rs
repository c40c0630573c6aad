//! Every check against every FaultServer fault ends with its own named
//! diagnosis within its timeout, without a panic.

use auth0_wizard_core::checks::{
    self, audit, client_secret, discovery, jwks, CheckId, CheckOptions, CheckStatus, Diagnosis,
    Http, MgmtCredentials, SuiteInput,
};
use auth0_wizard_core::{Domain, Secret};
use auth0_wizard_tests::{for_every_fault, Fault, FaultServer};
use std::time::Duration;

fn opts(fs: &FaultServer) -> CheckOptions {
    CheckOptions::default()
        .with_timeout(Duration::from_secs(2))
        .with_ca_file(&fs.ca_file)
}

fn domain(fs: &FaultServer) -> Domain {
    checks::parse_domain(&fs.domain).unwrap()
}

/// What each fault must be diagnosed as: (reachability, discovery, jwks, client secret).
fn expected(f: &Fault) -> (Diagnosis, Diagnosis, Diagnosis, Diagnosis) {
    use Diagnosis as D;
    match f {
        Fault::Ok | Fault::Delay(_) => (D::Ok, D::Ok, D::Ok, D::SecretAccepted),
        Fault::Status500 => (D::Ok, D::HttpStatus, D::HttpStatus, D::HttpStatus),
        Fault::HangAfterHeaders => (D::Ok, D::Timeout, D::Timeout, D::Timeout),
        // The token endpoint answers at once; only the documents trickle.
        Fault::SlowBody => (D::Ok, D::Timeout, D::Timeout, D::SecretAccepted),
        Fault::MalformedJson => (D::Ok, D::MalformedJson, D::MalformedJson, D::MalformedJson),
        Fault::HtmlInsteadOfJson => (D::Ok, D::NotJson, D::NotJson, D::NotJson),
        Fault::ConnectionReset => (
            D::ConnectionReset,
            D::DependencyFailed,
            D::ConnectionReset,
            D::ConnectionReset,
        ),
        Fault::WrongIssuer => (D::Ok, D::IssuerNotDiscoveryUrl, D::Ok, D::SecretAccepted),
        Fault::IssuerWithoutTrailingSlash => (D::Ok, D::Ok, D::Ok, D::SecretAccepted),
        Fault::MissingFields => (D::Ok, D::MissingFields, D::NoKeys, D::SecretAccepted),
        Fault::EmptyJwks => (D::Ok, D::Ok, D::NoKeys, D::SecretAccepted),
        Fault::UntrustedCert => (
            D::TlsUntrusted,
            D::DependencyFailed,
            D::TlsUntrusted,
            D::TlsUntrusted,
        ),
        Fault::ExpiredCert => (
            D::TlsExpired,
            D::DependencyFailed,
            D::TlsExpired,
            D::TlsExpired,
        ),
        Fault::WrongHostCert => (
            D::TlsWrongHost,
            D::DependencyFailed,
            D::TlsWrongHost,
            D::TlsWrongHost,
        ),
        Fault::HugeBody => (D::Ok, D::BodyTooLarge, D::BodyTooLarge, D::BodyTooLarge),
        Fault::RedirectOtherHost => (
            D::Ok,
            D::RedirectOtherHost,
            D::RedirectOtherHost,
            D::RedirectOtherHost,
        ),
        Fault::RedirectLoop => (D::Ok, D::RedirectLoop, D::RedirectLoop, D::RedirectLoop),
        Fault::ServiceNotEnabled => (D::Ok, D::Ok, D::Ok, D::SecretAcceptedGrantRefused),
        // The checks below call the domain's own endpoints directly; the suite does not.
        Fault::EndpointOtherHost => (D::Ok, D::EndpointOtherHost, D::Ok, D::SecretAccepted),
        Fault::EndpointNotHttps => (D::Ok, D::InsecureUrl, D::Ok, D::SecretAccepted),
        Fault::ControlCharsInDiscovery => (D::Ok, D::ControlCharacters, D::Ok, D::SecretAccepted),
        Fault::EchoSecretInErrorDescription => (D::Ok, D::Ok, D::Ok, D::SecretRejected),
        Fault::EchoSecretInHtml => (D::Ok, D::Ok, D::Ok, D::SecretAccepted),
        Fault::EchoSecretInHeader => (D::Ok, D::Ok, D::Ok, D::Redirect),
    }
}

/// The app audit's diagnosis: the secret check's, where the audit's token request meets
/// the same answer; the fault server knows no applications, so a token leads to a 404.
fn expected_audit(f: &Fault, want_secret: Diagnosis) -> Diagnosis {
    match (f, want_secret) {
        (Fault::ServiceNotEnabled, _) => Diagnosis::MgmtNotAuthorized,
        (Fault::EchoSecretInErrorDescription, _) => Diagnosis::MgmtTokenRejected,
        (Fault::EchoSecretInHtml, _) => Diagnosis::MgmtMissingScope,
        (_, Diagnosis::SecretAccepted) => Diagnosis::ClientNotFound,
        (_, other) => other,
    }
}

/// No result may carry the secret, nor a character a terminal would act on.
fn assert_clean(fault: &Fault, what: &str, secret: &str, value: &impl serde::Serialize) {
    let v = serde_json::to_value(value).unwrap();
    let text = v.to_string();
    assert!(
        !text.contains(secret),
        "{fault:?} {what}: the secret leaked: {text}"
    );
    fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            serde_json::Value::Object(m) => m.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    strings(&v, &mut all);
    for s in all {
        assert!(
            !s.chars().any(char::is_control),
            "{fault:?} {what}: a raw control character: {s:?}"
        );
    }
}

async fn check_one_fault(fault: Fault) {
    let fs = FaultServer::start(fault.clone()).await.unwrap();
    let (want_reach, want_disc, want_jwks, want_secret) = expected(&fault);
    let http = Http::new(&opts(&fs)).unwrap();
    let d = domain(&fs);

    let out = discovery::fetch(&http, &d).await;
    assert_eq!(
        out.reachability.diagnosis, want_reach,
        "{fault:?} reachability: {:?}",
        out.reachability
    );
    assert_eq!(
        out.discovery.diagnosis, want_disc,
        "{fault:?} discovery: {:?}",
        out.discovery
    );
    let failing = |diag: Diagnosis| {
        if diag == Diagnosis::Ok {
            CheckStatus::Pass
        } else if diag == Diagnosis::DependencyFailed {
            CheckStatus::Skipped
        } else {
            CheckStatus::Fail
        }
    };
    assert_eq!(out.discovery.status, failing(want_disc), "{fault:?}");
    for r in [&out.reachability, &out.discovery] {
        assert!(
            !r.evidence.is_empty(),
            "{fault:?}: a check keeps its request as evidence"
        );
        if r.status == CheckStatus::Fail {
            assert!(
                r.fix.as_deref().is_some_and(|f| !f.is_empty()),
                "{fault:?}: every failure says what to do"
            );
        }
    }
    // A distrusted document is named for what it broke, with the values.
    let names: &[&str] = match fault {
        Fault::WrongIssuer => &[
            "https://wrong-tenant.example.com/",
            "/.well-known/openid-configuration",
        ],
        Fault::EndpointOtherHost => &["token_endpoint", "https://localhost:"],
        Fault::EndpointNotHttps => &["userinfo_endpoint", "http://"],
        Fault::ControlCharsInDiscovery => &["userinfo_endpoint"],
        _ => &[],
    };
    for n in names {
        assert!(
            out.discovery.detail.contains(n),
            "{fault:?}: {n} not in {}",
            out.discovery.detail
        );
    }
    let issuer = discovery::check_issuer(out.doc.as_ref(), &d, Some(&d.issuer()));
    match fault {
        // An issuer on another host is not believed: there is nothing to compare.
        Fault::WrongIssuer => assert_eq!(issuer.diagnosis, Diagnosis::DependencyFailed),
        Fault::IssuerWithoutTrailingSlash => {
            assert_eq!(issuer.diagnosis, Diagnosis::IssuerExtraTrailingSlash)
        }
        _ if want_disc == Diagnosis::Ok || want_disc == Diagnosis::MissingFields => {
            assert_eq!(issuer.diagnosis, Diagnosis::Ok, "{fault:?}")
        }
        _ => assert_eq!(issuer.status, CheckStatus::Skipped, "{fault:?}"),
    }

    let (j, set) = jwks::check(
        &http,
        &format!("https://{}/.well-known/jwks.json", fs.domain),
    )
    .await;
    assert_eq!(j.diagnosis, want_jwks, "{fault:?} jwks: {j:?}");
    assert_eq!(set.is_some(), want_jwks == Diagnosis::Ok);

    let secret = Secret::new(fs.m2m_client.secret.clone());
    let s = client_secret::check(
        &http,
        client_secret::SecretCheckInput {
            token_endpoint: &format!("https://{}/oauth/token", fs.domain),
            client_id: &fs.m2m_client.id,
            client_secret: Some(&secret),
            audience: &format!("https://{}/api/v2/", fs.domain),
        },
        async { client_secret::ClientLookup::Unknown },
    )
    .await;
    assert_eq!(s.diagnosis, want_secret, "{fault:?} secret: {s:?}");
    assert_clean(&fault, "secret check", &fs.m2m_client.secret, &s);

    // The app audit against the same server: its network faults are named the same way.
    let mgmt = MgmtCredentials {
        domain: Some(d.clone()),
        client_id: fs.m2m_client.id.clone(),
        client_secret: secret.clone(),
        audience: None,
    };
    let (a, _) = audit::check(
        &http,
        audit::AuditInput {
            mgmt_domain: &d,
            mgmt: &mgmt,
            client_id: "some-client",
            requirements: None,
            login_test_callback: None,
            secret_used: true,
            max_retries: 1,
            max_retry_wait: Duration::from_secs(1),
        },
    )
    .await;
    let want_audit = expected_audit(&fault, want_secret);
    assert_eq!(a.diagnosis, want_audit, "{fault:?} audit: {a:?}");
    assert_clean(&fault, "audit", &fs.m2m_client.secret, &a);
    assert_eq!(a.status, CheckStatus::Fail, "{fault:?}");

    // The whole suite: one result per check, each named, none hanging.
    let mut input = SuiteInput::new(d.clone(), fs.m2m_client.id.clone(), Some(secret.clone()));
    input.mgmt = Some(mgmt);
    let results = checks::run_suite(input, opts(&fs), None, checks::Cancel::new()).await;
    let ids: Vec<CheckId> = results.iter().map(|r| r.id).collect();
    for id in [
        CheckId::Reachability,
        CheckId::Discovery,
        CheckId::Issuer,
        CheckId::Jwks,
        CheckId::ClientSecret,
        CheckId::AppAudit,
    ] {
        assert_eq!(
            ids.iter().filter(|x| **x == id).count(),
            1,
            "{fault:?}: {ids:?}"
        );
    }
    let by = |id| results.iter().find(|r| r.id == id).unwrap();
    assert_eq!(by(CheckId::Reachability).diagnosis, want_reach, "{fault:?}");
    assert_eq!(by(CheckId::Discovery).diagnosis, want_disc, "{fault:?}");
    assert_clean(&fault, "suite", &fs.m2m_client.secret, &results);
    assert_clean(
        &fault,
        "discovery",
        &fs.m2m_client.secret,
        &[&out.reachability, &out.discovery],
    );
    if !out.trusted {
        // Nothing from an untrusted document is used: no JWKS, no secret.
        for id in [CheckId::Jwks, CheckId::ClientSecret] {
            assert_eq!(
                by(id).status,
                CheckStatus::Skipped,
                "{fault:?}: {:?}",
                by(id)
            );
        }
    }
    // Whatever the document says, nothing goes anywhere but the domain.
    let elsewhere: Vec<_> = fs
        .requests()
        .into_iter()
        .filter(|r| r.host != fs.domain)
        .collect();
    assert!(
        elsewhere.is_empty(),
        "{fault:?}: requests elsewhere: {elsewhere:?}"
    );
}

/// Every fault of the harness, none left out: `Fault::ALL` comes from the enum,
/// and `expected` has no catch-all arm, so a new fault needs its expectation here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_ends_with_its_named_diagnosis() {
    for_every_fault(check_one_fault).await;
}

#[tokio::test]
async fn no_such_host_and_connection_refused_are_named() {
    let o = CheckOptions::default().with_timeout(Duration::from_secs(2));
    let http = Http::new(&o).unwrap();
    let out = discovery::fetch(
        &http,
        &checks::parse_domain("no-such-tenant.invalid").unwrap(),
    )
    .await;
    assert_eq!(
        out.reachability.diagnosis,
        Diagnosis::NoSuchHost,
        "{:?}",
        out.reachability
    );
    assert!(out.reachability.detail.contains("no-such-tenant.invalid"));

    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    let out = discovery::fetch(
        &http,
        &checks::parse_domain(&format!("127.0.0.1:{port}")).unwrap(),
    )
    .await;
    assert_eq!(
        out.reachability.diagnosis,
        Diagnosis::ConnectionRefused,
        "{:?}",
        out.reachability
    );
    assert_eq!(out.discovery.status, CheckStatus::Skipped);
}

#[tokio::test]
async fn a_timeout_names_the_host_and_the_seconds() {
    let fs = FaultServer::start(Fault::HangAfterHeaders).await.unwrap();
    let http = Http::new(&opts(&fs)).unwrap();
    let out = discovery::fetch(&http, &domain(&fs)).await;
    assert_eq!(out.discovery.diagnosis, Diagnosis::Timeout);
    assert!(
        out.discovery.detail.contains("2 s") && out.discovery.detail.contains(&fs.domain),
        "{}",
        out.discovery.detail
    );
}

#[tokio::test]
async fn a_missing_ca_file_is_named() {
    let o = CheckOptions::default().with_ca_file("/nonexistent/ca.pem");
    assert_eq!(Http::new(&o).err().unwrap().diagnosis(), Diagnosis::CaFile);
    let results = checks::run_suite(
        SuiteInput::new(checks::parse_domain("example.invalid").unwrap(), "x", None),
        o,
        None,
        checks::Cancel::new(),
    )
    .await;
    assert_eq!(results[0].diagnosis, Diagnosis::CaFile);
    assert_eq!(results.len(), 6);
}

/// A CA file that is there but not usable PEM is named, whatever is wrong inside.
#[tokio::test]
async fn a_malformed_ca_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        (
            "bad-base64.pem",
            "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n",
        ),
        (
            "not-a-cert.pem",
            "-----BEGIN CERTIFICATE-----\nTUlJQm9uZSB0d28gdGhyZWU=\n-----END CERTIFICATE-----\n",
        ),
        ("unterminated.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n"),
        ("empty.pem", ""),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let o = CheckOptions::default().with_ca_file(&path);
        let e = Http::new(&o)
            .err()
            .unwrap_or_else(|| panic!("{name} was accepted"));
        assert_eq!(e.diagnosis(), Diagnosis::CaFile, "{name}: {e}");
        assert!(
            e.to_string().contains(&path.display().to_string()),
            "{name}: {e}"
        );
    }
}
