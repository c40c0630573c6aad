//! Every requirement derivation, for every target: what the wizard tells the
//! administrator to set in the Auth0 dashboard.

use auth0_wizard_core::requirements::{
    action_code, dashboard_url, input_from_raw, AppType, ChecklistItem, DomainUse, M2mRequirement,
    RequirementsInput, DEFAULT_LOGIN_PORT,
};
use auth0_wizard_core::{
    build, requirements, Domain, OmClientType, RawSettings, Release, Requirements, Secret,
    TargetId, TargetOptions,
};

fn domain(host: &str) -> Domain {
    Domain {
        host: host.to_owned(),
        port: None,
    }
}

fn input(target: TargetId, release: Release, base: &str) -> RequirementsInput {
    RequirementsInput {
        domain: Some(domain("dev-abc123.us.auth0.com")),
        ..RequirementsInput::new(target, release, base)
    }
}

fn req(target: TargetId, base: &str) -> Requirements {
    requirements(&input(target, Release::Current, base))
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

/// The checklist item `id` of `r`, which must be there.
fn item<'a>(r: &'a Requirements, id: &str) -> &'a ChecklistItem {
    r.checklist
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no {id} in the checklist: {:#?}", r.checklist))
}

fn code_flow() -> Vec<String> {
    strings(&["authorization_code", "refresh_token"])
}

/// The settings every target's login application shares.
fn assert_common(r: &Requirements) {
    assert_eq!(r.application.jwt_alg, "RS256", "{:?}", r.target);
    assert!(r.application.oidc_conformant);
    assert_eq!(
        r.dashboard_url,
        "https://manage.auth0.com/dashboard/us/dev-abc123/applications"
    );
    assert_eq!(r.application.app_type_label, r.application.app_type.label());
    assert!(r.action.is_none());
    assert!(r.login_test_callback.is_none());
}

/// What one target's current release asks of its login application.
struct Login {
    target: TargetId,
    base: &'static str,
    callbacks: &'static [&'static str],
    logout_urls: &'static [&'static str],
    /// None where the target has no login page to start from.
    login_uri: Option<&'static str>,
    /// Words some note must hold.
    notes: &'static [&'static str],
}

#[test]
fn the_login_application_of_every_target() {
    let cases = [
        Login {
            target: TargetId::Pachyderm,
            base: "https://pachyderm.example.com",
            callbacks: &["https://pachyderm.example.com/dex/callback"],
            logout_urls: &[],
            login_uri: Some("https://pachyderm.example.com"),
            notes: &[],
        },
        Login {
            target: TargetId::Pachyderm1x,
            base: "https://pachd.example.com:30657",
            callbacks: &["https://pachd.example.com:30657/authorization-code/callback"],
            logout_urls: &[],
            login_uri: None,
            notes: &["Implicit"],
        },
        Login {
            target: TargetId::Pomerium,
            base: "https://authenticate.example.com",
            callbacks: &["https://authenticate.example.com/oauth2/callback"],
            logout_urls: &["https://authenticate.example.com/.pomerium/signed_out"],
            login_uri: Some("https://authenticate.example.com"),
            notes: &["Native"],
        },
        Login {
            target: TargetId::Openmetadata,
            base: "https://openmetadata.example.com",
            callbacks: &["https://openmetadata.example.com/callback"],
            logout_urls: &["https://openmetadata.example.com"],
            login_uri: Some("https://openmetadata.example.com"),
            notes: &["ingestion-bot", "Test configuration"],
        },
        Login {
            target: TargetId::Dex,
            base: "https://dex.example.com/dex",
            callbacks: &["https://dex.example.com/dex/callback"],
            logout_urls: &[],
            login_uri: None,
            notes: &[],
        },
    ];
    assert_eq!(cases.len(), TargetId::ALL.len(), "a case for every target");
    for c in cases {
        // A trailing slash on the base never doubles.
        for base in [c.base.to_owned(), format!("{}/", c.base)] {
            assert_login(&c, &req(c.target, &base), &format!("{} {base}", c.target));
        }
    }
}

