//! What the Management API write tests share: a session on the fake, the
//! requirements of a target, an in-memory undo journal, recorded progress.

#![allow(dead_code)]

use auth0_wizard_core::checks::{self, audit, CheckOptions, CheckResult, Http, MgmtCredentials};
use auth0_wizard_core::mgmt::{
    self, MgmtAuth, MgmtClient, MgmtOptions, ProgressEvent, UndoJournal, UndoRecord,
};
use auth0_wizard_core::requirements::{requirements, Requirements, RequirementsInput};
use auth0_wizard_core::{Release, Secret, TargetId};
use auth0_wizard_tests::MgmtStub;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const DEX_URL: &str = "https://dex.example.com";
pub const DEX_CALLBACK: &str = "https://dex.example.com/callback";
pub const POMERIUM_URL: &str = "https://authenticate.example.com";
pub const CLAIM: &str = "https://example.com/groups";

pub fn http(stub: &MgmtStub) -> Http {
    Http::new(
        &CheckOptions::default()
            .with_timeout(Duration::from_secs(5))
            .with_ca_file(&stub.ca_file),
    )
    .unwrap()
}

/// Short polls, so that Action builds take milliseconds.
pub fn opts() -> MgmtOptions {
    MgmtOptions {
        timeout: Duration::from_secs(30),
        poll_interval: Duration::from_millis(20),
    }
}

pub async fn connect_with(stub: &MgmtStub, opts: MgmtOptions) -> MgmtClient {
    let domain = checks::parse_domain(&stub.domain).unwrap();
    let auth = MgmtAuth::ClientCredentials {
        client_id: stub.m2m_client.id.clone(),
        client_secret: Secret::new(stub.m2m_client.secret.clone()),
    };
    mgmt::connect(&http(stub), &domain, auth, opts, &mgmt::quiet)
        .await
        .unwrap()
}

pub async fn connect(stub: &MgmtStub) -> MgmtClient {
    connect_with(stub, opts()).await
}

pub fn reqs(
    stub: &MgmtStub,
    target: TargetId,
    release: Release,
    url: &str,
    claim: Option<&str>,
) -> Requirements {
    requirements(&RequirementsInput {
        domain: Some(checks::parse_domain(&stub.domain).unwrap()),
        groups_claim: claim.map(str::to_string),
        ..RequirementsInput::new(target, release, url)
    })
}

pub fn dex(stub: &MgmtStub) -> Requirements {
    reqs(stub, TargetId::Dex, Release::Current, DEX_URL, None)
}

/// The audit of the application `client_id` against `reqs`, as `check` runs it.
pub async fn audit(stub: &MgmtStub, client_id: &str, reqs: &Requirements) -> CheckResult {
    let domain = checks::parse_domain(&stub.domain).unwrap();
    let creds = MgmtCredentials {
        domain: Some(domain.clone()),
        client_id: stub.m2m_client.id.clone(),
        client_secret: Secret::new(stub.m2m_client.secret.clone()),
        audience: None,
    };
    let input = audit::AuditInput {
        mgmt_domain: &domain,
        mgmt: &creds,
        client_id,
        requirements: Some(&reqs.application),
        login_test_callback: None,
        secret_used: reqs.application.token_endpoint_auth_method != "none",
        max_retries: 2,
        max_retry_wait: Duration::from_secs(3),
    };
    audit::check(&http(stub), input).await.0
}

/// Undo records kept in memory: every save, in order.
#[derive(Default)]
pub struct MemJournal(pub Mutex<Vec<UndoRecord>>);

impl UndoJournal for MemJournal {
    fn save(&self, record: &UndoRecord) -> Result<(), String> {
        self.0.lock().unwrap().push(record.clone());
        Ok(())
    }
}

impl MemJournal {
    /// The record as last saved.
    pub fn last(&self) -> UndoRecord {
        self.0
            .lock()
            .unwrap()
            .last()
            .cloned()
            .expect("a record was saved")
    }
}

/// Progress events, recorded.
#[derive(Clone, Default)]
pub struct Events(pub Arc<Mutex<Vec<ProgressEvent>>>);

impl Events {
    pub fn sink(&self) -> impl Fn(&ProgressEvent) + Send + Sync + 'static {
        let events = self.0.clone();
        move |e: &ProgressEvent| events.lock().unwrap().push(e.clone())
    }

    pub fn all(&self) -> Vec<ProgressEvent> {
        self.0.lock().unwrap().clone()
    }
}
