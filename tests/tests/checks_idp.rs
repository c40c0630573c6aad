//! The checks against the test OpenID provider (answers like Auth0): every
//! pass path, the client-secret readings, and the login test end to end.

use auth0_wizard_core::checks::login::{self, CallbackListener, LoginInput};
use auth0_wizard_core::checks::{
    self, CheckId, CheckOptions, CheckResult, CheckStatus, Diagnosis, MgmtCredentials, SuiteInput,
};
use auth0_wizard_core::{Domain, Secret, TargetId};
use auth0_wizard_tests::{IdpOptions, MgmtConfig, MgmtStub, PlayOptions, StubClient, TestIdp};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

fn opts(ca: &std::path::Path) -> CheckOptions {
    CheckOptions::default()
        .with_timeout(Duration::from_secs(5))
        .with_ca_file(ca)
}

fn domain(idp: &TestIdp) -> Domain {
    checks::parse_domain(&idp.domain).unwrap()
}

fn by(results: &[CheckResult], id: CheckId) -> &CheckResult {
    results
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no {id} in {results:#?}"))
}

async fn suite(idp: &TestIdp, client_id: &str, secret: &str) -> Vec<CheckResult> {
    let input = SuiteInput::new(domain(idp), client_id, Some(Secret::new(secret)));
    checks::run_suite(input, opts(&idp.ca_file), None, checks::Cancel::new()).await
}

#[tokio::test]
async fn every_check_passes_against_an_auth0_like_provider_and_streams_its_results() {
    let idp = TestIdp::start().await.unwrap();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let input = SuiteInput::new(
        domain(&idp),
        idp.m2m_client.id.clone(),
        Some(Secret::new(idp.m2m_client.secret.clone())),
    );
    let results =
        checks::run_suite(input, opts(&idp.ca_file), Some(tx), checks::Cancel::new()).await;
    let mut streamed = Vec::new();
    while let Ok(r) = rx.try_recv() {
        streamed.push(r);
    }
    assert_eq!(
        streamed, results,
        "every result is streamed, in the order they finished"
    );
    for id in [
        CheckId::Reachability,
        CheckId::Discovery,
        CheckId::Issuer,
        CheckId::Jwks,
        CheckId::ClientSecret,
    ] {
        assert_eq!(
            by(&results, id).status,
            CheckStatus::Pass,
            "{:#?}",
            by(&results, id)
        );
    }
    assert_eq!(
        by(&results, CheckId::ClientSecret).diagnosis,
        Diagnosis::SecretAccepted
    );
    assert_eq!(
        by(&results, CheckId::AppAudit).diagnosis,
        Diagnosis::NotConfigured
    );
    assert!(!checks::any_failed(&results));
    // Discovery comes first; the checks that need it come after.
    let pos = |id| results.iter().position(|r| r.id == id).unwrap();
    assert!(
        pos(CheckId::Discovery) < pos(CheckId::Jwks)
            && pos(CheckId::Discovery) < pos(CheckId::ClientSecret)
    );
    let all = serde_json::to_string(&results).unwrap();
    assert!(
        !all.contains(&idp.m2m_client.secret),
        "the secret leaked into the results"
    );
}

#[tokio::test]
async fn discover_issuer_takes_the_issuer_verbatim_from_the_live_document() {
    let idp = TestIdp::start().await.unwrap();
    let iss = checks::discover_issuer(&domain(&idp), &opts(&idp.ca_file))
        .await
        .unwrap();
    assert_eq!(iss, idp.issuer);
    assert!(iss.ends_with('/'));
}

#[tokio::test]
async fn the_issuer_is_compared_exactly_with_the_exports() {
    let idp = TestIdp::start().await.unwrap();
    let d = domain(&idp);
    let out = checks::discovery::fetch(&checks::Http::new(&opts(&idp.ca_file)).unwrap(), &d).await;
    let cmp = |e: &str| checks::discovery::check_issuer(out.doc.as_ref(), &d, Some(e));
    assert_eq!(cmp(&idp.issuer).status, CheckStatus::Pass);
    let r = cmp(idp.issuer.trim_end_matches('/'));
    assert_eq!(
        (r.status, r.diagnosis),
        (CheckStatus::Fail, Diagnosis::IssuerMissingTrailingSlash)
    );
    assert!(r.fix.unwrap().contains(&idp.issuer));
    assert_eq!(
        cmp(&idp.issuer.replace("https://", "http://")).diagnosis,
        Diagnosis::IssuerHttpScheme
    );
    assert_eq!(
        cmp("https://login.example.com/").diagnosis,
        Diagnosis::IssuerOtherDomain
    );
}

#[tokio::test]
async fn a_wrong_secret_is_rejected_and_auth0_does_not_say_which() {
    let idp = TestIdp::start().await.unwrap();
    let results = suite(&idp, &idp.m2m_client.id, "definitely-not-the-secret").await;
    let r = by(&results, CheckId::ClientSecret);
    assert_eq!(
        (r.status, r.diagnosis),
        (CheckStatus::Fail, Diagnosis::SecretRejected),
        "{r:#?}"
    );
    assert!(r.detail.contains("does not say which"), "{}", r.detail);
    assert!(r
        .fix
        .as_deref()
        .unwrap()
        .contains("Management API credentials"));
    assert!(checks::any_failed(&results));
}

#[tokio::test]
async fn a_client_without_client_credentials_is_accepted_with_a_caveat() {
    let idp = TestIdp::start().await.unwrap();
    for c in [&idp.no_cc_client, &idp.web_client] {
        let results = suite(&idp, &c.id, &c.secret).await;
        let r = by(&results, CheckId::ClientSecret);
        assert_eq!(
            (r.status, r.diagnosis),
            (CheckStatus::Pass, Diagnosis::SecretAcceptedGrantRefused),
            "{r:#?}"
        );
        assert!(r.detail.contains("high confidence"), "{}", r.detail);
    }
}

/// A CA bundle trusting both servers (the suite has one client).
fn both_cas(a: &TestIdp, b: &MgmtStub) -> tempfile::NamedTempFile {
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), format!("{}\n{}", a.ca_pem, b.ca_pem)).unwrap();
    f
}

