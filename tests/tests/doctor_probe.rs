//! The troubleshooter's probes against loopback servers that answer as pachd,
//! Dex, Pomerium and OpenMetadata do (reference B), healthy and broken, and
//! the comparison of what they use with the file (with Auth0:
//! doctor_probe_auth0.rs).

use auth0_wizard_core::checks::{CheckOptions, Http};
use auth0_wizard_core::doctor::probe::{
    self, compare::against_file, Observed, ProbeKind, ProbeStatus,
};
use auth0_wizard_core::{RawSettings, TargetId};
use auth0_wizard_tests::{
    refused_url, tenant, Answers, Auth0App, ProbeRig, SystemServer, OTHER_CLIENT_ID,
};
use std::time::Duration;

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
    let r = ProbeRig::start(a, &app, None).await.unwrap();
    let probed = r.probe().await.unwrap();
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

#[tokio::test]
async fn probes_only_get_and_never_follow_a_redirect_off_the_host() {
    for a in [Answers::PachdOk, Answers::PomeriumOk] {
        let (stub, app) = tenant(None).await.unwrap();
        let r = ProbeRig::start(a, &app, Some(&stub.ca_pem)).await.unwrap();
        let probed = r.probe().await.unwrap();
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
