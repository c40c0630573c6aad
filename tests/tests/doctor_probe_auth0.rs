//! What the running system uses, compared with the Auth0 tenant (its
//! discovery document, and the application through the Management API stub):
//! each difference names the side to fix.

use auth0_wizard_core::doctor::probe::{
    auth0::against_auth0, compare::against_file, Level, ProbeKind, ProbeStatus,
};
use auth0_wizard_tests::{mgmt_credentials, tenant, Answers, ProbeRig, StubClient};
use serde_json::json;

/// (system, the tenant's application, the file's issuer) → finding codes with Auth0.
async fn with_auth0(a: Answers, client: StubClient, issuer: Option<&str>) -> Vec<(String, Level)> {
    let (stub, app) = tenant(Some(client)).await.unwrap();
    let mut r = ProbeRig::start(a, &app, Some(&stub.ca_pem)).await.unwrap();
    if let Some(i) = issuer {
        r.imported.settings.issuer = i.replace("DOMAIN", &stub.domain);
    }
    let probed = r.probe().await.unwrap();
    let side = against_auth0(
        &r.http,
        &probed,
        &r.imported,
        Some(&mgmt_credentials(&stub).unwrap()),
    )
    .await;
    let kinds: Vec<_> = side.results.iter().map(|x| (x.kind, x.status)).collect();
    assert_eq!(
        kinds[0],
        (ProbeKind::Auth0Discovery, ProbeStatus::Ok),
        "{:#?}",
        side.results
    );
    assert_eq!(kinds[1].0, ProbeKind::Auth0App);
    let mut all = side.findings;
    all.extend(against_file(&probed, &r.imported));
    all.into_iter().map(|f| (f.code, f.severity)).collect()
}

fn web_app(callbacks: &[String]) -> StubClient {
    StubClient::regular_web().with("callbacks", json!(callbacks))
}

#[tokio::test]
async fn what_the_system_uses_is_compared_with_the_auth0_application() {
    // The callback the system sends is not in the app: Auth0 is the side to fix.
    let found = with_auth0(Answers::PachdRedirectWithoutDex, web_app(&[]), None).await;
    assert!(
        found.contains(&("probe.auth0.callback_missing".into(), Level::Error)),
        "{found:?}"
    );

    // The system uses a client ID the tenant does not have.
    let found = with_auth0(Answers::PachdOtherClientId, web_app(&[]), None).await;
    assert!(
        found.contains(&("probe.system.client_id_unknown".into(), Level::Error)),
        "{found:?}"
    );

    // Pomerium's sign-out URL is missing from the app.
    let found = with_auth0(Answers::PomeriumOk, web_app(&[]), None).await;
    assert!(
        found.contains(&("probe.auth0.logout_url_missing".into(), Level::Warning)),
        "{found:?}"
    );
    assert!(
        found.contains(&("probe.auth0.callback_missing".into(), Level::Error)),
        "{found:?}"
    );

    // OpenMetadata runs a public client: a Regular Web Application is the wrong kind.
    let found = with_auth0(Answers::OpenMetadataOk, web_app(&[]), None).await;
    assert!(
        found.contains(&("probe.auth0.app_type".into(), Level::Error)),
        "{found:?}"
    );

    // Pomerium cannot start a sign-in and the file's issuer lacks Auth0's slash (C8).
    let found = with_auth0(
        Answers::PomeriumSignInFails,
        web_app(&[]),
        Some("https://DOMAIN"),
    )
    .await;
    assert!(
        found.contains(&("probe.file.issuer_differs".into(), Level::Error)),
        "{found:?}"
    );
}

#[tokio::test]
async fn an_internal_dex_issuer_is_legitimate() {
    // Everything else is right: the app has the callback the connector sends.
    let sys_host_unknown_yet = StubClient::regular_web();
    let id = sys_host_unknown_yet.client_id();
    let (stub, app) = tenant(Some(sys_host_unknown_yet.clone())).await.unwrap();
    let r = ProbeRig::start(Answers::PachdInternalIssuer, &app, Some(&stub.ca_pem))
        .await
        .unwrap();
    stub.put_client(
        web_app(&[format!("https://{}/dex/callback", r.sys.host)]).with("client_id", json!(id)),
    );
    let probed = r.probe().await.unwrap();
    let side = against_auth0(
        &r.http,
        &probed,
        &r.imported,
        Some(&mgmt_credentials(&stub).unwrap()),
    )
    .await;
    let mut all = side.findings;
    all.extend(against_file(&probed, &r.imported));
    let serious: Vec<_> = all.iter().filter(|f| f.severity != Level::Info).collect();
    assert!(serious.is_empty(), "{serious:#?}");
    assert!(
        all.iter().any(|f| f.code == "probe.system.issuer_internal"),
        "{all:#?}"
    );
}
