//! The troubleshooter's probes against loopback servers that answer as pachd,
//! Dex, Pomerium and OpenMetadata do (reference B), healthy and broken, and
//! the comparison of what they use with the file and with Auth0.

use auth0_wizard_core::checks::{self, CheckOptions, Http, MgmtCredentials};
use auth0_wizard_core::doctor::probe::{
    self, auth0::against_auth0, compare::against_file, Level, Observed, ProbeKind, ProbeStatus,
    Probed,
};
use auth0_wizard_core::doctor::{Detected, Imported};
use auth0_wizard_core::{RawSettings, Secret, TargetId};
use auth0_wizard_tests::{
    ca_bundle, refused_url, Answers, Auth0App, MgmtConfig, MgmtStub, StubClient, SystemServer,
    OTHER_CLIENT_ID,
};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;

fn target_of(a: Answers) -> TargetId {
    use Answers as A;
    match a {
        A::DexTwoConnectors | A::DexConnectorMissing => TargetId::Dex,
        A::PomeriumOk | A::PomeriumHosted | A::PomeriumSignInFails => TargetId::Pomerium,
        A::OpenMetadataOk | A::OpenMetadataTrailingSlash | A::OpenMetadataOldShape => {
            TargetId::Openmetadata
        }
        _ => TargetId::Pachyderm,
    }
}

/// The file a healthy system of this kind runs: the same app, domain and URL.
fn file_for(a: Answers, sys: &SystemServer, app: &Auth0App) -> Imported {
    let target = target_of(a);
    let mut extras = BTreeMap::new();
    if target == TargetId::Openmetadata {
        extras.insert("clientType".to_owned(), "public".to_owned());
    }
    let settings = RawSettings {
        target: target.as_str().to_owned(),
        domain: app.domain.clone(),
        client_id: app.client_id.clone(),
        public_url: sys.public_url(),
        issuer: format!("https://{}/", app.domain),
        extras,
        ..RawSettings::default()
    };
    Imported {
        detected: Detected {
            target,
            version: None,
            format: "test".to_owned(),
            why: "made by the test".to_owned(),
        },
        settings,
        spots: BTreeMap::new(),
        choices: vec![],
        findings: vec![],
    }
}

struct Rig {
    sys: SystemServer,
    http: Http,
    imported: Imported,
    _bundle: tempfile::NamedTempFile,
}

async fn rig(a: Answers, app: &Auth0App, other_ca: Option<&str>) -> Rig {
    let sys = SystemServer::start(a, app.clone()).await.unwrap();
    let mut pems = vec![sys.ca_pem.as_str()];
    pems.extend(other_ca);
    let bundle = ca_bundle(&pems).unwrap();
    let opts = CheckOptions::default()
        .with_timeout(Duration::from_secs(2))
        .with_ca_file(bundle.path());
    let imported = file_for(a, &sys, app);
    Rig {
        http: Http::new(&opts).unwrap(),
        sys,
        imported,
        _bundle: bundle,
    }
}

async fn probe_rig(r: &Rig) -> Probed {
    let base = probe::base_url(&r.imported.settings, None).unwrap();
    probe::run(
        &r.http,
        r.imported.detected.target,
        &base,
        &r.imported.settings,
    )
    .await
}

fn app() -> Auth0App {
    Auth0App {
        domain: "tenant.example.invalid".to_owned(),
        client_id: "AbCdEfGhIjKlMnOpQrStUvWxYz012345".to_owned(),
    }
}

