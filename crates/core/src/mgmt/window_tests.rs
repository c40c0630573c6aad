use super::*;
use crate::mgmt::session::{cancellable, Recording};
use crate::mgmt::{
    CreatedClient, EntryState, FieldWrite, MgmtError, NoJournal, PlanAction, Resource, UndoEntry,
    UndoJournal, UndoRecord, Write,
};
use crate::requirements::{requirements, RequirementsInput};
use crate::{Release, TargetId};
use serde_json::json;

fn settings(target: &str, url: &str) -> RawSettings {
    RawSettings {
        target: target.to_owned(),
        public_url: url.to_owned(),
        ..RawSettings::default()
    }
}

fn tenant() -> Domain {
    crate::checks::parse_domain("dev-abc123.us.auth0.com").unwrap()
}

fn field_of(e: MgmtError) -> String {
    match e {
        MgmtError::Input { field, .. } => field,
        other => panic!("not an input error: {other:?}"),
    }
}

#[test]
fn a_pasted_token_wins_and_client_credentials_need_both_halves() {
    let token = MgmtLogin {
        client_id: "m2m".into(),
        token: Some(Secret::new("eyJ.pasted")),
        ..MgmtLogin::default()
    };
    assert!(matches!(token.auth().unwrap(), MgmtAuth::Token(t) if t.expose() == "eyJ.pasted"));
    let nothing = MgmtLogin {
        token: Some(Secret::new("  ")),
        ..MgmtLogin::default()
    };
    assert_eq!(field_of(nothing.auth().unwrap_err()), "mgmtClientId");
    let no_secret = MgmtLogin {
        client_id: " m2m ".into(),
        ..MgmtLogin::default()
    };
    assert_eq!(field_of(no_secret.auth().unwrap_err()), "mgmtClientSecret");
    let both = MgmtLogin {
        client_secret: Some(Secret::new("s3cret")),
        ..no_secret
    };
    match both.auth().unwrap() {
        MgmtAuth::ClientCredentials {
            client_id,
            client_secret,
        } => assert_eq!(
            (client_id.as_str(), client_secret.expose()),
            ("m2m", "s3cret")
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_tenant_is_the_domain_typed_else_the_settings_domain() {
    let mut s = settings("pachyderm", "https://pachyderm.example.com");
    assert_eq!(
        field_of(MgmtLogin::default().domain(&s).unwrap_err()),
        "mgmtDomain"
    );
    s.domain = "dev-abc123.us.auth0.com".into();
    assert_eq!(
        MgmtLogin::default().domain(&s).unwrap().authority(),
        "dev-abc123.us.auth0.com"
    );
    let typed = MgmtLogin {
        domain: " 127.0.0.1:8443 ".into(),
        ..MgmtLogin::default()
    };
    assert_eq!(typed.domain(&s).unwrap().authority(), "127.0.0.1:8443");
    let bad = MgmtLogin {
        domain: "https://exa mple.com/x".into(),
        ..MgmtLogin::default()
    };
    assert_eq!(field_of(bad.domain(&s).unwrap_err()), "mgmtDomain");
}

#[test]
fn the_plan_is_made_from_the_register_steps_values_with_the_tenant() {
    let s = settings("pachyderm", "https://pachyderm.example.com");
    let reqs = plan_requirements(&s, &tenant()).unwrap();
    let callbacks = &reqs.application.callbacks;
    assert!(
        callbacks.contains(&"https://pachyderm.example.com/dex/callback".to_owned()),
        "{callbacks:?}"
    );
    // As the step's checklist shows them: the window's login test works with the app it creates.
    let login = reqs.login_test_callback.as_deref().unwrap();
    assert_eq!(login, "http://127.0.0.1:8400/callback");
    assert!(callbacks.iter().any(|c| c == login), "{callbacks:?}");
    assert!(
        reqs.dashboard_url.contains("dev-abc123"),
        "{}",
        reqs.dashboard_url
    );
    let bad = settings("pachyderm", "");
    assert_eq!(
        field_of(plan_requirements(&bad, &tenant()).unwrap_err()),
        "publicUrl"
    );
    assert_eq!(app_name(&s), "auth0-wizard pachyderm");
    assert_eq!(field_of(fix_client_id(&s).unwrap_err()), "clientId");
    let with_id = RawSettings {
        client_id: " abc ".into(),
        ..s
    };
    assert_eq!(fix_client_id(&with_id).unwrap(), "abc");
}

#[test]
fn the_hand_over_carries_the_new_credentials_and_the_m2m_extras() {
    let reqs = requirements(&RequirementsInput::new(
        TargetId::Pomerium,
        Release::Legacy,
        "https://authenticate.example.com",
    ));
    let created = |id: &str, step: &str| CreatedClient {
        client_id: id.into(),
        name: "n".into(),
        step: step.into(),
    };
    let applied = Applied {
        action: PlanAction::Create,
        client_id: Some("web-id".into()),
        changes: Vec::new(),
        applied: true,
        undo_id: Some("u1".into()),
        created: vec![created("web-id", "client"), created("m2m-id", "m2m-0")],
        secrets: vec![
            ("web-id".into(), Secret::new("web-secret")),
            ("m2m-id".into(), Secret::new("m2m-secret")),
        ],
    };
    let h = hand_over(&applied, &reqs, &tenant()).unwrap();
    assert_eq!(h.client_id, "web-id");
    assert_eq!(
        h.extras.get("serviceAccountClientId").map(String::as_str),
        Some("m2m-id")
    );
    let doc = serde_json::to_value(WindowApplied {
        applied: applied.clone(),
        hand_over: Some(h),
    })
    .unwrap();
    assert_eq!(doc["handOver"]["secrets"]["clientSecret"], "web-secret");
    assert_eq!(
        doc["handOver"]["secrets"]["extras.serviceAccountSecret"],
        "m2m-secret"
    );
    assert_eq!(doc["handOver"]["domain"], "dev-abc123.us.auth0.com");
    // Only the hand-over holds them: the applied part never does.
    assert!(!doc["applied"].to_string().contains("secret\""), "{doc}");
    assert!(!doc["applied"].to_string().contains("web-secret"));
    let fix = Applied {
        action: PlanAction::Fix,
        created: Vec::new(),
        secrets: Vec::new(),
        ..applied
    };
    assert!(hand_over(&fix, &reqs, &tenant()).is_none());
}

#[test]
fn a_failure_keeps_the_scopes_the_drift_and_what_a_failed_create_left() {
    let e = MgmtError::InsufficientScope {
        doing: "creating the application".into(),
        scopes: vec!["create:clients".into()],
        fix: "Add scope create:clients to application m2m, here: ...".into(),
    };
    let f = MgmtFailure::from(&e);
    assert_eq!(f.code, "mgmt.insufficient_scope");
    assert_eq!(f.scopes, ["create:clients"]);
    assert!(f
        .fix
        .starts_with("Add scope create:clients to application m2m"));
    let drift = crate::mgmt::Drift {
        resource: Resource::Client,
        id: "web-id".into(),
        field: "callbacks".into(),
        written: json!(["a"]),
        now: json!(["b"]),
        gone: false,
    };
    let f = MgmtFailure::from(MgmtError::Changed {
        drift: vec![drift.clone()],
    });
    assert_eq!(f.drift, [drift]);
    let left = ApplyError {
        error: MgmtError::ActionBuildFailed {
            name: "x".into(),
            status: "failed".into(),
        },
        cleanup: Cleanup::Left {
            left: vec!["the application".into()],
            undo_id: "u9".into(),
        },
    };
    let f = MgmtFailure::from(left);
    assert_eq!(f.undo_id.as_deref(), Some("u9"));
    assert!(f.message.contains("Left in the tenant"), "{}", f.message);
    let input = MgmtFailure::from(MgmtError::Input {
        field: "mgmtDomain".into(),
        message: "m".into(),
        fix: "f".into(),
    });
    assert_eq!(
        (input.field.as_deref(), input.fix.as_str()),
        (Some("mgmtDomain"), "f")
    );
}

#[test]
fn a_recording_journal_names_the_record_only_once_something_may_be_written() {
    let r = Recording::new(&NoJournal);
    assert_eq!(r.written(), None);
    let mut record = UndoRecord {
        id: "20260101T000000Z-abcdef".into(),
        created_at: String::new(),
        domain: "d".into(),
        action: PlanAction::Fix,
        client_id: Some("c".into()),
        name: "n".into(),
        entries: Vec::new(),
        undone_at: None,
        profile: None,
    };
    r.save(&record).unwrap();
    assert_eq!(r.written(), None);
    record.entries.push(UndoEntry {
        state: EntryState::Planned,
        write: Write::ClientPatched {
            client_id: "c".into(),
            fields: vec![FieldWrite {
                field: "callbacks".into(),
                before: json!([]),
                written: json!(["x"]),
            }],
        },
    });
    r.save(&record).unwrap();
    assert_eq!(r.written().as_deref(), Some("20260101T000000Z-abcdef"));
}

#[tokio::test]
async fn cancelling_stops_the_wait_and_says_nothing_was_changed() {
    let cancel = crate::checks::Cancel::new();
    cancel.cancel();
    let never = std::future::pending::<Result<(), MgmtError>>();
    let e = cancellable(&cancel, never).await.unwrap_err();
    assert_eq!(e.code(), "mgmt.cancelled");
    assert_eq!(e.to_string(), "cancelled: nothing was changed");
    let fine = cancellable(&crate::checks::Cancel::new(), async { Ok(7) }).await;
    assert_eq!(fine.unwrap(), 7);
}