fn assert_login(c: &Login, r: &Requirements, what: &str) {
    assert_common(r);
    let a = &r.application;
    assert_eq!(a.app_type, AppType::RegularWeb, "{what}");
    assert_eq!(a.callbacks, c.callbacks, "{what}");
    assert_eq!(a.logout_urls, c.logout_urls, "{what}");
    assert!(a.web_origins.is_empty(), "{what}: {:?}", a.web_origins);
    assert_eq!(a.login_uri.as_deref(), c.login_uri, "{what}");
    assert_eq!(a.grant_types, code_flow(), "{what}");
    assert_eq!(a.token_endpoint_auth_method, "client_secret_post", "{what}");
    assert!(
        r.m2m.is_empty(),
        "{what}: the current release needs no M2M application (Pomerium 0.20+ has no \
         directory sync, OpenMetadata 1.3+ ingestion uses the bot JWT)"
    );
    for word in c.notes {
        assert!(
            r.notes.iter().any(|n| n.contains(word)),
            "{what}: no note on {word}: {:?}",
            r.notes
        );
    }
}

/// The one M2M application a legacy release adds: the Management API of the tenant.
fn assert_management_m2m(r: &Requirements) -> &M2mRequirement {
    assert_eq!(r.m2m.len(), 1, "{:?}", r.target);
    let m = &r.m2m[0];
    assert_eq!(m.audience, "https://dev-abc123.us.auth0.com/api/v2/");
    assert_eq!(m.grant_types, ["client_credentials"]);
    m
}

#[test]
fn legacy_pomerium_adds_directory_sync() {
    let base = "https://authenticate.example.com";
    let current = req(TargetId::Pomerium, base);
    let legacy = requirements(&input(TargetId::Pomerium, Release::Legacy, base));
    assert_eq!(legacy.application, current.application);
    let m = assert_management_m2m(&legacy);
    assert_eq!(m.scopes, ["read:roles", "read:role_members", "read:users"]);
    assert_eq!(m.api, "Auth0 Management API");
    assert_eq!(
        item(&legacy, "m2m_0").value,
        "https://dev-abc123.us.auth0.com/api/v2/ read:roles read:role_members read:users"
    );
}

#[test]
fn openmetadata_public_client_and_legacy_ingestion() {
    let base = "https://openmetadata.example.com";
    let mut public = input(TargetId::Openmetadata, Release::Current, base);
    let TargetOptions::Openmetadata(o) = &mut public.options else {
        panic!("OpenMetadata's options")
    };
    o.client_type = OmClientType::Public;
    let public = requirements(&public);
    let a = &public.application;
    assert_eq!(a.app_type, AppType::Spa);
    assert_eq!(a.app_type_label, "Single Page Application");
    assert_eq!(a.callbacks, ["https://openmetadata.example.com/callback"]);
    assert_eq!(a.web_origins, [base]);
    assert_eq!(
        a.grant_types,
        ["authorization_code", "implicit", "refresh_token"]
    );
    assert_eq!(a.token_endpoint_auth_method, "none");
    assert!(public
        .checklist
        .iter()
        .any(|i| i.id == "web_origins" && i.value == base));
    assert!(!public
        .notes
        .iter()
        .any(|n| n.contains("Test configuration")));

    let legacy = requirements(&input(TargetId::Openmetadata, Release::Legacy, base));
    let m = assert_management_m2m(&legacy);
    assert!(m.purpose.contains("Ingestion"));
    assert!(!legacy.notes.iter().any(|n| n.contains("ingestion-bot")));
}

#[test]
fn login_uri_is_https_only() {
    for t in [
        TargetId::Pachyderm,
        TargetId::Pomerium,
        TargetId::Openmetadata,
    ] {
        let r = req(t, "http://127.0.0.1:8080");
        assert_eq!(r.application.login_uri, None, "{t}");
        assert!(
            r.notes
                .iter()
                .any(|n| n.contains("Application Login URI empty")),
            "{t}: {:?}",
            r.notes
        );
        let login_uri = item(&r, "login_uri");
        assert_eq!(login_uri.value, "", "{t}");
        assert_eq!(login_uri.note, "Leave it empty.", "{t}");

        let r = req(t, "https://app.example.com");
        assert_eq!(
            r.application.login_uri.as_deref(),
            Some("https://app.example.com"),
            "{t}"
        );
        assert!(!r
            .notes
            .iter()
            .any(|n| n.contains("Application Login URI empty")));
    }
}

