//! The commands through real IPC on Tauri's mock runtime: argument names,
//! `{code, message}` errors, and what the commands write.

use auth0_wizard_app::{with_commands, AppState, Env};
use auth0_wizard_store::Keyring;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;

struct App {
    _app: tauri::App<tauri::test::MockRuntime>,
    window: tauri::WebviewWindow<tauri::test::MockRuntime>,
    _dir: tempfile::TempDir,
    profiles: PathBuf,
}

fn app(env: Env) -> App {
    let dir = tempfile::tempdir().unwrap();
    let profiles = dir.path().join("profiles");
    let state = AppState::with_secrets(
        profiles.clone(),
        env,
        Box::new(Keyring::with_builder(
            keyring::mock::default_credential_builder(),
        )),
    );
    let app = with_commands(mock_builder())
        .manage(state)
        .build(mock_context(noop_assets()))
        .unwrap();
    // Tauri creates the webview's data folder, by default in ~/.local/share.
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .data_directory(dir.path().join("webview"))
        .build()
        .unwrap();
    App {
        _app: app,
        window,
        _dir: dir,
        profiles,
    }
}

impl App {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        invoke(&self.window, cmd, args)
    }
}

/// `cmd` with `args` through IPC on `window` (from any thread).
fn invoke(
    window: &tauri::WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

fn pomerium() -> Value {
    json!({
        "target": "pomerium",
        "domain": "dev-abc.us.auth0.com",
        "clientId": "abcdefghijklmnopqrstuvwxyz012345",
        "clientSecret": "THE-CLIENT-SECRET-abcdefghijklmnopqrstuvwxyz0123456789",
        "publicUrl": "https://authenticate.example.com",
    })
}

fn contents(files: &Value) -> Vec<String> {
    files
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["content"].as_str().unwrap().to_owned())
        .collect()
}

/// `cookie_secret: <value>` as written in Pomerium's config.yaml export.
fn cookie_secret(files: &Value) -> String {
    let yaml = &contents(files)[0];
    yaml.lines()
        .find_map(|l| l.trim().strip_prefix("cookie_secret:"))
        .unwrap_or_else(|| panic!("no cookie_secret in {yaml}"))
        .trim()
        .to_owned()
}

#[test]
fn export_renders_every_format_with_one_set_of_generated_secrets() {
    let a = app(Env::default());
    let first = a
        .call(
            "export",
            json!({ "settings": pomerium(), "handoff": false }),
        )
        .unwrap();
    let formats: Vec<&str> = first
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["format"].as_str().unwrap())
        .collect();
    assert_eq!(formats, ["config-yaml", "env"]);
    assert_eq!(first[0]["fileName"], "config.yaml");
    let secret = cookie_secret(&first);
    assert!(secret.len() >= 40, "{secret}");
    // The same generated secret in the other format and in a second rendering.
    assert!(contents(&first)[1].contains(&secret));
    let again = a
        .call(
            "export",
            json!({ "settings": pomerium(), "handoff": false }),
        )
        .unwrap();
    assert_eq!(cookie_secret(&again), secret);
    assert!(contents(&again)[0].contains("THE-CLIENT-SECRET"));
    // Handoff: no secret at all.
    let handoff = a
        .call("export", json!({ "settings": pomerium(), "handoff": true }))
        .unwrap();
    for c in contents(&handoff) {
        assert!(!c.contains("THE-CLIENT-SECRET"), "{c}");
        assert!(!c.contains(&secret), "{c}");
    }
}

#[test]
fn invalid_settings_are_an_error_payload() {
    let a = app(Env::default());
    let mut s = pomerium();
    s["domain"] = json!("https://x.auth0.com/foo");
    let e = a
        .call("export", json!({ "settings": s, "handoff": false }))
        .unwrap_err();
    assert_eq!(e["code"], "invalid_settings");
    assert!(e["message"].as_str().unwrap().contains("/foo"), "{e}");
    // Field by field, as validate reports them, for the window to show at each field.
    let at_domain: Vec<&str> = e["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["field"] == "domain")
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(at_domain, ["domain.scheme", "domain.path"], "{e}");
    let report = a.call("validate", json!({ "settings": s })).unwrap();
    let codes: Vec<&str> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"domain.path"), "{codes:?}");
}

