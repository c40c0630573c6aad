//! `auth0-wizard app plan|create|fix|undo` against the Management API fake: the
//! contract of issue 10 section 4 (consent, the secret never printed, one JSON
//! document, exit codes), and that nothing is written without a yes.

use auth0_wizard_tests::{MgmtConfig, MgmtStub, StubClient};
use serde_json::{json, Value};
use std::process::Command;

const URL: &str = "https://dex.example.com";
const CALLBACK: &str = "https://dex.example.com/callback";
const OTHER: &str = "https://other.example.com/callback";

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}\n{}", self.stdout, self.stderr))
    }
}

struct Cli {
    stub: MgmtStub,
    data: tempfile::TempDir,
}

impl Cli {
    async fn new(cfg: MgmtConfig) -> Self {
        Cli {
            stub: MgmtStub::start(cfg).await.unwrap(),
            data: tempfile::tempdir().unwrap(),
        }
    }

    /// `app <cmd> --domain D --ca-file F --mgmt-client-id ... <rest>`.
    fn app(&self, cmd: &str, rest: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_auth0-wizard"));
        c.env_remove("HTTPS_PROXY")
            .env_remove("https_proxy")
            .env("AUTH0_WIZARD_DATA_DIR", self.data.path())
            .env("AUTH0_WIZARD_POLL_INTERVAL_MS", "10")
            .env("T_MGMT_SECRET", &self.stub.m2m_client.secret)
            .args(["app", cmd, "--domain", &self.stub.domain, "--ca-file"])
            .arg(&self.stub.ca_file)
            .args([
                "--mgmt-client-id",
                &self.stub.m2m_client.id,
                "--mgmt-secret-env",
                "T_MGMT_SECRET",
            ])
            .args(rest);
        c
    }

    fn run(&self, cmd: &str, rest: &[&str]) -> Run {
        let out = self.app(cmd, rest).output().unwrap();
        Run {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }
}

const DEX: [&str; 4] = ["--target", "dex", "--url", URL];

fn dex<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = DEX.to_vec();
    v.extend_from_slice(extra);
    v
}

