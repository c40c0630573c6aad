//! `create` against the stateful Management API fake: exactly the requirements, the
//! audit passes afterwards, the Action joins the Login flow after every existing
//! binding, a failure halfway removes what was made, undo deletes with a guard.

mod mgmt_common;

use auth0_wizard_core::checks::CheckStatus;
use auth0_wizard_core::mgmt::{
    self, Cleanup, Consent, MgmtError, MgmtOptions, PlanAction, ProgressKind, Resource,
};
use auth0_wizard_core::{Release, TargetId};
use auth0_wizard_tests::{ActionBuild, MgmtConfig, MgmtStub};
use mgmt_common::*;
use serde_json::json;
use std::time::Duration;

fn pomerium_legacy(stub: &MgmtStub) -> auth0_wizard_core::Requirements {
    reqs(
        stub,
        TargetId::Pomerium,
        Release::Legacy,
        POMERIUM_URL,
        Some(CLAIM),
    )
}

#[tokio::test]
async fn create_makes_every_required_setting_and_the_audit_then_passes() {
    let stub = MgmtStub::start(MgmtConfig::writer()).await.unwrap();
    let client = connect(&stub).await;
    let reqs = pomerium_legacy(&stub);
    let plan = mgmt::plan_create(&client, &reqs, "auth0-wizard pomerium", &mgmt::quiet)
        .await
        .unwrap();
    assert_eq!(plan.action, PlanAction::Create);
    assert!(plan.existing.is_empty(), "{:?}", plan.existing);
    let ids: Vec<&str> = plan.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["client", "m2m-0", "action"]);
    for scope in [
        "create:clients",
        "create:client_grants",
        "create:actions",
        "update:triggers",
    ] {
        assert!(
            plan.scopes.iter().any(|s| s.scope == scope),
            "{scope} not in {:?}",
            plan.scopes
        );
    }
    assert!(plan
        .scopes
        .iter()
        .any(|s| s.scope == "update:triggers" && !s.verified));
    assert!(stub.writes().is_empty(), "a plan writes nothing");

    let journal = MemJournal::default();
    let events = Events::default();
    let sink = events.sink();
    let applied = mgmt::apply(&client, &plan, &Consent::all(), &journal, &sink)
        .await
        .unwrap();
    assert!(applied.applied);
    let id = applied.client_id.clone().unwrap();
    assert_eq!(applied.undo_id.as_deref(), Some(journal.last().id.as_str()));

    // Exactly the requirements, RS256 and OIDC conformance sent explicitly (A.4).
    let app = stub.client(&id).unwrap();
    let a = &reqs.application;
    assert_eq!(app["name"], "auth0-wizard pomerium");
    assert_eq!(app["app_type"], "regular_web");
    assert_eq!(app["callbacks"], json!(a.callbacks));
    assert_eq!(app["allowed_logout_urls"], json!(a.logout_urls));
    assert_eq!(app["initiate_login_uri"], json!(a.login_uri));
    assert_eq!(app["grant_types"], json!(a.grant_types));
    assert_eq!(app["token_endpoint_auth_method"], "client_secret_post");
    assert_eq!(app["jwt_configuration"]["alg"], "RS256");
    assert_eq!(app["oidc_conformant"], true);
    // The secret reaches the caller (only).
    assert_eq!(
        applied.client_secret().unwrap().expose(),
        stub.client_secret(&id).unwrap()
    );
    let doc = serde_json::to_string(&applied).unwrap();
    assert!(!doc.contains(&stub.client_secret(&id).unwrap()), "{doc}");
    assert!(!serde_json::to_string(&journal.last())
        .unwrap()
        .contains(&stub.client_secret(&id).unwrap()));

    // The Machine to Machine application and its grant, with the scopes the target needs.
    let m2m = applied.created.iter().find(|c| c.step == "m2m-0").unwrap();
    let grant = stub
        .grants()
        .into_iter()
        .find(|g| g["client_id"] == m2m.client_id.as_str())
        .unwrap();
    assert_eq!(grant["audience"], stub.audience());
    assert_eq!(grant["scope"], json!(reqs.m2m[0].scopes));
    assert_eq!(
        stub.client(&m2m.client_id).unwrap()["app_type"],
        "non_interactive"
    );
    // Its credentials fill Pomerium's directory-sync extras (before 0.20).
    let (ids, secrets) = applied.m2m_extras(&reqs);
    assert_eq!(ids.get("serviceAccountClientId"), Some(&m2m.client_id));
    let sa = secrets.get("serviceAccountSecret").expect("the M2M secret");
    assert_eq!(sa.expose(), stub.client_secret(&m2m.client_id).unwrap());
    assert_eq!((ids.len(), secrets.len()), (1, 1));

    // The Action: built, deployed, bound.
    let action = stub
        .actions()
        .into_iter()
        .find(|x| {
            x["name"]
                .as_str()
                .unwrap()
                .starts_with("Add roles to tokens")
        })
        .unwrap();
    assert_eq!(action["code"], json!(reqs.action.as_ref().unwrap().code));
    assert_eq!(action["deployed_version"]["deployed"], true);
    assert_eq!(
        stub.bindings(),
        [(
            action["id"].as_str().unwrap().to_string(),
            action["name"].as_str().unwrap().to_string()
        )]
    );

    // Each call was reported; waiting for the build was shown.
    let ev = events.all();
    assert!(ev
        .iter()
        .any(|e| e.call == "POST /api/v2/clients" && e.kind == ProgressKind::Done { status: 201 }));
    assert!(ev.iter().any(|e| e.step == "action"
        && matches!(&e.kind, ProgressKind::Waiting { what, .. } if what.contains("build"))));

    let r = audit(&stub, &id, &reqs).await;
    assert_eq!(r.status, CheckStatus::Pass, "{r:#?}");
}