#[test]
fn requirements_need_only_the_target_fields() {
    let a = app(Env::default());
    let s = json!({ "target": "pachyderm", "publicUrl": "https://pachyderm.example.com", "domain": "half-typed/" });
    let r = a.call("requirements", json!({ "settings": s })).unwrap();
    let callbacks: Vec<&str> = r["application"]["callbacks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(
        callbacks,
        [
            "https://pachyderm.example.com/dex/callback",
            "http://127.0.0.1:8400/callback"
        ]
    );
    assert_eq!(r["dashboard_url"], "https://manage.auth0.com/");
    let s = json!({ "target": "pachyderm", "publicUrl": "https://pachyderm.example.com", "domain": "dev-x.eu.auth0.com" });
    let r = a.call("requirements", json!({ "settings": s })).unwrap();
    assert_eq!(
        r["dashboard_url"],
        "https://manage.auth0.com/dashboard/eu/dev-x/applications"
    );
    let e = a
        .call(
            "requirements",
            json!({ "settings": { "target": "pachyderm", "publicUrl": "nope" } }),
        )
        .unwrap_err();
    assert_eq!(e["code"], "invalid_settings");
}

#[test]
fn save_export_writes_the_e2e_path_with_mode_0600() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.yaml");
    let a = app(Env {
        e2e_save_path: Some(target.clone()),
        ..Env::default()
    });
    let saved = a
        .call(
            "save_export",
            json!({ "fileName": "config.yaml", "syntax": "yaml", "contents": "a: 1\n" }),
        )
        .unwrap();
    assert_eq!(saved, json!(target.display().to_string()));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "a: 1\n");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let a = app(Env {
        e2e_save_path: Some(dir.path().join("missing/dir/out.yaml")),
        ..Env::default()
    });
    let e = a
        .call(
            "save_export",
            json!({ "fileName": "x", "syntax": "yaml", "contents": "x" }),
        )
        .unwrap_err();
    assert_eq!(e["code"], "save_failed");
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[test]
fn profiles_round_trip_and_keep_secrets_out_of_files() {
    let a = app(Env::default());
    assert_eq!(a.call("profile_list", json!({})).unwrap(), json!([]));
    let input = json!({
        "name": "prod",
        "remember": true,
        "settings": { "target": "pomerium", "domain": "dev-abc.us.auth0.com", "publicUrl": "https://a.example.com" },
        "secrets": { "clientSecret": "KEYRING-ONLY-SECRET-VALUE" },
    });
    a.call("profile_save", json!({ "input": input })).unwrap();
    assert_eq!(a.call("profile_list", json!({})).unwrap(), json!(["prod"]));
    for f in files_under(&a.profiles) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("KEYRING-ONLY"),
            "{}",
            f.display()
        );
    }
    let loaded = a.call("profile_load", json!({ "name": "prod" })).unwrap();
    assert_eq!(loaded["settings"]["domain"], "dev-abc.us.auth0.com");
    assert_eq!(
        loaded["secrets"]["clientSecret"],
        "KEYRING-ONLY-SECRET-VALUE"
    );
    assert_eq!(loaded["remember"], true);
    a.call("profile_delete", json!({ "name": "prod" })).unwrap();
    assert_eq!(a.call("profile_list", json!({})).unwrap(), json!([]));
    let e = a
        .call("profile_load", json!({ "name": "prod" }))
        .unwrap_err();
    assert_eq!(e["code"], "profile.not_found");
    let e = a
        .call(
            "profile_save",
            json!({ "input": { "name": "../x", "settings": {} } }),
        )
        .unwrap_err();
    assert_eq!(e["code"], "profile.invalid_name");
}

#[test]
fn open_dashboard_refuses_anything_but_the_auth0_dashboard() {
    let a = app(Env::default());
    for url in [
        "http://manage.auth0.com/",
        "https://manage.auth0.com.evil.example/",
        "https://evil@manage.auth0.com/",
        "https://manage.auth0.com:8443/",
        "file:///etc/passwd",
        "javascript:alert(1)",
    ] {
        let e = a.call("open_dashboard", json!({ "url": url })).unwrap_err();
        assert_eq!(e["code"], "url_refused", "{url}");
    }
    assert!(auth0_wizard_app::platform::dashboard_url(
        "https://manage.auth0.com/dashboard/us/t/applications"
    )
    .is_ok());
}