#[tokio::test]
async fn the_app_audit_tells_a_wrong_id_from_a_wrong_secret() {
    let idp = TestIdp::start().await.unwrap();
    let stub = MgmtStub::start(MgmtConfig::default()).await.unwrap();
    // The stub knows the IdP's web client (same ID), as Auth0's Management API would.
    stub.put_client(StubClient::regular_web().with("client_id", json!(idp.web_client.id)));
    let ca = both_cas(&idp, &stub);
    let mgmt = MgmtCredentials {
        domain: Some(checks::parse_domain(&stub.domain).unwrap()),
        client_id: stub.m2m_client.id.clone(),
        client_secret: Secret::new(stub.m2m_client.secret.clone()),
        audience: None,
    };
    let run = |client_id: String| {
        let mut input = SuiteInput::new(
            domain(&idp),
            client_id,
            Some(Secret::new("wrong-secret-value")),
        );
        input.mgmt = Some(mgmt.clone());
        checks::run_suite(input, opts(ca.path()), None, checks::Cancel::new())
    };
    let results = run(idp.web_client.id.clone()).await;
    let r = by(&results, CheckId::ClientSecret);
    assert_eq!(r.diagnosis, Diagnosis::SecretRejected, "{r:#?}");
    assert!(
        r.detail
            .contains("client ID is right and the secret is wrong"),
        "{}",
        r.detail
    );

    let results = run("no-such-client-id".into()).await;
    assert_eq!(
        by(&results, CheckId::ClientSecret).diagnosis,
        Diagnosis::WrongClientId,
        "{results:#?}"
    );
    assert_eq!(
        by(&results, CheckId::AppAudit).diagnosis,
        Diagnosis::ClientNotFound
    );
}

// ---------------------------------------------------------------- login test

/// Run the login test with a URL sink that hands the URL to `play` (the scripted user).
async fn login_with<F, Fut>(idp: &TestIdp, mut input: LoginInput, play: F) -> checks::LoginOutcome
where
    F: FnOnce(String) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (tx, mut rx) = mpsc::unbounded_channel::<String>();
    input.url_sink = Some(Arc::new(move |u: &str| {
        let _ = tx.send(u.to_owned());
    }));
    input.open_browser = false;
    let player = tokio::spawn(async move {
        if let Some(url) = rx.recv().await {
            play(url).await;
        }
    });
    let out = login::run(input, &opts(&idp.ca_file), checks::Cancel::new()).await;
    let _ = player.await;
    out
}