#[tokio::test]
async fn the_action_is_bound_after_every_existing_binding_and_undo_restores_them() {
    let stub = MgmtStub::start(MgmtConfig::writer()).await.unwrap();
    let first = stub.put_action("Existing one");
    let second = stub.put_action("Existing two");
    stub.set_bindings(&[&first, &second]);
    let client = connect(&stub).await;
    let reqs = reqs(&stub, TargetId::Dex, Release::Current, DEX_URL, Some(CLAIM));
    let plan = mgmt::plan_create(&client, &reqs, "dex app", &mgmt::quiet)
        .await
        .unwrap();
    let binding = plan
        .changes()
        .find(|c| c.resource == Resource::Binding)
        .unwrap();
    assert_eq!(binding.from, json!(["Existing one", "Existing two"]));
    let journal = MemJournal::default();
    let applied = mgmt::apply(&client, &plan, &Consent::all(), &journal, &mgmt::quiet)
        .await
        .unwrap();

    let bound = stub.bindings();
    assert_eq!(bound.len(), 3, "{bound:?}");
    assert_eq!(
        (bound[0].0.as_str(), bound[1].0.as_str()),
        (first.as_str(), second.as_str())
    );
    assert_eq!(bound[2].1, "Add roles to tokens (dex app)");
    // The bindings were replaced once, with the existing ones first, in their order.
    let patch = stub
        .writes()
        .into_iter()
        .find(|w| w.method == "PATCH")
        .unwrap();
    let sent: serde_json::Value = serde_json::from_str(&patch.body).unwrap();
    let values: Vec<&str> = sent["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["ref"]["value"].as_str().unwrap())
        .collect();
    assert_eq!(values[..2], [first.as_str(), second.as_str()]);

    let mut record = journal.last();
    let report = mgmt::undo(&client, &mut record, &journal, &mgmt::quiet)
        .await
        .unwrap();
    assert!(report.drift.is_empty());
    let names: Vec<String> = stub.bindings().into_iter().map(|b| b.1).collect();
    assert_eq!(names, ["Existing one", "Existing two"]);
    assert_eq!(
        stub.actions().len(),
        2,
        "the Action made is deleted, the others stay"
    );
    assert!(
        stub.client(applied.client_id.as_deref().unwrap()).is_none(),
        "the application is deleted"
    );
    assert!(journal.last().undone_at.is_some());
}

#[tokio::test]
async fn a_create_that_fails_halfway_removes_what_it_made() {
    let stub = MgmtStub::start(MgmtConfig {
        action_build: ActionBuild::Fails,
        ..MgmtConfig::writer()
    })
    .await
    .unwrap();
    let existing = stub.put_action("Existing one");
    stub.set_bindings(&[&existing]);
    let before = stub.clients().len();
    let client = connect(&stub).await;
    let reqs = pomerium_legacy(&stub);
    let plan = mgmt::plan_create(&client, &reqs, "halfway", &mgmt::quiet)
        .await
        .unwrap();
    let e = mgmt::apply(
        &client,
        &plan,
        &Consent::all(),
        &MemJournal::default(),
        &mgmt::quiet,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(e.error, MgmtError::ActionBuildFailed { .. }),
        "{e}"
    );
    let Cleanup::RolledBack { removed } = &e.cleanup else {
        panic!("{e}")
    };
    assert_eq!(
        removed.len(),
        4,
        "application, M2M application, grant, Action: {removed:?}"
    );
    assert!(e.to_string().contains("nothing was left"), "{e}");
    assert_eq!(stub.clients().len(), before);
    assert!(stub.grants().is_empty());
    assert_eq!(stub.actions().len(), 1);
    assert_eq!(stub.bindings().len(), 1);
}

#[tokio::test]
async fn waiting_counts_against_the_timeout_and_what_was_made_is_removed() {
    let stub = MgmtStub::start(MgmtConfig {
        action_build: ActionBuild::After(u32::MAX),
        ..MgmtConfig::writer()
    })
    .await
    .unwrap();
    let opts = MgmtOptions {
        timeout: Duration::from_secs(2),
        poll_interval: Duration::from_millis(200),
    };
    let client = connect_with(&stub, opts).await;
    let reqs = reqs(&stub, TargetId::Dex, Release::Current, DEX_URL, Some(CLAIM));
    let plan = mgmt::plan_create(&client, &reqs, "slow", &mgmt::quiet)
        .await
        .unwrap();
    let e = mgmt::apply(
        &client,
        &plan,
        &Consent::all(),
        &MemJournal::default(),
        &mgmt::quiet,
    )
    .await
    .unwrap_err();
    let MgmtError::TimedOut {
        waiting_for, secs, ..
    } = &e.error
    else {
        panic!("{e}")
    };
    assert_eq!((waiting_for.as_str(), *secs), ("the Action's build", 2));
    assert!(matches!(e.cleanup, Cleanup::RolledBack { .. }), "{e}");
    assert_eq!(
        stub.clients().len(),
        1,
        "only the tenant's own application is left"
    );
}

#[tokio::test]
async fn nothing_is_written_without_consent_or_over_an_existing_name() {
    let stub = MgmtStub::start(MgmtConfig::writer()).await.unwrap();
    let client = connect(&stub).await;
    let reqs = dex(&stub);
    // The tenant's application is called "Test Web App".
    let plan = mgmt::plan_create(&client, &reqs, "Test Web App", &mgmt::quiet)
        .await
        .unwrap();
    assert_eq!(plan.existing.len(), 1, "{plan:?}");
    let journal = MemJournal::default();
    let e = mgmt::apply(&client, &plan, &Consent::all(), &journal, &mgmt::quiet)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("already has Test Web App"), "{e}");
    assert!(matches!(e.cleanup, Cleanup::NothingWritten));
    let none = mgmt::apply(
        &client,
        &plan,
        &Consent {
            existing_ok: true,
            ..Consent::default()
        },
        &journal,
        &mgmt::quiet,
    )
    .await
    .unwrap();
    assert!(!none.applied && none.undo_id.is_none());
    let part = Consent {
        existing_ok: true,
        ..Consent::only(["client.name"])
    };
    let e = mgmt::apply(&client, &plan, &part, &journal, &mgmt::quiet)
        .await
        .unwrap_err();
    assert!(matches!(e.error, MgmtError::Consent(_)), "{e}");
    assert!(stub.writes().is_empty(), "{:?}", stub.writes());
    assert!(journal.0.lock().unwrap().is_empty());

    let ok = Consent {
        existing_ok: true,
        ..Consent::all()
    };
    let applied = mgmt::apply(&client, &plan, &ok, &journal, &mgmt::quiet)
        .await
        .unwrap();
    assert!(applied.applied);
    assert_eq!(stub.writes().len(), 1);
}

