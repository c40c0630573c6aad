//! Results stream as each check finishes, and Cancel stops what still runs:
//! the harness holds one answer, so the test sees the suite (or the login test)
//! in the middle of its run, without a sleep.

use auth0_wizard_core::checks::{
    self, CheckId, CheckOptions, CheckResult, CheckStatus, Diagnosis, LoginInput, MgmtCredentials,
    SuiteInput,
};
use auth0_wizard_core::Secret;
use auth0_wizard_tests::{Fault, FaultServer};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

const JWKS: &str = "/.well-known/jwks.json";
const TOKEN: &str = "/oauth/token";

/// A held request fails the check only after this: a result that says
/// "timeout" means the test waited it out instead of seeing the run midway.
fn opts(fs: &FaultServer) -> CheckOptions {
    CheckOptions::default()
        .with_timeout(Duration::from_secs(10))
        .with_ca_file(&fs.ca_file)
}

fn input(fs: &FaultServer, with_audit: bool) -> SuiteInput {
    let secret = Secret::new(fs.m2m_client.secret.clone());
    let domain = checks::parse_domain(&fs.domain).unwrap();
    let mut input = SuiteInput::new(domain, fs.m2m_client.id.clone(), Some(secret.clone()));
    if with_audit {
        input.mgmt = Some(MgmtCredentials {
            domain: None,
            client_id: fs.m2m_client.id.clone(),
            client_secret: secret,
            audience: None,
        });
    }
    input
}

fn by(results: &[CheckResult], id: CheckId) -> &CheckResult {
    let mut found = results.iter().filter(|r| r.id == id);
    let r = found
        .next()
        .unwrap_or_else(|| panic!("no {id}: {results:#?}"));
    assert!(found.next().is_none(), "{id} twice: {results:#?}");
    r
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_result_arrives_while_a_later_check_is_still_running() {
    let fs = FaultServer::start(Fault::Ok).await.unwrap();
    let jwks = fs.hold(JWKS);
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut suite = tokio::spawn(checks::run_suite(
        input(&fs, false),
        opts(&fs),
        Some(tx),
        checks::Cancel::new(),
    ));

    let mut early = Vec::new();
    while !early
        .iter()
        .any(|r: &CheckResult| r.id == CheckId::Discovery)
    {
        early.push(
            rx.recv()
                .await
                .expect("the channel closed before discovery"),
        );
    }
    // The JWKS check starts once discovery is done; its request is then held.
    tokio::select! {
        () = jwks.arrived(1) => {}
        r = &mut suite => panic!("the suite ended without asking for the JWKS: {r:?}"),
    }
    assert!(!suite.is_finished(), "the suite ended with the JWKS held");
    assert!(
        early.iter().all(|r| r.id != CheckId::Jwks),
        "the JWKS result came before its answer: {early:#?}"
    );
    assert_eq!(by(&early, CheckId::Discovery).status, CheckStatus::Pass);

    jwks.release();
    let results = suite.await.unwrap();
    // It was pending, not failed, while the others streamed.
    assert_eq!(
        by(&results, CheckId::Jwks).status,
        CheckStatus::Pass,
        "{results:#?}"
    );
    let mut streamed = early;
    while let Some(r) = rx.recv().await {
        streamed.push(r);
    }
    assert_eq!(streamed, results, "every result streamed once, in order");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_stops_the_checks_still_running_and_the_suite_returns() {
    let fs = FaultServer::start(Fault::Ok).await.unwrap();
    let jwks = fs.hold(JWKS);
    // The client-secret check and the app audit's Management API token.
    let token = fs.hold(TOKEN);
    let cancel = checks::Cancel::new();
    let mut suite = tokio::spawn(checks::run_suite(
        input(&fs, true),
        opts(&fs),
        None,
        cancel.clone(),
    ));
    tokio::select! {
        ((), ()) = async { tokio::join!(jwks.arrived(1), token.arrived(2)) } => {}
        r = &mut suite => panic!("the suite ended before its requests were held: {r:?}"),
    }

    cancel.cancel();
    let results = suite.await.unwrap();
    assert_eq!(results.len(), 6, "{results:#?}");
    for id in [CheckId::Reachability, CheckId::Discovery, CheckId::Issuer] {
        assert_eq!(by(&results, id).status, CheckStatus::Pass, "{results:#?}");
    }
    for id in [CheckId::Jwks, CheckId::ClientSecret, CheckId::AppAudit] {
        let r = by(&results, id);
        assert_eq!(
            (r.status, r.diagnosis),
            (CheckStatus::Skipped, Diagnosis::Cancelled),
            "{r:#?}"
        );
    }
    // Nothing was answered: the suite returned on Cancel alone.
    assert_eq!((jwks.count(), token.count()), (1, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_stops_a_login_test_waiting_for_the_browser() {
    let fs = FaultServer::start(Fault::Ok).await.unwrap();
    let domain = checks::parse_domain(&fs.domain).unwrap();
    let mut login = LoginInput::new(domain, "some-client", None);
    login.port = 0;
    login.open_browser = false;
    // Long enough that "no_callback" means Cancel did not stop the wait.
    login.timeout = Duration::from_secs(20);
    let (url_tx, mut url_rx) = mpsc::unbounded_channel::<String>();
    login.url_sink = Some(Arc::new(move |u: &str| {
        url_tx
            .send(u.to_owned())
            .expect("the test keeps the receiver");
    }));
    let cancel = checks::Cancel::new();
    let opts = opts(&fs);
    let run = checks::login::run(login, &opts, cancel.clone());
    tokio::pin!(run);

    let url = tokio::select! {
        u = url_rx.recv() => u.expect("the login test gave its authorize URL"),
        out = &mut run => panic!("the login test ended before waiting: {:#?}", out.result),
    };
    // Its callback listener is up and waiting (another path gets a 404).
    let authorize = url::Url::parse(&url).unwrap();
    let redirect = authorize
        .query_pairs()
        .find(|(k, _)| k == "redirect_uri")
        .map(|(_, v)| v.into_owned())
        .expect("a redirect_uri");
    let probe = url::Url::parse(&redirect)
        .unwrap()
        .join("/favicon.ico")
        .unwrap();
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let answer = tokio::select! {
        r = client.get(probe).send() => r.unwrap(),
        out = &mut run => panic!("the login test ended while waiting: {:#?}", out.result),
    };
    assert_eq!(answer.status(), 404);

    cancel.cancel();
    let out = run.await;
    assert_eq!(
        (out.result.status, out.result.diagnosis),
        (CheckStatus::Skipped, Diagnosis::Cancelled),
        "{:#?}",
        out.result
    );
    assert!(out.claims.is_none());
}