/// Per mode: each request's kind and status, and the finding codes against the file.
fn expected(a: Answers) -> (Vec<(ProbeKind, ProbeStatus)>, Vec<&'static str>) {
    use Answers as A;
    use ProbeKind::*;
    use ProbeStatus::*;
    let dex_ok = vec![(Discovery, Ok), (LoginPage, Ok), (Auth0Redirect, Ok)];
    match a {
        A::PachdOk => (dex_ok, vec![]),
        A::PachdInternalIssuer => (dex_ok, vec!["probe.system.issuer_internal"]),
        A::PachdDexDown => (
            vec![(Discovery, Failed)],
            vec!["probe.system.dex_not_started"],
        ),
        A::PachdNoConnector => (
            vec![(Discovery, Ok), (LoginPage, Failed)],
            vec!["probe.system.connector_missing"],
        ),
        A::PachdOtherClientId => (dex_ok, vec!["probe.system.client_id_differs"]),
        A::PachdRedirectWithoutDex => (dex_ok, vec!["probe.system.callback_differs"]),
        A::PachdLoginError => (
            vec![(Discovery, Ok), (LoginPage, Ok), (Auth0Redirect, Failed)],
            vec!["probe.system.callback_check_failed"],
        ),
        A::DexTwoConnectors => (vec![(Discovery, Ok), (LoginPage, Ok)], vec![]),
        A::DexConnectorMissing => (
            vec![(Discovery, Ok), (LoginPage, Failed)],
            vec!["probe.system.connector_missing"],
        ),
        A::PomeriumOk => (vec![(WellKnown, Ok), (Auth0Redirect, Ok)], vec![]),
        A::PomeriumHosted => (
            vec![(WellKnown, Warning)],
            vec!["probe.system.hosted_authenticate"],
        ),
        A::PomeriumSignInFails => (
            vec![(WellKnown, Ok), (Auth0Redirect, Failed)],
            vec!["probe.system.sign_in_failed"],
        ),
        A::OpenMetadataOk => (vec![(Version, Ok), (AuthConfig, Ok)], vec![]),
        A::OpenMetadataTrailingSlash => (
            vec![(Version, Ok), (AuthConfig, Ok)],
            vec!["probe.system.authority_trailing_slash"],
        ),
        A::OpenMetadataOldShape => (
            vec![(Version, Ok), (AuthConfig, Ok)],
            vec!["probe.system.jwks_missing"],
        ),
        A::Hung => (vec![(Discovery, Unreachable)], vec![]),
    }
}

/// What the probes must have seen, beyond the statuses.
fn check_observed(a: Answers, o: &Observed, sys: &SystemServer, app: &Auth0App) {
    use Answers as A;
    let host = &sys.host;
    let ids = |o: &Observed| -> Vec<String> {
        o.connectors
            .iter()
            .flatten()
            .map(|c| c.id.clone())
            .collect()
    };
    match a {
        A::PachdOk | A::PachdOtherClientId | A::PachdRedirectWithoutDex => {
            assert_eq!(
                o.issuer.as_deref(),
                Some(format!("https://{host}/dex").as_str())
            );
            assert_eq!(ids(o), ["auth0"]);
            let want_id = if a == A::PachdOtherClientId {
                OTHER_CLIENT_ID
            } else {
                app.client_id.as_str()
            };
            assert_eq!(o.client_id(), Some(want_id));
            let cb = if a == A::PachdRedirectWithoutDex {
                "callback"
            } else {
                "dex/callback"
            };
            assert_eq!(o.callback, Some(format!("https://{host}/{cb}")));
            assert_eq!(o.auth0_host().as_deref(), Some(app.domain.as_str()));
        }
        A::PachdInternalIssuer => assert_eq!(o.issuer.as_deref(), Some("http://pachd:30658/dex")),
        A::PachdDexDown => assert!(o.dex_down && o.connectors.is_none()),
        A::PachdNoConnector => assert_eq!(ids(o), ["placeholder"]),
        A::PachdLoginError => assert!(o.login_error.is_some() && o.authorize.is_none()),
        A::DexTwoConnectors => {
            let cs = o.connectors.clone().unwrap();
            assert_eq!(ids(o), ["auth0", "github"]);
            assert_eq!(
                (cs[0].name.as_deref(), cs[0].kind.as_deref()),
                (Some("Auth0"), Some("oidc"))
            );
        }
        A::DexConnectorMissing => assert_eq!(ids(o), ["github"]),
        A::PomeriumOk => {
            assert_eq!(o.callback, Some(format!("https://{host}/oauth2/callback")));
            assert_eq!(
                o.logout_url,
                Some(format!("https://{host}/.pomerium/signed_out"))
            );
            let req = o.authorize.clone().unwrap();
            assert_eq!(req.client_id.as_deref(), Some(app.client_id.as_str()));
            assert_eq!(
                req.scope.as_deref(),
                Some("openid profile email offline_access")
            );
        }
        A::PomeriumHosted => assert!(o.hosted_authenticate && o.authorize.is_none()),
        A::PomeriumSignInFails => assert!(o.sign_in_failed.is_some()),
        A::OpenMetadataOk | A::OpenMetadataTrailingSlash | A::OpenMetadataOldShape => {
            assert_eq!(o.version.as_deref(), Some("1.5.6"));
            let om = o.openmetadata.clone().unwrap();
            assert_eq!(om.client_id.as_deref(), Some(app.client_id.as_str()));
            assert_eq!(om.client_type.as_deref(), Some("public"));
            assert_eq!(o.callback, Some(format!("https://{host}/callback")));
            assert_eq!(om.public_key_urls.is_some(), a == A::OpenMetadataOldShape);
        }
        A::Hung => assert_eq!(o, &Observed::default()),
    }
}