#[test]
fn login_test_callback_is_added_for_every_target() {
    for t in TargetId::ALL {
        let r = requirements(&RequirementsInput {
            login_test_port: Some(DEFAULT_LOGIN_PORT),
            ..input(t, Release::Current, "https://app.example.com")
        });
        let cb = "http://127.0.0.1:8400/callback";
        assert_eq!(r.login_test_callback.as_deref(), Some(cb), "{t}");
        assert_eq!(r.application.callbacks.len(), 2, "{t}");
        assert_eq!(
            r.application.callbacks[1], cb,
            "{t}: the target's own callback comes first"
        );
        let callbacks = item(&r, "callbacks");
        assert!(
            callbacks.value.ends_with(&format!(", {cb}")),
            "{}",
            callbacks.value
        );
        assert!(callbacks.note.contains("127.0.0.1"), "{t}");
    }
    let r = requirements(&RequirementsInput {
        login_test_port: Some(51234),
        ..input(
            TargetId::Dex,
            Release::Current,
            "https://dex.example.com/dex",
        )
    });
    assert_eq!(
        r.login_test_callback.as_deref(),
        Some("http://127.0.0.1:51234/callback")
    );
}

#[test]
fn action_is_derived_from_the_groups_claim() {
    let claim = "https://example.com/groups";
    let r = requirements(&RequirementsInput {
        groups_claim: Some(claim.to_owned()),
        ..input(
            TargetId::Pachyderm,
            Release::Current,
            "https://pachyderm.example.com",
        )
    });
    let action = r.action.as_ref().expect("an action when a claim is given");
    assert_eq!(action.claim, claim);
    assert!(!action.name.is_empty());
    assert_eq!(action.code, action_code(claim));
    for needle in [
        "exports.onExecutePostLogin",
        "event.authorization.roles",
        "api.idToken.setCustomClaim(claim",
        r#"const claim = "https://example.com/groups";"#,
    ] {
        assert!(action.code.contains(needle), "{needle}\n{}", action.code);
    }
    assert_eq!(item(&r, "action").value, action.code);
}

/// The claim's literal in the Action code, decoded as a JSON string.
fn claim_literal(code: &str) -> String {
    let start = code.find("const claim = ").expect("claim line") + "const claim = ".len();
    let end = start + code[start..].find(";\n").expect("end of the claim line");
    serde_json::from_str(&code[start..end]).expect("the literal is a JSON string")
}

const NASTY_CLAIMS: &[&str] = &[
    r#"https://example.com/"groups""#,
    "https://example.com/it's",
    r"https://example.com/back\slash",
    "https://example.com/a\nb\u{2028}c",
    "https://example.com/\";process.exit(1);//",
    "https://example.com/${roles}`",
];

#[test]
fn the_claim_round_trips_as_a_string_literal() {
    for claim in NASTY_CLAIMS {
        let code = action_code(claim);
        assert_eq!(claim_literal(&code), *claim, "{code}");
        // nothing after the literal but the statement end: the claim cannot add code
        assert_eq!(
            code.lines().count(),
            action_code("x").lines().count(),
            "{code}"
        );
    }
}

