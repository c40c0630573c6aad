//! The app audit against the Management API stub: read only, field by field.

use auth0_wizard_core::checks::{
    self, audit, client_secret::ClientLookup, CheckOptions, CheckStatus, Diagnosis, Http,
    MgmtCredentials,
};
use auth0_wizard_core::requirements::{requirements, AppRequirements, RequirementsInput};
use auth0_wizard_core::{Domain, Release, Secret, TargetId};
use auth0_wizard_tests::{MgmtConfig, MgmtStub, StubClient};
use serde_json::json;
use std::time::Duration;

const PUBLIC: &str = "https://dex.example.com";
const CALLBACK: &str = "https://dex.example.com/callback";

fn dex_requirements(domain: &Domain) -> AppRequirements {
    requirements(&RequirementsInput {
        domain: Some(domain.clone()),
        ..RequirementsInput::new(TargetId::Dex, Release::Current, PUBLIC)
    })
    .application
}

async fn audit_of(stub: &MgmtStub, client: StubClient) -> (checks::CheckResult, ClientLookup) {
    let id = client.client_id();
    stub.put_client(client);
    audit_id(stub, &id, 2).await
}

async fn audit_id(
    stub: &MgmtStub,
    client_id: &str,
    max_retries: u32,
) -> (checks::CheckResult, ClientLookup) {
    let domain = checks::parse_domain(&stub.domain).unwrap();
    let http = Http::new(
        &CheckOptions::default()
            .with_timeout(Duration::from_secs(5))
            .with_ca_file(&stub.ca_file),
    )
    .unwrap();
    let mgmt = MgmtCredentials {
        domain: Some(domain.clone()),
        client_id: stub.m2m_client.id.clone(),
        client_secret: Secret::new(stub.m2m_client.secret.clone()),
        audience: None,
    };
    let reqs = dex_requirements(&domain);
    audit::check(
        &http,
        audit::AuditInput {
            mgmt_domain: &domain,
            mgmt: &mgmt,
            client_id,
            requirements: Some(&reqs),
            login_test_callback: None,
            secret_used: true,
            max_retries,
            max_retry_wait: Duration::from_secs(3),
        },
    )
    .await
}

fn good() -> StubClient {
    StubClient::regular_web().with("callbacks", json!([CALLBACK]))
}

#[tokio::test]
async fn a_matching_record_passes_and_the_audit_is_read_only() {
    let stub = MgmtStub::start(MgmtConfig::default()).await.unwrap();
    let c = good();
    let (r, lookup) = audit_of(&stub, c.clone()).await;
    assert_eq!(r.status, CheckStatus::Pass, "{r:#?}");
    assert_eq!(lookup, ClientLookup::Found);
    let reqs = stub.requests();
    assert!(
        reqs.iter()
            .all(|q| q.method == "GET" || q.path == "/oauth/token"),
        "read only: {reqs:?}"
    );
    let get = reqs
        .iter()
        .find(|q| q.path.starts_with("/api/v2/clients/"))
        .unwrap();
    assert_eq!(get.path, format!("/api/v2/clients/{}", c.client_id()));
    assert!(get
        .query
        .as_deref()
        .unwrap()
        .contains("include_fields=true"));
    let ev = serde_json::to_string(&r.evidence).unwrap();
    assert!(
        !ev.contains(&stub.m2m_client.secret),
        "the M2M secret leaked"
    );
    assert!(ev.contains("Bearer [redacted]"));
}

#[tokio::test]
async fn a_callback_differing_only_in_case_is_named() {
    let stub = MgmtStub::start(MgmtConfig::default()).await.unwrap();
    let (r, _) = audit_of(
        &stub,
        StubClient::regular_web().with("callbacks", json!(["https://dex.example.com/Callback"])),
    )
    .await;
    assert_eq!(r.status, CheckStatus::Fail);
    assert_eq!(r.diagnosis, Diagnosis::CallbackCaseMismatch, "{r:#?}");
    assert!(r.fix.as_deref().unwrap().contains(CALLBACK));
    let (r, _) = audit_of(&stub, StubClient::regular_web()).await;
    assert_eq!(r.diagnosis, Diagnosis::CallbackMissing);
    assert!(r.fix.as_deref().unwrap().contains("Allowed Callback URLs"));
}

#[tokio::test]
async fn auth_method_none_hs256_and_other_settings_are_each_named() {
    let stub = MgmtStub::start(MgmtConfig::default()).await.unwrap();
    let (r, _) = audit_of(
        &stub,
        good().with("token_endpoint_auth_method", json!("none")),
    )
    .await;
    assert_eq!(r.diagnosis, Diagnosis::AuthMethodNone, "{r:#?}");
    let (r, _) = audit_of(
        &stub,
        good().with("jwt_configuration", json!({"alg": "HS256"})),
    )
    .await;
    assert_eq!(r.diagnosis, Diagnosis::JwtAlgNotRs256, "{r:#?}");
    assert!(r.fix.as_deref().unwrap().contains("RS256"));
    let (r, _) = audit_of(&stub, good().with("app_type", json!("spa"))).await;
    assert_eq!(r.diagnosis, Diagnosis::AppTypeMismatch);
    let (r, _) = audit_of(&stub, good().with("grant_types", json!(["implicit"]))).await;
    assert_eq!(r.diagnosis, Diagnosis::GrantTypeMissing);
    let (r, _) = audit_of(
        &stub,
        good().with("initiate_login_uri", json!("http://localhost:8080/login")),
    )
    .await;
    assert_eq!(r.diagnosis, Diagnosis::LoginUriNotHttps);
    let (r, _) = audit_of(&stub, good().with("oidc_conformant", json!(false))).await;
    assert_eq!(
        (r.status, r.diagnosis),
        (CheckStatus::Warn, Diagnosis::NotOidcConformant)
    );
    // Several problems at once: every one is a finding.
    let (r, _) = audit_of(
        &stub,
        StubClient::regular_web()
            .with("token_endpoint_auth_method", json!("none"))
            .with("jwt_configuration", json!({"alg": "HS256"})),
    )
    .await;
    let names: Vec<Diagnosis> = r.findings.iter().map(|f| f.diagnosis).collect();
    for d in [
        Diagnosis::CallbackMissing,
        Diagnosis::AuthMethodNone,
        Diagnosis::JwtAlgNotRs256,
    ] {
        assert!(names.contains(&d), "{names:?}");
    }
}