#[tokio::test]
async fn create_writes_the_secret_only_to_its_file_prints_one_document_and_undo_deletes() {
    let cli = Cli::new(MgmtConfig::writer()).await;
    let secret_file = cli.data.path().join("secret.txt");
    let path = secret_file.to_str().unwrap();
    let r = cli.run(
        "create",
        &[
            &dex(&["--yes", "--json", "--name", "my dex", "--secret-out"])[..],
            &[path],
        ]
        .concat(),
    );
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    let doc = r.json();
    let mut keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        ["action", "applied", "changes", "client_id", "undo_id"]
    );
    assert_eq!(
        (doc["action"].as_str(), doc["applied"].as_bool()),
        (Some("create"), Some(true))
    );
    let id = doc["client_id"].as_str().unwrap();
    let change = doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "callbacks")
        .unwrap();
    assert_eq!(
        change,
        &json!({"resource": "client", "field": "callbacks", "from": null, "to": [CALLBACK]})
    );

    let secret = cli.stub.client_secret(id).unwrap();
    assert_eq!(
        std::fs::read_to_string(&secret_file).unwrap(),
        format!("{secret}\n")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&secret_file)
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o600
        );
    }
    assert!(!r.stdout.contains(&secret) && !r.stderr.contains(&secret));
    let record = std::fs::read_dir(cli.data.path().join("undo"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert!(
        !std::fs::read_to_string(record).unwrap().contains(&secret),
        "no secret in the undo record"
    );

    let r = cli.run("undo", &["--client-id", id, "--yes", "--json"]);
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    let doc = r.json();
    assert_eq!(
        (doc["action"].as_str(), doc["applied"].as_bool()),
        (Some("undo"), Some(true))
    );
    assert!(
        cli.stub.client(id).is_none(),
        "undo of a create deletes the application"
    );
    let r = cli.run("undo", &["--client-id", id]);
    assert_eq!(r.code, Some(0));
    assert!(r.stdout.starts_with("Nothing to undo"), "{}", r.stdout);
}

#[tokio::test]
async fn the_human_output_of_create_never_shows_the_secret_either() {
    let cli = Cli::new(MgmtConfig::writer()).await;
    let file = cli.data.path().join("s");
    let r = cli.run(
        "create",
        &[
            &dex(&[
                "--yes",
                "--groups-claim",
                "https://example.com/groups",
                "--secret-out",
            ])[..],
            &[file.to_str().unwrap()],
        ]
        .concat(),
    );
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    let secret = std::fs::read_to_string(&file).unwrap();
    let secret = secret.trim_end();
    assert!(
        r.stdout
            .starts_with("Created \"auth0-wizard dex\": client ID "),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("waiting"),
        "the Action's build is waited for, visibly: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains("The token needs: read:clients"),
        "{}",
        r.stderr
    );
    assert!(!r.stdout.contains(secret) && !r.stderr.contains(secret));
}

#[tokio::test]
async fn nothing_is_written_without_a_yes_or_a_place_for_the_secret() {
    let cli = Cli::new(MgmtConfig::writer()).await;
    // No terminal, no --yes: refused after the plan, nothing written.
    let file = cli.data.path().join("s");
    let r = cli.run(
        "create",
        &[
            &dex(&["--json", "--secret-out"])[..],
            &[file.to_str().unwrap()],
        ]
        .concat(),
    );
    assert_eq!(r.code, Some(1), "{}\n{}", r.stdout, r.stderr);
    assert_eq!(r.json()["code"], "refused");
    assert!(cli.stub.writes().is_empty(), "{:?}", cli.stub.writes());
    assert!(!file.exists());

    // Neither --keyring nor --secret-out: refused before any request.
    let r = cli.run("create", &dex(&["--yes"]));
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("needs --keyring or --secret-out"),
        "{}",
        r.stderr
    );
    let r = cli.run(
        "fix",
        &dex(&["--json", "--client-id", &cli.stub.web_client().unwrap().id]),
    );
    assert_eq!(
        (r.code, r.json()["code"].as_str()),
        (Some(1), Some("refused")),
        "{}",
        r.stderr
    );
    // plan never writes.
    let r = cli.run("plan", &dex(&["--json"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.json()["applied"], false);
    assert!(cli.stub.writes().is_empty(), "{:?}", cli.stub.writes());
}

#[tokio::test]
async fn a_keyring_that_cannot_be_reached_refuses_before_anything_is_created() {
    let cli = Cli::new(MgmtConfig::writer()).await;
    let out = cli
        .app("create", &dex(&["--yes", "--keyring"]))
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("--keyring: the system keyring cannot be reached"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(cli.stub.requests().is_empty(), "{:?}", cli.stub.requests());
}

#[tokio::test]
async fn fix_keeps_the_users_callbacks_undo_restores_and_refuses_after_a_change() {
    let app = StubClient::regular_web()
        .with("callbacks", json!([OTHER]))
        .with("oidc_conformant", json!(false));
    let id = app.client_id();
    let cli = Cli::new(MgmtConfig {
        clients: vec![app.clone()],
        ..MgmtConfig::writer()
    })
    .await;
    let r = cli.run("fix", &dex(&["--client-id", &id, "--yes", "--json"]));
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    let doc = r.json();
    assert_eq!(
        doc["changes"][0],
        json!({"resource": "client", "field": "callbacks", "from": [OTHER], "to": [OTHER, CALLBACK]})
    );
    assert_eq!(
        cli.stub.client(&id).unwrap()["callbacks"],
        json!([OTHER, CALLBACK])
    );
    let undo_id = doc["undo_id"].as_str().unwrap().to_string();

    // Someone changes a field the fix wrote: undo names it and changes nothing.
    cli.stub
        .set_client_field(&id, "oidc_conformant", json!(false));
    let writes = cli.stub.writes().len();
    let r = cli.run("undo", &["--undo-id", &undo_id, "--yes", "--json"]);
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    let e = r.json();
    assert_eq!(e["code"], "mgmt.changed_since");
    assert!(
        e["message"].as_str().unwrap().contains(&format!(
            "oidc_conformant of application {id} is now false (the wizard wrote true)"
        )),
        "{e}"
    );
    assert_eq!(cli.stub.writes().len(), writes);

    cli.stub
        .set_client_field(&id, "oidc_conformant", json!(true));
    let r = cli.run("undo", &["--client-id", &id, "--json"]);
    assert_eq!(
        (r.code, r.json()["code"].as_str()),
        (Some(1), Some("refused")),
        "undo asks too"
    );
    assert_eq!(cli.stub.writes().len(), writes);
    let r = cli.run("undo", &["--client-id", &id, "--yes"]);
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    assert_eq!(cli.stub.client(&id).unwrap(), app.record);
}

#[tokio::test]
async fn a_missing_scope_is_named_with_where_to_add_it() {
    let cli = Cli::new(MgmtConfig::default()).await;
    let file = cli.data.path().join("s");
    let r = cli.run(
        "create",
        &[
            &dex(&["--yes", "--secret-out"])[..],
            &[file.to_str().unwrap()],
        ]
        .concat(),
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let want = format!("fix: Add scope create:clients to application {}, here: Applications > APIs > Auth0 Management API", cli.stub.m2m_client.id);
    assert!(r.stderr.contains(&want), "{}", r.stderr);
    assert!(r.stderr.contains("Nothing was changed."), "{}", r.stderr);
}

#[tokio::test]
async fn the_command_line_is_checked_before_anything_is_sent() {
    let cli = Cli::new(MgmtConfig::writer()).await;
    let web = cli.stub.web_client().unwrap().id;
    for (cmd, args, code) in [
        ("create", dex(&["--client-id", "abc"]), 2),
        ("fix", dex(&[]), 2),
        ("undo", vec![], 2),
        ("fix", dex(&["--client-id", "x", "--keyring"]), 2),
        ("plan", vec!["--target", "dex"], 2),
        ("plan", vec!["--target", "nope", "--url", URL], 2),
        (
            "plan",
            vec!["--target", "dex", "--url", "dex.example.com/x y"],
            1,
        ),
        ("plan", dex(&["--mgmt-domain", "manage.auth0.com"]), 1),
    ] {
        let r = cli.run(cmd, &args);
        assert_eq!(r.code, Some(code), "{cmd} {args:?}: {}", r.stderr);
    }
    let r = cli.run("plan", &dex(&["--mgmt-domain", "manage.auth0.com"]));
    assert!(
        r.stderr
            .contains("--mgmt-domain: manage.auth0.com is the Auth0 dashboard"),
        "{}",
        r.stderr
    );
    assert!(cli.stub.requests().is_empty(), "{:?}", cli.stub.requests());
    // The same name twice: refused without a terminal, --name picks another.
    let file = cli.data.path().join("s");
    let same = [
        &dex(&["--yes", "--json", "--name", "Test Web App", "--secret-out"])[..],
        &[file.to_str().unwrap()],
    ]
    .concat();
    let r = cli.run("create", &same);
    assert_eq!(
        (r.code, r.json()["code"].as_str()),
        (Some(1), Some("name_exists")),
        "{}",
        r.stdout
    );
    assert!(cli.stub.writes().is_empty());
    assert!(cli.stub.client(&web).is_some());
}

#[tokio::test]
async fn a_pasted_token_is_read_from_its_variable() {
    let cli = Cli::new(MgmtConfig::writer()).await;
    let token = cli.stub.token(&["read:clients"]);
    let out = Command::new(env!("CARGO_BIN_EXE_auth0-wizard"))
        .env_remove("HTTPS_PROXY")
        .env("AUTH0_WIZARD_DATA_DIR", cli.data.path())
        .env("T_TOKEN", &token)
        .args([
            "app",
            "plan",
            "--json",
            "--domain",
            &cli.stub.domain,
            "--mgmt-token-env",
            "T_TOKEN",
            "--ca-file",
        ])
        .arg(&cli.stub.ca_file)
        .args(DEX)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!stdout.contains(&token));
}

/// `--keyring` against the real Secret Service: run it inside a D-Bus session with an
/// unlocked gnome-keyring, e.g. `dbus-run-session -- sh -c 'echo -n pw |
/// gnome-keyring-daemon --unlock --components=secrets >/dev/null && cargo test -p
/// auth0-wizard-cli --test app_cmd -- --ignored'`.
#[tokio::test]
#[ignore = "needs the Secret Service (see the comment)"]
async fn keyring_holds_the_secret_in_the_windows_profile_and_undo_removes_both() {
    let cli = Cli::new(MgmtConfig::writer()).await;
    let name = format!("app-cmd-test-{}", std::process::id());
    let r = cli.run(
        "create",
        &dex(&["--yes", "--json", "--keyring", "--name", &name]),
    );
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    let id = r.json()["client_id"].as_str().unwrap().to_string();
    let secret = cli.stub.client_secret(&id).unwrap();
    let profile = cli
        .data
        .path()
        .join("profiles")
        .join(format!("{name}.json"));
    let file: Value = serde_json::from_str(&std::fs::read_to_string(&profile).unwrap()).unwrap();
    assert_eq!(file["settings"]["clientId"], id.as_str());
    assert_eq!(file["settings"]["target"], "dex");
    assert_eq!(file["keyringFields"], json!(["clientSecret"]));
    assert!(!std::fs::read_to_string(&profile).unwrap().contains(&secret));
    let lookup = || {
        let out = Command::new("secret-tool")
            .args([
                "lookup",
                "service",
                "auth0-wizard",
                "username",
                &format!("{name}/clientSecret"),
            ])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(lookup(), secret);
    assert!(!r.stdout.contains(&secret) && !r.stderr.contains(&secret));

    let r = cli.run("undo", &["--client-id", &id, "--yes"]);
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("Its profile and keyring entry are deleted too."),
        "{}",
        r.stdout
    );
    assert!(!profile.exists());
    assert_eq!(lookup(), "");
}