/// Run the Action in Node with a stand-in `api` and return the claim names it set.
#[test]
fn the_action_runs_in_node_and_sets_exactly_the_claim() {
    for claim in NASTY_CLAIMS.iter().chain(&["https://example.com/groups"]) {
        let code = action_code(claim);
        let harness = format!(
            "{code}\nconst set = [];\nconst api = {{ idToken: {{ setCustomClaim: (k, v) => set.push(['id', k, v]) }}, accessToken: {{ setCustomClaim: (k, v) => set.push(['access', k, v]) }} }};\n\
             exports.onExecutePostLogin({{ authorization: {{ roles: ['admin', 'dev'] }} }}, api).then(() => process.stdout.write(JSON.stringify(set)));\n"
        );
        let out = std::process::Command::new("node")
            .args(["-e", &harness])
            .output()
            .expect("node is needed for this test (scripts/bootstrap.sh installs it)");
        assert!(
            out.status.success(),
            "{claim:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let set: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let roles = serde_json::json!(["admin", "dev"]);
        assert_eq!(
            set,
            serde_json::json!([["id", claim, roles], ["access", claim, roles]]),
            "{claim:?}"
        );
    }
}

#[test]
fn dashboard_url_for_tenant_and_custom_domains() {
    let cases = [
        (
            Some("dev-abc.us.auth0.com"),
            "https://manage.auth0.com/dashboard/us/dev-abc/applications",
        ),
        (
            Some("dev-abc.eu.auth0.com"),
            "https://manage.auth0.com/dashboard/eu/dev-abc/applications",
        ),
        (
            Some("dev-abc.auth0.com"),
            "https://manage.auth0.com/dashboard/us/dev-abc/applications",
        ),
        (Some("login.example.com"), "https://manage.auth0.com/"),
        (Some("a.b.c.auth0.com"), "https://manage.auth0.com/"),
        (None, "https://manage.auth0.com/"),
    ];
    for (host, url) in cases {
        assert_eq!(dashboard_url(host.map(domain).as_ref()), url, "{host:?}");
    }
}

#[test]
fn without_a_domain_the_management_audience_is_a_placeholder() {
    let r = requirements(&RequirementsInput {
        domain: None,
        ..input(
            TargetId::Pomerium,
            Release::Legacy,
            "https://authenticate.example.com",
        )
    });
    assert_eq!(r.m2m[0].audience, "https://YOUR_TENANT.auth0.com/api/v2/");
    assert_eq!(r.dashboard_url, "https://manage.auth0.com/");
}

#[test]
fn a_custom_domain_with_a_port_keeps_it_in_the_audience() {
    let r = requirements(&RequirementsInput {
        domain: Some(Domain {
            host: "127.0.0.1".into(),
            port: Some(8443),
        }),
        ..input(
            TargetId::Openmetadata,
            Release::Legacy,
            "https://om.example.com",
        )
    });
    assert_eq!(r.m2m[0].audience, "https://127.0.0.1:8443/api/v2/");
}

#[test]
fn checklist_covers_every_setting_in_order() {
    let r = requirements(&RequirementsInput {
        groups_claim: Some("https://example.com/groups".into()),
        ..input(
            TargetId::Pomerium,
            Release::Legacy,
            "https://authenticate.example.com",
        )
    });
    let ids: Vec<_> = r.checklist.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "app_type",
            "callbacks",
            "logout_urls",
            "login_uri",
            "auth_method",
            "grant_types",
            "jwt_alg",
            "m2m_0",
            "action"
        ]
    );
    for i in &r.checklist {
        assert!(!i.location.is_empty() && !i.setting.is_empty(), "{i:?}");
    }
    for (id, value) in [
        ("app_type", "Regular Web Application"),
        ("grant_types", "authorization_code, refresh_token"),
        ("auth_method", "client_secret_post"),
        ("jwt_alg", "RS256"),
    ] {
        assert_eq!(item(&r, id).value, value, "{id}");
    }
}