async fn one_answer(a: Answers) {
    let app = app();
    let r = rig(a, &app, None).await;
    let probed = probe_rig(&r).await;
    let (want_steps, want_codes) = expected(a);
    let steps: Vec<_> = probed.results.iter().map(|x| (x.kind, x.status)).collect();
    assert_eq!(steps, want_steps, "{:#?}", probed.results);
    check_observed(a, &probed.observed, &r.sys, &app);
    let mut codes: Vec<_> = against_file(&probed, &r.imported)
        .into_iter()
        .map(|f| f.code)
        .collect();
    codes.sort();
    assert_eq!(codes, want_codes);
    for res in &probed.results {
        assert!(
            !res.evidence.is_empty() && res.url.starts_with("https://127.0.0.1:"),
            "{res:?}"
        );
    }
    if a == Answers::Hung {
        let detail = &probed.results[0].detail;
        assert!(
            detail.contains("timed out") && detail.contains(&r.sys.host),
            "{detail}"
        );
        assert!(detail.contains("private cluster"), "{detail}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_system_answer_is_read_as_the_reference_says() {
    let runs: Vec<_> = Answers::ALL
        .iter()
        .map(|a| (*a, tokio::spawn(one_answer(*a))))
        .collect();
    let mut failed = Vec::new();
    for (a, run) in runs {
        if let Err(e) = run.await {
            let why = e.try_into_panic().ok().and_then(|p| {
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            });
            failed.push(format!("{a:?}: {}", why.unwrap_or_default()));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[tokio::test]
async fn a_refused_connection_is_unreachable_and_names_the_host() {
    let url = refused_url().unwrap();
    let settings = RawSettings {
        public_url: url.clone(),
        ..RawSettings::default()
    };
    let http = Http::new(&CheckOptions::default().with_timeout(Duration::from_secs(2))).unwrap();
    let base = probe::base_url(&settings, None).unwrap();
    let probed = probe::run(&http, TargetId::Openmetadata, &base, &settings).await;
    assert_eq!(
        probed.results.len(),
        1,
        "the second step is not tried: {:#?}",
        probed.results
    );
    let r = &probed.results[0];
    assert_eq!(r.status, ProbeStatus::Unreachable);
    assert!(
        r.detail.contains(url.trim_start_matches("https://")) && r.detail.contains("refused"),
        "{}",
        r.detail
    );
    assert!(!probed.reached());
}

/// A MgmtStub as the tenant the system sends users to, with `client` in it.
async fn tenant(client: Option<StubClient>) -> (MgmtStub, Auth0App) {
    let stub = MgmtStub::start(MgmtConfig::default()).await.unwrap();
    let id = match client {
        Some(c) => {
            let id = c.client_id();
            stub.put_client(c);
            id
        }
        None => stub.web_client().unwrap().id,
    };
    let app = Auth0App {
        domain: stub.domain.clone(),
        client_id: id,
    };
    (stub, app)
}

fn mgmt(stub: &MgmtStub) -> MgmtCredentials {
    MgmtCredentials {
        domain: Some(checks::parse_domain(&stub.domain).unwrap()),
        client_id: stub.m2m_client.id.clone(),
        client_secret: Secret::new(stub.m2m_client.secret.clone()),
        audience: None,
    }
}

#[tokio::test]
async fn probes_only_get_and_never_follow_a_redirect_off_the_host() {
    for a in [Answers::PachdOk, Answers::PomeriumOk] {
        let (stub, app) = tenant(None).await;
        let r = rig(a, &app, Some(&stub.ca_pem)).await;
        let probed = probe_rig(&r).await;
        assert!(
            probed.observed.authorize.is_some(),
            "{a:?}: the redirect to Auth0 was read"
        );
        assert!(
            stub.requests().is_empty(),
            "{a:?}: the tenant was asked {:?}",
            stub.requests()
        );
        let asked = r.sys.requests();
        assert_eq!(asked.len(), probed.results.len(), "{asked:?}");
        assert!(asked.iter().all(|l| l.starts_with("GET ")), "{asked:?}");
        let redirect = probed
            .results
            .iter()
            .find(|x| x.kind == ProbeKind::Auth0Redirect)
            .unwrap();
        let ev = &redirect.evidence[0];
        assert_eq!(
            (ev.status, ev.error.as_deref()),
            (Some(302), None),
            "{ev:?}"
        );
        let location = ev
            .response_headers
            .iter()
            .find(|h| h.name == "location")
            .unwrap();
        assert!(location
            .value
            .starts_with(&format!("https://{}/authorize?", app.domain)));
        let says_auth_request = redirect.detail.contains("auth request");
        assert_eq!(
            says_auth_request,
            a == Answers::PachdOk,
            "{}",
            redirect.detail
        );
    }
}

/// (system, the tenant's application, the file's issuer) → finding codes with Auth0.
async fn with_auth0(a: Answers, client: StubClient, issuer: Option<&str>) -> Vec<(String, Level)> {
    let (stub, app) = tenant(Some(client)).await;
    let mut r = rig(a, &app, Some(&stub.ca_pem)).await;
    if let Some(i) = issuer {
        r.imported.settings.issuer = i.replace("DOMAIN", &stub.domain);
    }
    let probed = probe_rig(&r).await;
    let side = against_auth0(&r.http, &probed, &r.imported, Some(&mgmt(&stub))).await;
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
    let (stub, app) = tenant(Some(sys_host_unknown_yet.clone())).await;
    let r = rig(Answers::PachdInternalIssuer, &app, Some(&stub.ca_pem)).await;
    stub.put_client(
        web_app(&[format!("https://{}/dex/callback", r.sys.host)]).with("client_id", json!(id)),
    );
    let probed = probe_rig(&r).await;
    let side = against_auth0(&r.http, &probed, &r.imported, Some(&mgmt(&stub))).await;
    let mut all = side.findings;
    all.extend(against_file(&probed, &r.imported));
    let serious: Vec<_> = all.iter().filter(|f| f.severity != Level::Info).collect();
    assert!(serious.is_empty(), "{serious:#?}");
    assert!(
        all.iter().any(|f| f.code == "probe.system.issuer_internal"),
        "{all:#?}"
    );
}