fn input(idp: &TestIdp) -> LoginInput {
    let mut i = LoginInput::new(
        domain(idp),
        idp.web_client.id.clone(),
        Some(Secret::new(idp.web_client.secret.clone())),
    );
    i.port = 0; // any free port: the test IdP allows any loopback port
    i.timeout = Duration::from_secs(20);
    i
}

/// The login test, with the scripted user logging in as the IdP is set up.
async fn login_played(idp: &Arc<TestIdp>, input: LoginInput) -> checks::LoginOutcome {
    let p = idp.clone();
    login_with(idp, input, move |url| async move {
        p.play_user(&url).await.unwrap();
    })
    .await
}

#[tokio::test]
async fn the_login_test_passes_end_to_end_and_returns_the_claims() {
    let idp = Arc::new(TestIdp::start().await.unwrap());
    let p = idp.clone();
    let (cb_tx, mut cb_rx) = mpsc::unbounded_channel();
    let out = login_with(&idp, input(&idp), move |url| async move {
        let cb = p.play_user(&url).await.unwrap();
        let _ = cb_tx.send(cb);
    })
    .await;
    assert_eq!(
        out.result.status,
        CheckStatus::Pass,
        "{:#?}\n{}",
        out.result,
        idp.stderr_text()
    );
    let claims = out.claims.unwrap();
    assert_eq!(claims["email"], "test.user@example.com");
    assert_eq!(claims["iss"], idp.issuer.as_str());
    assert!(out.result.detail.contains("test.user@example.com"));
    let ev = serde_json::to_string(&out.result.evidence).unwrap();
    assert!(!ev.contains(&idp.web_client.secret), "the secret leaked");
    // The authorize request used PKCE S256, state and nonce.
    let authz = &out
        .result
        .evidence
        .iter()
        .find(|e| e.method.contains("browser"))
        .unwrap()
        .url;
    for p in [
        "code_challenge_method=S256",
        "code_challenge=",
        "state=",
        "nonce=",
    ] {
        assert!(authz.contains(p), "{authz}");
    }
    // The one-shot listener refuses a second request for the same callback.
    let cb = cb_rx.recv().await.unwrap();
    let second = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(&cb)
        .send()
        .await;
    assert!(
        second.map(|r| !r.status().is_success()).unwrap_or(true),
        "a second callback must be refused"
    );
}

const GROUPS: &str = "https://example.com/groups";

/// What the login test says when one thing is wrong: the diagnosis, the fix
/// it names, and whether it still returns the claims to show what is there.
#[tokio::test]
async fn the_login_test_names_what_is_wrong() {
    type Setup = fn(&mut LoginInput, &TestIdp);
    let dex_with_groups: Setup = |i, _| {
        i.groups_claim = Some(GROUPS.into());
        i.target = Some(TargetId::Dex);
    };
    let unverified = IdpOptions::default().claim("email_verified", json!(false));
    let cases: [(&str, IdpOptions, Setup, Diagnosis, &str, bool); 4] = [
        (
            "no groups claim",
            unverified.clone(),
            dex_with_groups,
            Diagnosis::GroupsClaimMissing,
            "post-login",
            true,
        ),
        (
            "e-mail not verified",
            unverified.claim(GROUPS, json!(["admins"])),
            dex_with_groups,
            Diagnosis::EmailNotVerified,
            "insecureSkipEmailVerified",
            true,
        ),
        (
            "the exports' issuer without its slash",
            IdpOptions::default(),
            |i, idp| i.expected_issuer = Some(idp.issuer.trim_end_matches('/').to_owned()),
            Diagnosis::IdTokenIssuer,
            "",
            false,
        ),
        (
            "a wrong secret at the code exchange",
            IdpOptions::default(),
            |i, _| i.client_secret = Some(Secret::new("not-the-secret")),
            Diagnosis::SecretRejected,
            "",
            false,
        ),
    ];
    for (what, opts, setup, diagnosis, fix, claims) in cases {
        let idp = Arc::new(TestIdp::start_with(opts).await.unwrap());
        let mut i = input(&idp);
        setup(&mut i, &idp);
        let out = login_played(&idp, i).await;
        let r = &out.result;
        assert_eq!(
            (r.status, r.diagnosis),
            (CheckStatus::Fail, diagnosis),
            "{what}: {r:#?}"
        );
        assert!(
            r.fix.as_deref().unwrap_or("").contains(fix),
            "{what}: {r:#?}"
        );
        assert_eq!(
            out.claims.is_some(),
            claims,
            "{what}: the claims are returned to show what is there"
        );
        if let Some(c) = out
            .claims
            .filter(|_| diagnosis == Diagnosis::EmailNotVerified)
        {
            assert_eq!(c[GROUPS], json!(["admins"]), "{what}");
        }
    }
}