#[test]
fn from_config_matches_the_validated_settings() {
    let raw = RawSettings {
        target: "openmetadata".into(),
        domain: "https://dev-abc123.eu.auth0.com/".into(),
        client_id: "AbCdEfGhIjKlMnOpQrStUvWxYz012345".into(),
        client_secret: Some(Secret::new("0123456789012345678901234567890123456789")),
        public_url: "https://openmetadata.example.com/".into(),
        groups_claim: "https://example.com/roles".into(),
        extras: [("clientType".to_owned(), "public".to_owned())].into(),
        version: "<=1.2".into(),
        ..RawSettings::default()
    };
    let cfg = build(&raw).unwrap();
    let input = RequirementsInput::from_config(&cfg, Some(9000));
    assert_eq!(input.public_base, "https://openmetadata.example.com");
    assert!(matches!(
        &input.options,
        TargetOptions::Openmetadata(o) if o.client_type == OmClientType::Public
    ));
    assert_eq!(input.release, Release::Legacy);
    assert_eq!(
        input.groups_claim.as_deref(),
        Some("https://example.com/roles")
    );
    let r = requirements(&input);
    assert_eq!(r.application.app_type, AppType::Spa);
    assert_eq!(
        r.application.callbacks,
        [
            "https://openmetadata.example.com/callback",
            "http://127.0.0.1:9000/callback"
        ]
    );
    assert_eq!(
        r.dashboard_url,
        "https://manage.auth0.com/dashboard/eu/dev-abc123/applications"
    );
    assert_eq!(r.m2m[0].audience, "https://dev-abc123.eu.auth0.com/api/v2/");
    assert!(r.action.is_some());
}

#[test]
fn requirements_serialize_for_the_ui_and_the_cli() {
    let r = req(TargetId::Pachyderm, "https://pachyderm.example.com");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["target"], "pachyderm");
    assert_eq!(json["application"]["app_type"], "regular_web");
    assert_eq!(
        json["application"]["callbacks"][0],
        "https://pachyderm.example.com/dex/callback"
    );
    assert!(json["checklist"].as_array().is_some_and(|c| !c.is_empty()));
}

fn raw_for_requirements(domain: &str) -> RawSettings {
    RawSettings {
        target: "pachyderm".to_owned(),
        public_url: "https://pachyderm.example.com/".to_owned(),
        domain: domain.to_owned(),
        // Requirements need no credentials: these stay empty.
        ..RawSettings::default()
    }
}

#[test]
fn input_from_raw_needs_no_credentials_and_normalizes_like_the_exports() {
    let (input, report) =
        input_from_raw(&raw_for_requirements(""), Some(9000), DomainUse::Strict).unwrap();
    assert!(report.issues.is_empty(), "{:?}", report.issues);
    assert_eq!(input.public_base, "https://pachyderm.example.com");
    assert_eq!(input.domain, None);
    assert_eq!(input.login_test_port, Some(9000));
    let r = requirements(&input);
    assert_eq!(
        r.application.callbacks,
        [
            "https://pachyderm.example.com/dex/callback",
            "http://127.0.0.1:9000/callback"
        ]
    );
}

#[test]
fn input_from_raw_treats_a_bad_domain_by_domain_use() {
    let raw = raw_for_requirements("https://dev-abc123.us.auth0.com/some/path");
    // Strict (the CLI): a typed domain must be valid.
    let err = input_from_raw(&raw, None, DomainUse::Strict).unwrap_err();
    assert!(err.for_field("domain").next().is_some(), "{:?}", err.issues);
    // IfValid (the wizard, while the user types): the domain is left out.
    let (input, report) = input_from_raw(&raw, None, DomainUse::IfValid).unwrap();
    assert_eq!(input.domain, None);
    assert!(report.for_field("domain").next().is_none());
    // A valid domain is used either way.
    let raw = raw_for_requirements("dev-abc123.us.auth0.com");
    for use_ in [DomainUse::Strict, DomainUse::IfValid] {
        let (input, _) = input_from_raw(&raw, None, use_).unwrap();
        assert_eq!(input.domain, Some(domain("dev-abc123.us.auth0.com")));
    }
}

#[test]
fn input_from_raw_reports_only_the_fields_it_reads() {
    let mut raw = raw_for_requirements("");
    raw.public_url = "pachyderm.example.com".to_owned(); // not absolute
    raw.client_id = " ".to_owned(); // not read: no issue about it
    let err = input_from_raw(&raw, None, DomainUse::Strict).unwrap_err();
    assert!(
        err.for_field("publicUrl").next().is_some(),
        "{:?}",
        err.issues
    );
    assert!(err.issues.iter().all(|i| i.field != "clientId"));
}