#[tokio::test]
async fn an_unknown_client_id_is_a_404_wrong_client_id() {
    let stub = MgmtStub::start(MgmtConfig::default()).await.unwrap();
    let (r, lookup) = audit_id(&stub, "no-such-client", 2).await;
    assert_eq!(r.diagnosis, Diagnosis::ClientNotFound);
    assert_eq!(lookup, ClientLookup::NotFound);
    assert!(r.detail.contains("no-such-client"));
}

#[tokio::test]
async fn a_429_is_retried_as_the_headers_say_then_succeeds() {
    let stub = MgmtStub::start(MgmtConfig {
        rate_limited_requests: 1,
        ..MgmtConfig::default()
    })
    .await
    .unwrap();
    let (r, _) = audit_of(&stub, good()).await;
    assert_eq!(r.status, CheckStatus::Pass, "{r:#?}");
    let statuses: Vec<Option<u16>> = r.evidence.iter().map(|e| e.status).collect();
    assert_eq!(statuses, vec![Some(200), Some(429), Some(200)]);
    assert!(r.evidence[1]
        .response_headers
        .iter()
        .any(|h| h.name == "retry-after"));
}

#[tokio::test]
async fn a_lasting_429_is_reported_after_bounded_retries() {
    let stub = MgmtStub::start(MgmtConfig {
        rate_limited_requests: 100,
        ..MgmtConfig::default()
    })
    .await
    .unwrap();
    stub.put_client(good());
    let id = stub.web_client().unwrap().id;
    let (r, lookup) = audit_id(&stub, &id, 1).await;
    assert_eq!(
        (r.status, r.diagnosis),
        (CheckStatus::Warn, Diagnosis::RateLimited),
        "{r:#?}"
    );
    assert_eq!(lookup, ClientLookup::Unknown);
    assert_eq!(
        r.evidence.iter().filter(|e| e.status == Some(429)).count(),
        2
    );
}

#[tokio::test]
async fn management_access_problems_are_named() {
    let stub = MgmtStub::start(MgmtConfig {
        m2m_granted: false,
        ..MgmtConfig::default()
    })
    .await
    .unwrap();
    let (r, _) = audit_of(&stub, good()).await;
    assert_eq!(r.diagnosis, Diagnosis::MgmtNotAuthorized, "{r:#?}");
    assert!(r.fix.as_deref().unwrap().contains("read:clients"));

    let stub = MgmtStub::start(MgmtConfig {
        m2m_scopes: vec![],
        ..MgmtConfig::default()
    })
    .await
    .unwrap();
    let (r, _) = audit_of(&stub, good()).await;
    assert_eq!(r.diagnosis, Diagnosis::MgmtMissingScope, "{r:#?}");

    let stub = MgmtStub::start(MgmtConfig::default()).await.unwrap();
    let domain = checks::parse_domain(&stub.domain).unwrap();
    let http = Http::new(&CheckOptions::default().with_ca_file(&stub.ca_file)).unwrap();
    let mgmt = MgmtCredentials {
        domain: None,
        client_id: stub.m2m_client.id.clone(),
        client_secret: Secret::new("wrong-secret"),
        audience: None,
    };
    let (r, _) = audit::check(
        &http,
        audit::AuditInput {
            mgmt_domain: &domain,
            mgmt: &mgmt,
            client_id: "x",
            requirements: None,
            login_test_callback: None,
            secret_used: true,
            max_retries: 0,
            max_retry_wait: Duration::ZERO,
        },
    )
    .await;
    assert_eq!(r.diagnosis, Diagnosis::MgmtTokenRejected, "{r:#?}");
}

#[tokio::test]
async fn the_login_test_callback_is_a_warning_when_missing() {
    let stub = MgmtStub::start(MgmtConfig::default()).await.unwrap();
    let c = good();
    stub.put_client(c.clone());
    let domain = checks::parse_domain(&stub.domain).unwrap();
    let http = Http::new(&CheckOptions::default().with_ca_file(&stub.ca_file)).unwrap();
    let mgmt = MgmtCredentials {
        domain: None,
        client_id: stub.m2m_client.id.clone(),
        client_secret: Secret::new(stub.m2m_client.secret.clone()),
        audience: None,
    };
    let reqs = dex_requirements(&domain);
    let (r, _) = audit::check(
        &http,
        audit::AuditInput {
            mgmt_domain: &domain,
            mgmt: &mgmt,
            client_id: &c.client_id(),
            requirements: Some(&reqs),
            login_test_callback: Some("http://127.0.0.1:8400/callback"),
            secret_used: true,
            max_retries: 0,
            max_retry_wait: Duration::ZERO,
        },
    )
    .await;
    assert_eq!(
        (r.status, r.diagnosis),
        (CheckStatus::Warn, Diagnosis::CallbackMissing),
        "{r:#?}"
    );
    assert!(r.detail.contains("http://127.0.0.1:8400/callback"));
}