#[test]
fn checks_with_invalid_settings_fail_before_any_request() {
    let a = app(Env::default());
    // The channel argument is the `__CHANNEL__:<id>` string the front end sends.
    let e = a
        .call(
            "run_checks",
            json!({ "settings": { "target": "dex" }, "audit": null, "onResult": "__CHANNEL__:7" }),
        )
        .unwrap_err();
    assert_eq!(e["code"], "invalid_settings");
    let e = a
        .call("login_test", json!({ "settings": { "target": "dex" } }))
        .unwrap_err();
    assert_eq!(e["code"], "invalid_settings");
    a.call("cancel_checks", json!({})).unwrap();
    a.call("cancel_login", json!({})).unwrap();
}

/// The Management API commands: an error at its field before any request, no
/// apply without a plan in this window, cancel.
#[test]
fn mgmt_commands_refuse_before_any_request() {
    let a = app(Env::default());
    let settings = json!({ "target": "pachyderm", "publicUrl": "https://p.example.com" });
    let request = json!({ "settings": settings, "login": { "domain": "" }, "kind": "create" });
    let channel = "__CHANNEL__:7";
    let e = a
        .call(
            "mgmt_plan",
            json!({ "request": request, "onProgress": channel }),
        )
        .unwrap_err();
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("mgmt.input"), Some("mgmtDomain"))
    );
    assert!(e["fix"].as_str().unwrap().contains("auth0.com"), "{e}");
    let consent = json!({ "all": true });
    let e = a
        .call(
            "mgmt_apply",
            json!({ "consent": consent, "onProgress": channel }),
        )
        .unwrap_err();
    assert_eq!(e["code"], "mgmt.no_session");
    a.call("mgmt_cancel", json!({})).unwrap();
}

/// The first step's data reaches the page as a script that defines exactly the
/// catalog and the saved profiles, JSON-encoded whatever the names hold.
#[test]
fn boot_script_hands_over_catalog_and_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = dir.path().join("profiles");
    std::fs::create_dir_all(&profiles).unwrap();
    std::fs::write(profiles.join("prod.json"), "{}").unwrap();
    std::fs::write(profiles.join("notes.txt"), "not a profile").unwrap();
    let state = AppState::with_secrets(
        profiles,
        Env::default(),
        Box::new(Keyring::with_builder(
            keyring::mock::default_credential_builder(),
        )),
    );
    let boot = auth0_wizard_app::platform::boot(&state);
    assert_eq!(boot.profiles.as_deref(), Some(&["prod".to_owned()][..]));
    let script = auth0_wizard_app::platform::boot_script(&boot);
    let json = script
        .split_once("Object.freeze(")
        .and_then(|(_, rest)| rest.rsplit_once("), configurable"))
        .map(|(json, _)| json)
        .expect("the script wraps one JSON value");
    let value: Value = serde_json::from_str(json).unwrap();
    assert_eq!(value["profiles"], json!(["prod"]));
    let ids: Vec<&str> = value["catalog"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = auth0_wizard_core::catalog()
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(ids, expected);
}

/// Every `#[tauri::command]` is an adapter of at most five lines: anything
/// longer is logic, which belongs in the core (or in `platform`).
#[test]
fn every_command_body_is_at_most_five_lines() {
    let src = [
        include_str!("../../src/commands.rs"),
        include_str!("../../src/commands/doctor.rs"),
    ]
    .join("\n");
    let mgmt = include_str!("../../src/mgmt.rs");
    assert!(mgmt.matches("#[tauri::command]").count() >= 4);
    let mut long = Vec::new();
    let all = format!("{src}\n{mgmt}");
    let mut rest = all.as_str();
    while let Some(i) = rest.find("#[tauri::command]") {
        rest = &rest[i + 1..];
        let open = rest.find(") ->").or_else(|| rest.find(") {")).unwrap();
        let body_start = open + rest[open..].find("{\n").unwrap() + 2;
        let body_end = body_start + rest[body_start..].find("\n}\n").unwrap();
        let body = &rest[body_start..body_end];
        let name = rest[..open].split("fn ").nth(1).unwrap_or("?");
        let name = name.split(['<', '(']).next().unwrap_or("?");
        let lines = body.lines().filter(|l| !l.trim().is_empty()).count();
        if lines > 5 {
            long.push(format!("{name}: {lines} lines"));
        }
    }
    assert!(src.matches("#[tauri::command]").count() >= 20);
    assert!(long.is_empty(), "commands longer than 5 lines: {long:?}");
}