/// A callback with another state (an old tab, a forgery) gets 400 and changes
/// nothing: not even a forged `error=` ends the test, and the real callback still
/// counts. The scripted user's callback is tampered, then sent as it was.
#[tokio::test]
async fn a_callback_with_another_state_is_refused_and_the_test_goes_on() {
    let idp = Arc::new(TestIdp::start().await.unwrap());
    let p = idp.clone();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let out = login_with(&idp, input(&idp), move |url| async move {
        let tampered = p
            .play_user_with(
                &url,
                PlayOptions {
                    tamper_state: true,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let mut cb = url::Url::parse(&tampered).unwrap();
        let state = cb
            .query_pairs()
            .find(|(k, _)| k == "state")
            .map(|(_, v)| v.trim_start_matches("tampered-").to_owned())
            .unwrap();
        let port = cb.port().unwrap();
        let c = reqwest::Client::builder().no_proxy().build().unwrap();
        let get = |u: String| {
            let c = c.clone();
            async move { c.get(u).send().await.unwrap().status().as_u16() }
        };
        let forged = format!("http://127.0.0.1:{port}/callback?error=access_denied&error_description=forged&state=other");
        let statuses = vec![get(tampered.clone()).await, get(forged).await];
        cb.query_pairs_mut().clear();
        let code = url::Url::parse(&tampered).unwrap();
        let code = code.query_pairs().find(|(k, _)| k == "code").unwrap().1.into_owned();
        cb.query_pairs_mut()
            .append_pair("code", &code)
            .append_pair("state", &state);
        let mut statuses = statuses;
        statuses.push(get(cb.to_string()).await);
        let _ = tx.send(statuses);
    })
    .await;
    assert_eq!(rx.recv().await.unwrap(), [400, 400, 200]);
    assert_eq!(
        out.result.status,
        CheckStatus::Pass,
        "the right callback still counts: {:#?}",
        out.result
    );
}

#[tokio::test]
async fn an_error_on_the_callback_is_reported_with_its_description() {
    let idp = Arc::new(TestIdp::start().await.unwrap());
    let p = idp.clone();
    let out = login_with(&idp, input(&idp), move |url| async move {
        p.play_user_with(
            &url,
            PlayOptions {
                deny: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    })
    .await;
    assert_eq!(
        out.result.diagnosis,
        Diagnosis::AuthorizeError,
        "{:#?}",
        out.result
    );
    assert!(
        out.result.detail.contains("access_denied"),
        "{}",
        out.result.detail
    );
}

#[tokio::test]
async fn no_callback_before_the_timeout_names_the_url_to_add() {
    let idp = TestIdp::start().await.unwrap();
    let mut i = input(&idp);
    i.timeout = Duration::from_secs(1);
    let out = login_with(&idp, i, |_url| async {}).await;
    assert_eq!(
        out.result.diagnosis,
        Diagnosis::NoCallback,
        "{:#?}",
        out.result
    );
    let fix = out.result.fix.unwrap();
    assert!(
        fix.contains("http://127.0.0.1:")
            && fix.contains("/callback")
            && fix.contains("Allowed Callback URLs"),
        "{fix}"
    );
}

#[tokio::test]
async fn the_login_test_can_be_cancelled_and_reports_a_busy_port() {
    let idp = TestIdp::start().await.unwrap();
    let cancel = checks::Cancel::new();
    let c2 = cancel.clone();
    let mut i = input(&idp);
    i.open_browser = false;
    i.url_sink = Some(Arc::new(move |_: &str| c2.cancel()));
    let out = login::run(i, &opts(&idp.ca_file), cancel).await;
    assert_eq!(out.result.diagnosis, Diagnosis::Cancelled);

    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut i = input(&idp);
    i.port = busy.local_addr().unwrap().port();
    i.open_browser = false;
    let out = login::run(i, &opts(&idp.ca_file), checks::Cancel::new()).await;
    assert_eq!(out.result.diagnosis, Diagnosis::PortInUse);
}

#[tokio::test]
async fn the_callback_listener_is_one_shot_for_its_state_only() {
    let mut l = CallbackListener::bind(0, "xyz").await.unwrap();
    let base = format!("http://127.0.0.1:{}", l.port());
    let c = reqwest::Client::builder().no_proxy().build().unwrap();
    let status = |path: &str| {
        let (c, url) = (c.clone(), format!("{base}{path}"));
        async move { c.get(url).send().await.unwrap().status() }
    };
    assert_eq!(status("/favicon.ico").await, 404);
    // Another state, no state, an error without the state: refused, nothing used up.
    for path in [
        "/callback?code=abc&state=other",
        "/callback?code=abc",
        "/callback?error=access_denied&error_description=forged",
        "/callback?error=access_denied&state=other",
    ] {
        assert_eq!(status(path).await, 400, "{path}");
    }
    let first = c
        .get(format!("{base}/callback?code=abc&state=xyz"))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    assert!(first
        .text()
        .await
        .unwrap()
        .contains("Return to auth0-wizard"));
    let p = l
        .wait(Duration::from_secs(5), &checks::Cancel::new())
        .await
        .unwrap();
    assert_eq!(
        (p.code.as_deref(), p.state.as_deref()),
        (Some("abc"), Some("xyz"))
    );
    assert_eq!(status("/callback?code=def&state=xyz").await, 410);
    drop(l);
    assert!(
        c.get(format!("{base}/callback?code=ghi"))
            .send()
            .await
            .is_err(),
        "closed once dropped"
    );
}

// ------------------------------------------------------- hostile ID tokens

/// The login test against a provider whose ID tokens carry `claims`.
async fn login_with_id_token(claims: &[(&str, serde_json::Value)]) -> checks::LoginOutcome {
    let opts = claims.iter().fold(IdpOptions::default(), |o, (k, v)| {
        o.id_token_claim(k, v.clone())
    });
    let idp = Arc::new(TestIdp::start_with(opts).await.unwrap());
    login_played(&idp, input(&idp)).await
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test]
async fn an_id_token_from_the_future_is_rejected() {
    for claim in ["nbf", "iat"] {
        let out = login_with_id_token(&[(claim, json!(now() + 3600))]).await;
        assert_eq!(
            (out.result.status, out.result.diagnosis),
            (CheckStatus::Fail, Diagnosis::IdTokenNotYetValid),
            "{claim}: {:#?}",
            out.result
        );
        assert!(out.claims.is_none());
    }
}

#[tokio::test]
async fn an_id_token_for_several_audiences_needs_the_client_as_azp() {
    let both = json!(["=aud", "another-app"]);
    let out = login_with_id_token(&[("aud", both.clone()), ("azp", json!(null))]).await;
    assert_eq!(
        out.result.diagnosis,
        Diagnosis::IdTokenAudience,
        "{:#?}",
        out.result
    );
    assert!(
        out.result.detail.contains("(azp) is missing"),
        "{}",
        out.result.detail
    );
    let out = login_with_id_token(&[("aud", both.clone()), ("azp", json!("another-app"))]).await;
    assert!(
        out.result.detail.contains("(azp) is another-app"),
        "{}",
        out.result.detail
    );
    // With the client as the authorized party, several audiences are fine.
    let out = login_with_id_token(&[("aud", both), ("azp", json!("=aud"))]).await;
    assert_eq!(out.result.status, CheckStatus::Pass, "{:#?}", out.result);
}

/// Claims are provider text too: control characters in them never reach the
/// result or the returned claims raw.
#[tokio::test]
async fn escape_sequences_in_claims_are_shown_escaped() {
    let hostile = "Eve\u{1b}]0;pwned\u{7}\u{1b}[2J\r\nX: y";
    let out = login_with_id_token(&[("email", json!(hostile)), ("nickname", json!(hostile))]).await;
    assert_eq!(out.result.status, CheckStatus::Pass, "{:#?}", out.result);
    let claims = serde_json::to_value(&out.claims).unwrap();
    for text in [out.result.detail.clone(), claims.to_string()] {
        assert!(!text.chars().any(char::is_control), "{text:?}");
    }
    assert_eq!(
        claims["email"],
        "Eve\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\r\\nX: y"
    );
    assert!(
        out.result.detail.contains("Logged in as Eve\\u{1b}"),
        "{}",
        out.result.detail
    );
}