#[tokio::test]
async fn undo_of_a_create_refuses_while_someone_changed_the_application() {
    let stub = MgmtStub::start(MgmtConfig::writer()).await.unwrap();
    let client = connect(&stub).await;
    let plan = mgmt::plan_create(&client, &dex(&stub), "guarded", &mgmt::quiet)
        .await
        .unwrap();
    let journal = MemJournal::default();
    let applied = mgmt::apply(&client, &plan, &Consent::all(), &journal, &mgmt::quiet)
        .await
        .unwrap();
    let id = applied.client_id.unwrap();
    stub.set_client_field(
        &id,
        "callbacks",
        json!(["https://someone.example.com/else"]),
    );
    let writes = stub.writes().len();
    let mut record = journal.last();
    let e = mgmt::undo(&client, &mut record, &journal, &mgmt::quiet)
        .await
        .unwrap_err();
    let MgmtError::Changed { drift } = &e else {
        panic!("{e}")
    };
    assert_eq!(drift.len(), 1);
    assert_eq!(
        (drift[0].field.as_str(), &drift[0].now),
        ("callbacks", &json!(["https://someone.example.com/else"]))
    );
    assert!(e.to_string().contains("callbacks of application"), "{e}");
    assert_eq!(stub.writes().len(), writes, "nothing written");
    assert!(stub.client(&id).is_some());

    stub.set_client_field(&id, "callbacks", json!([DEX_CALLBACK]));
    mgmt::undo(&client, &mut record, &journal, &mgmt::quiet)
        .await
        .unwrap();
    assert!(stub.client(&id).is_none());
}