/// A broken Pachyderm values file through the troubleshooting commands: the
/// findings, a pasted error, the corrected file (no secret shown), saving it
/// and the report (no secret), and the errors that name the file.
#[test]
fn troubleshooting_opens_fixes_and_reports_without_secrets() {
    const SECRET: &str = "GoldenClientSecret-0123456789";
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../crates/core/tests/doctor/pachyderm/c2-issuer-no-slash.yaml");
    let out = dir.path().join("saved.yaml");
    let a = app(Env {
        e2e_open_path: Some(fixture.clone()),
        e2e_save_path: Some(out.clone()),
        ..Env::default()
    });
    let e = a
        .call("doctor_corrected", json!({ "settings": pomerium() }))
        .unwrap_err();
    assert_eq!(e["code"], "no_file");

    let v = a.call("doctor_open_file", json!({})).unwrap();
    assert_eq!(v["file"], json!(fixture.display().to_string()));
    assert_eq!(v["detected"]["target"], "pachyderm");
    let f = &v["findings"][0];
    assert_eq!(f["code"], "pachyderm.issuer.no_trailing_slash");
    assert_eq!(f["location"]["line"], 8);
    assert_eq!(
        v["settings"]["clientId"],
        "Xk3tV9qLmN2pR7sW4yZ8aB1cD5eF6gH0"
    );

    let v = a
        .call(
            "doctor_symptom",
            json!({ "text": "issuer did not match the issuer returned by provider" }),
        )
        .unwrap();
    assert_eq!(v["symptoms"][0]["known"], true);

    let settings = json!({ "settings": v["settings"] });
    let c = a.call("doctor_corrected", settings.clone()).unwrap();
    assert!(c["diff"]
        .as_str()
        .unwrap()
        .contains("+      issuer: https://dev-abc123.us.auth0.com/"));
    assert!(!c.to_string().contains(SECRET));

    let saved = a.call("doctor_save_corrected", settings).unwrap();
    assert_eq!(saved, json!(out.display().to_string()));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("auth0.com/\n") && text.contains(SECRET));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let mut settings = pomerium();
    settings["clientSecret"] = json!("Typed-Secret-In-The-Window-42");
    let saved = a
        .call(
            "doctor_save_report",
            json!({ "format": "markdown", "checks": [], "settings": settings }),
        )
        .unwrap();
    assert_eq!(saved, json!(out.display().to_string()));
    let report = std::fs::read_to_string(&out).unwrap();
    assert!(
        report.starts_with("# auth0-wizard doctor report"),
        "{report}"
    );
    assert!(report.contains("pachyderm.issuer.no_trailing_slash"));
    assert!(
        !report.contains(SECRET) && !report.contains("Typed-Secret"),
        "{report}"
    );

    let e = a
        .call("doctor_open_text", json!({ "text": "{\"a\": [1," }))
        .unwrap_err();
    assert_eq!(e["code"], "file_unparsable");
    assert!(
        e["message"].as_str().unwrap().starts_with("pasted text: "),
        "{e}"
    );
    let missing = dir.path().join("gone.yaml");
    let a = app(Env {
        e2e_open_path: Some(missing.clone()),
        ..Env::default()
    });
    let e = a.call("doctor_open_file", json!({})).unwrap_err();
    assert_eq!(e["code"], "file_unreadable");
    assert!(e["message"]
        .as_str()
        .unwrap()
        .contains(&missing.display().to_string()));
}

/// The probes wait on a system that never answers: Cancel ends them at
/// once (as "cancelled", not as a failure of the system).
#[test]
fn cancel_ends_the_probes_of_a_system_that_never_answers() {
    // Accepts every connection and never writes a byte.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming().flatten() {
            held.push(conn);
        }
    });
    let a = app(Env::default());
    let text = "oidc:\n  upstreamIDPs:\n  - type: oidc\n    id: auth0\n    name: Auth0\n    config:\n      issuer: https://dev-abc123.us.auth0.com/\n      clientID: Xk3tV9qLmN2pR7sW4yZ8aB1cD5eF6gH0\n      redirectURI: https://pach.example.com/dex/callback\n";
    a.call("doctor_open_text", json!({ "text": text })).unwrap();
    let started = std::time::Instant::now();
    let probed = std::thread::scope(|s| {
        let window = a.window.clone();
        let probe = s.spawn(move || {
            invoke(
                &window,
                "doctor_probe",
                json!({ "url": format!("https://127.0.0.1:{port}"), "audit": null }),
            )
        });
        std::thread::sleep(std::time::Duration::from_millis(500));
        a.call("doctor_cancel_probe", json!({})).unwrap();
        probe.join().unwrap()
    });
    let e = probed.unwrap_err();
    assert_eq!(e["code"], "cancelled", "{e}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}
