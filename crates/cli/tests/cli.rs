//! The `auth0-wizard` binary, run as an administrator would run it.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

const DOMAIN: &str = "dev-abc123.us.auth0.com";
const CLIENT_ID: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
/// Distinctive, so that finding it anywhere means it leaked.
const SECRET: &str = "Xq7-client-secret-9f8e7d6c5b4a39281706f5e4d3c2b1a0ZZZZ-abcdefghij";
const SECRET_ENV: &str = "AUTH0_WIZARD_TEST_SECRET";
/// Pomerium's cookie and shared secrets, given so that two runs export the same.
const COOKIE: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
const SHARED: &str = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";

fn wizard() -> Command {
    let mut c = Command::cargo_bin("auth0-wizard").unwrap();
    // Variables the tests name but expect unset.
    c.env_remove(SECRET_ENV).env_remove("NO_SUCH_COOKIE");
    c
}

/// `auth0-wizard` with the words of `line` as its arguments (split at white space, as a
/// shell would without quotes: no argument given this way holds a space).
fn cli(line: &str) -> Command {
    let mut c = wizard();
    c.args(line.split_whitespace());
    c
}

/// `cli(line)` with the client secret in `SECRET_ENV`.
fn cli_with_secret(line: &str) -> Command {
    let mut c = cli(line);
    c.env(SECRET_ENV, SECRET);
    c
}

/// Pachyderm's example URL, where most tests export to.
const PACHYDERM_URL: &str = "https://pachyderm.example.com";

/// The settings flags of a valid `target` at `url` (no secret).
fn settings(target: &str, url: &str) -> String {
    format!("--target {target} --domain {DOMAIN} --client-id {CLIENT_ID} --url {url}")
}

/// `export` of a valid `target` at `url` in `format`, the secret read from `SECRET_ENV`.
fn export_line(target: &str, url: &str, format: &str) -> String {
    let settings = settings(target, url);
    format!("export {settings} --format {format} --secret-env {SECRET_ENV}")
}

/// `export` of a valid pachyderm config with the secret from the environment.
fn export(format: &str) -> Command {
    export_url(format, PACHYDERM_URL)
}

fn export_url(format: &str, url: &str) -> Command {
    cli_with_secret(&export_line("pachyderm", url, format))
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    let run = Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert_ne!(run.code, 101, "the wizard panicked: {}", run.stderr);
    run
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// Fails, showing `text`, unless `text` contains `needle`.
#[track_caller]
fn has(text: &str, needle: &str) {
    assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
}

/// `has` for the case `what` of a table.
#[track_caller]
fn has_for(what: &str, text: &str, needle: &str) {
    assert!(
        text.contains(needle),
        "{what}: {needle:?} missing from:\n{text}"
    );
}

/// The `message` of a JSON error, which must be a string.
fn message(v: &Value) -> &str {
    v["message"]
        .as_str()
        .unwrap_or_else(|| panic!("no message: {v}"))
}

/// Every (target, format, the target's example URL) from `targets --json`.
fn all_formats() -> Vec<(String, String, String)> {
    let r = run(&mut cli("targets --json"));
    assert_eq!(r.code, 0);
    let mut out = Vec::new();
    for t in json(&r.stdout).as_array().unwrap() {
        let text = |v: &Value| v.as_str().unwrap().to_owned();
        for f in t["formats"].as_array().unwrap() {
            out.push((text(&t["id"]), text(&f["id"]), text(&t["urlPlaceholder"])));
        }
    }
    out
}

fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

// ---------------------------------------------------------------- targets, help

#[test]
fn targets_lists_every_target_for_people_and_machines() {
    let r = run(&mut cli("targets"));
    assert_eq!(r.code, 0);
    for id in [
        "pachyderm",
        "pachyderm-1x",
        "pomerium",
        "openmetadata",
        "dex",
    ] {
        has(&r.stdout, &format!("{id}  ("));
    }
    let formats: Vec<(String, String)> =
        all_formats().into_iter().map(|(t, f, _)| (t, f)).collect();
    assert!(formats.contains(&("pomerium".into(), "config-yaml".into())));
    assert!(formats.contains(&("openmetadata".into(), "ingestion-yaml".into())));
    assert_eq!(
        formats
            .iter()
            .map(|(t, _)| t)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        5
    );
}

#[test]
fn help_explains_secrets_and_exit_codes() {
    let export_flags = [
        "--redact",
        "--output",
        "--secret-stdin",
        "--cookie-secret-env",
        "--live-config-version",
        "--m2m-secret-env",
    ];
    let cases: [(&str, &[&str]); 3] = [
        ("--help", &["--secret-env", "Exit status"]),
        ("export --help", &export_flags),
        ("--version", &[]),
    ];
    for (line, needles) in cases {
        let r = run(&mut cli(line));
        assert_eq!(r.code, 0, "{line}");
        for needle in needles {
            has_for(line, &r.stdout, needle);
        }
    }
}

// ---------------------------------------------------------------- exit codes, usage errors

#[test]
fn validate_exit_codes_are_0_1_2() {
    let settings = settings("pomerium", "https://authenticate.example.com");
    let ok = run(&mut cli_with_secret(&format!(
        "validate {settings} --secret-env {SECRET_ENV}"
    )));
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    has(&ok.stdout, "No problems found.");

    let bad = run(
        cli("validate --target pomerium --url http://authenticate.example.com")
            .args(["--domain", "https://dev-abc123.us.auth0.com/authorize"])
            .args(["--client-id", ""]),
    );
    assert_eq!(bad.code, 1, "{}{}", bad.stdout, bad.stderr);
    for code in [
        "[domain.path]",
        "[client_id.empty]",
        "[public_url.not_https]",
        "[client_secret.missing]",
    ] {
        has(&bad.stdout, code);
    }
    has(&bad.stdout, "fix: ");
    // Named by the flag the user typed, not by the field's internal name.
    has(&bad.stdout, "error: --url: ");
    assert!(!bad.stdout.contains("publicUrl"), "{}", bad.stdout);
    has(&bad.stdout, "Not valid: 3 errors, 2 warnings.");

    let usage = run(&mut cli("validate --target pomerium"));
    assert_eq!(usage.code, 2);
    has(&usage.stderr, "--domain");
    assert_eq!(run(&mut wizard()).code, 2, "no subcommand");
    assert_eq!(run(&mut cli("frobnicate")).code, 2);
}

#[test]
fn validate_json_is_one_parsable_document() {
    let r = run(&mut cli(&format!(
        "validate --json --target openmetadata --domain {DOMAIN} --client-id short \
         --url https://openmetadata.example.com --groups-claim groups"
    )));
    assert_eq!(r.code, 1);
    let v = json(&r.stdout);
    assert_eq!(v["ok"], false);
    let issues = v["issues"].as_array().unwrap();
    let find = |code: &str| {
        issues
            .iter()
            .find(|i| i["code"] == code)
            .unwrap_or_else(|| panic!("{code}: {v}"))
    };
    let i = find("client_id.too_short_for_openmetadata");
    assert_eq!(i["field"], "clientId");
    assert_eq!(i["severity"], "error");
    assert!(!i["fix"].as_str().unwrap().is_empty());
    assert_eq!(find("groups_claim.restricted")["field"], "groupsClaim");
    assert!(r.stderr.is_empty(), "{}", r.stderr);

    let settings = settings("dex", "https://dex.example.com/dex");
    let r = run(&mut cli_with_secret(&format!(
        "validate {settings} --secret-env {SECRET_ENV} --json"
    )));
    assert_eq!(r.code, 0);
    assert_eq!(
        json(&r.stdout),
        serde_json::json!({"ok": true, "issues": []})
    );
}

/// Where a usage error is told: as text on stderr (stdout stays empty), or with `--json`
/// as one JSON error on stdout.
enum Told<'a> {
    /// stderr holds every one of these.
    Stderr(&'a [&'a str]),
    /// stdout is a JSON error with this code, its message holding the second.
    Json(&'a str, &'a str),
}

#[test]
fn usage_errors_exit_2_and_name_what_is_wrong() {
    use Told::{Json, Stderr};
    let dex = settings("dex", "https://dex.example.com");
    let pomerium = settings("pomerium", "https://authenticate.example.com");
    let helm = export_line("pachyderm", PACHYDERM_URL, "helm");
    let missing_env =
        format!("--secret-env {SECRET_ENV}: the environment variable {SECRET_ENV} is not set");
    let cases = [
        (
            "unknown target",
            cli(&format!(
                "validate {}",
                settings("pachyderm3", "https://x.example.com")
            )),
            Stderr(&[
                "unknown target \"pachyderm3\"",
                "pachyderm, pachyderm-1x, pomerium, openmetadata, dex",
            ]),
        ),
        (
            "unknown format",
            cli_with_secret(&format!("{helm} --json")),
            Json(
                "unknown_format",
                "dex-json, dex-yaml, helm-values, k8s-secret",
            ),
        ),
        (
            "unknown version",
            cli("requirements --target pomerium --version 0.x --url https://a.example.com"),
            Stderr(&["0.20+, <0.20"]),
        ),
        (
            "unknown target, as JSON",
            cli("requirements --json --target nope --url https://a.example.com"),
            Json("unknown_target", "\"nope\""),
        ),
        (
            "a missing flag, as JSON",
            cli("export --json --target dex"),
            Json("usage", "--format"),
        ),
        (
            "a port out of range",
            cli("requirements --target dex --url https://a.example.com --login-port 99999"),
            Stderr(&["--login-port"]),
        ),
        (
            "a secret variable that is not set",
            cli(&format!("validate {dex} --secret-env {SECRET_ENV}")),
            Stderr(&[&missing_env]),
        ),
        (
            "a target's secret variable that is not set, as JSON",
            cli(&format!(
                "export --json {pomerium} --format env --cookie-secret-env NO_SUCH_COOKIE"
            )),
            Json("missing_env", "--cookie-secret-env NO_SUCH_COOKIE"),
        ),
        (
            "a secret on the command line (--client-secret)",
            cli(&format!("validate {dex} --client-secret {SECRET}")),
            Stderr(&["--secret-env"]),
        ),
        (
            "a secret on the command line (--secret)",
            cli(&format!("validate {dex} --secret {SECRET}")),
            Stderr(&["--secret-env"]),
        ),
    ];
    for (what, mut cmd, told) in cases {
        let r = run(&mut cmd);
        assert_eq!(r.code, 2, "{what}: {}{}", r.stdout, r.stderr);
        match told {
            Stderr(needles) => {
                for needle in needles {
                    has_for(what, &r.stderr, needle);
                }
                assert!(r.stdout.is_empty(), "{what}: {}", r.stdout);
            }
            Json(code, needle) => {
                let v = json(&r.stdout);
                assert_eq!(v["code"], code, "{what}: {v}");
                has_for(what, message(&v), needle);
            }
        }
        assert!(
            !r.stderr.contains(SECRET) && !r.stdout.contains(SECRET),
            "{what}: the secret was echoed"
        );
    }
}

#[test]
fn bad_input_never_panics() {
    let weird = [
        "",
        " ",
        "\u{0}",
        "\u{202e}evil",
        "😀.example.com",
        "[::1",
        "https://",
        "a:b@c/d?e#f",
        "%zz",
        "\\\\x",
        &"x".repeat(5000),
    ];
    let valid = format!(
        "validate {}",
        settings("pachyderm", "https://p.example.com")
    );
    for w in weird {
        if w.contains('\u{0}') {
            continue; // cannot be passed as an argument at all
        }
        for field in [
            "--domain",
            "--client-id",
            "--url",
            "--groups-claim",
            "--issuer",
            "--connector-id",
        ] {
            let r = run(cli(&valid).args([field, w]));
            assert!(
                r.code == 0 || r.code == 1 || r.code == 2,
                "{field} {w:?}: {}",
                r.code
            );
        }
    }
}

// ---------------------------------------------------------------- export, -o, atomic write

#[test]
fn export_to_a_file_is_mode_0600_and_equals_stdout() {
    let dir = tempfile::tempdir().unwrap();
    for (target, format, url) in all_formats() {
        let mut line = export_line(&target, &url, &format);
        // Pomerium generates fresh secrets on every run: give them, so both runs are equal.
        if target == "pomerium" {
            line += " --cookie-secret-env COOKIE --shared-secret-env SHARED";
        }
        let export = || {
            let mut c = cli_with_secret(&line);
            c.envs([("COOKIE", COOKIE), ("SHARED", SHARED)]);
            c
        };

        let to_stdout = run(&mut export());
        assert_eq!(to_stdout.code, 0, "{target} {format}: {}", to_stdout.stderr);
        assert!(!to_stdout.stdout.is_empty());

        let path = dir.path().join(format!("{target}-{format}.out"));
        let to_file = run(export().arg("-o").arg(&path));
        assert_eq!(to_file.code, 0, "{target} {format}: {}", to_file.stderr);
        assert!(to_file.stdout.is_empty(), "with -o nothing goes to stdout");
        has(&to_file.stderr, "Wrote");
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            to_stdout.stdout,
            "{target} {format}"
        );
        #[cfg(unix)]
        assert_eq!(mode(&path), 0o600, "{target} {format}");
    }
    assert!(
        leftovers(dir.path()).iter().all(|n| n.ends_with(".out")),
        "{:?}",
        leftovers(dir.path())
    );
}

#[test]
fn an_existing_file_is_replaced_whole_and_made_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("values.yaml");
    fs::write(&path, "old: content\n".repeat(1000)).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    }
    let expected = run(&mut export("helm-values")).stdout;
    let r = run(export("helm-values").arg("--output").arg(&path));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(fs::read_to_string(&path).unwrap(), expected);
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o600);
    assert_eq!(leftovers(dir.path()), ["values.yaml"]);
}

#[test]
fn invalid_settings_write_nothing_and_keep_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("values.yaml");
    fs::write(&path, "keep me\n").unwrap();
    let r = run(export_url("helm-values", "http://pachyderm.example.com")
        .arg("-o")
        .arg(&path));
    assert_eq!(r.code, 1);
    has(&r.stderr, "[public_url.not_https]");
    assert!(r.stdout.is_empty());
    assert_eq!(fs::read_to_string(&path).unwrap(), "keep me\n");
    assert_eq!(leftovers(dir.path()), ["values.yaml"]);

    let r = run(export_url("helm-values", "http://pachyderm.example.com").arg("--json"));
    assert_eq!(r.code, 1);
    let v = json(&r.stdout);
    assert_eq!(v["code"], "invalid_settings");
    assert!(
        v["issues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["code"] == "public_url.not_https"),
        "{v}"
    );
}

/// A directory the process cannot create files in: a chmod 0500 directory,
/// or (as root, who ignores permissions) /proc, where nobody can.
fn unwritable_dir(tmp: &Path) -> std::path::PathBuf {
    let dir = tmp.join("read-only");
    fs::create_dir(&dir).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o500)).unwrap();
    }
    if fs::write(dir.join("probe"), "x").is_err() {
        return dir;
    }
    fs::remove_file(dir.join("probe")).unwrap();
    std::path::PathBuf::from("/proc")
}

#[test]
fn writing_into_a_read_only_directory_fails_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = unwritable_dir(tmp.path());
    let ours = |dir: &Path| -> Vec<String> {
        leftovers(dir)
            .into_iter()
            .filter(|n| n.contains("auth0-wizard-test-values"))
            .collect()
    };
    let path = dir.join("auth0-wizard-test-values.yaml");
    let r = run(export("helm-values").arg("-o").arg(&path));
    assert_eq!(r.code, 1, "{}", r.stderr);
    has(&r.stderr, &format!("could not write {}", path.display()));
    assert!(r.stdout.is_empty());
    assert!(!path.exists());
    assert_eq!(
        ours(&dir),
        Vec::<String>::new(),
        "no file or temporary file may be left behind"
    );

    let r = run(export("helm-values").arg("--json").arg("-o").arg(&path));
    assert_eq!(r.code, 1);
    assert_eq!(json(&r.stdout)["code"], "write_failed");
}

#[test]
fn when_the_final_rename_fails_no_temporary_file_is_left() {
    // The target is a directory: the temporary file is written, the rename fails.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("values.yaml");
    fs::create_dir(&path).unwrap();
    let r = run(export("helm-values").arg("-o").arg(&path));
    assert_eq!(r.code, 1, "{}", r.stderr);
    has(&r.stderr, "could not write");
    assert!(path.is_dir());
    assert_eq!(leftovers(dir.path()), ["values.yaml"]);
}

// ---------------------------------------------------------------- secrets

/// The flags that give `target` at `version` ("" for the default) every secret it takes.
fn secret_flags(target: &str, version: &str) -> &'static str {
    match (target, version) {
        ("pomerium", "<0.20") => {
            "--cookie-secret-env COOKIE --shared-secret-env SHARED \
             --service-account-client-id SaClientIdSaClientIdSaClientId01 \
             --service-account-secret-env SASECRET"
        }
        ("pomerium", _) => "--cookie-secret-env COOKIE --shared-secret-env SHARED",
        ("openmetadata", "<=1.2") => {
            "--m2m-client-id M2mClientIdM2mClientIdM2mClient1 --m2m-secret-env M2MSECRET"
        }
        ("openmetadata", _) => "--bot-jwt-env BOTJWT",
        _ => "",
    }
}

#[test]
fn redact_keeps_every_given_secret_out_of_stdout_and_stderr() {
    let extra_secrets = [
        ("COOKIE", COOKIE),
        ("SHARED", SHARED),
        (
            "BOTJWT",
            "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJpbmdlc3Rpb24tYm90In0.c2lnbmF0dXJlLWJvdC1qd3Q",
        ),
        (
            "M2MSECRET",
            "m2m-secret-m2m-secret-m2m-secret-m2m-secret-m2m-secret-0001",
        ),
        (
            "SASECRET",
            "sa-secret-sa-secret-sa-secret-sa-secret-sa-secret-sa-000001",
        ),
    ];
    let mut shown_per_target = std::collections::BTreeMap::<String, bool>::new();
    for (target, format, url) in all_formats() {
        let versions: &[&str] = match target.as_str() {
            "pomerium" => &["0.20+", "<0.20"],
            "openmetadata" => &["1.3+", "<=1.2"],
            _ => &[""],
        };
        for version in versions {
            let what = format!("{target} {format} {version}");
            let mut line = export_line(&target, &url, &format);
            if !version.is_empty() {
                line = format!("{line} --version {version}");
            }
            line = format!("{line} {}", secret_flags(&target, version));
            let export = || {
                let mut c = cli_with_secret(&line);
                c.envs(extra_secrets);
                c
            };
            let plain = run(&mut export());
            assert_eq!(plain.code, 0, "{what}: {}", plain.stderr);
            *shown_per_target.entry(target.clone()).or_default() |= plain.stdout.contains(SECRET);
            assert!(
                !plain.stderr.contains(SECRET),
                "{what}: stderr never shows the secret"
            );

            for json_flag in [false, true] {
                let mut c = export();
                c.arg("--redact");
                if json_flag {
                    c.arg("--json");
                }
                let redacted = run(&mut c);
                assert_eq!(redacted.code, 0, "{what}: {}", redacted.stderr);
                for secret in std::iter::once(SECRET).chain(extra_secrets.iter().map(|(_, v)| *v)) {
                    assert!(
                        !redacted.stdout.contains(secret) && !redacted.stderr.contains(secret),
                        "{what} --redact leaked a secret:\n{}",
                        redacted.stdout
                    );
                }
            }
        }
    }
    // Without --redact the client secret is in the export (so the check above can fail).
    for (target, shown) in &shown_per_target {
        assert!(
            shown,
            "{target}: no export carries the client secret without --redact"
        );
    }
}

#[test]
fn secret_stdin_reads_one_line_without_its_newline() {
    let dex = settings("dex", "https://dex.example.com/dex");
    let r = run(cli(&format!(
        "export {dex} --format connector-yaml --secret-stdin"
    ))
    .write_stdin(format!("{SECRET}\n")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(&r.stdout, &format!("clientSecret: {SECRET}\n"));
    assert!(
        !r.stderr.contains("client_secret.whitespace"),
        "the newline was not removed: {}",
        r.stderr
    );

    // an empty stdin is an empty secret: a validation error, not a hang or a panic
    let dex = settings("dex", "https://dex.example.com");
    let r = run(cli(&format!("validate {dex} --secret-stdin")).write_stdin(""));
    assert_eq!(r.code, 1);
    has(&r.stdout, "[client_secret.empty]");

    let r = run(&mut cli_with_secret(&format!(
        "validate {dex} --secret-stdin --secret-env {SECRET_ENV}"
    )));
    assert_eq!(r.code, 2, "the two sources exclude each other");
}

#[test]
fn target_flags_reach_the_export() {
    let r = run(&mut cli(&format!(
        "export {} --format auth-config --live-config-version 7 --redact",
        settings("pachyderm-1x", "https://pachd.example.com:30657")
    )));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(json(&r.stdout)["live_config_version"], 7, "{}", r.stdout);

    let pomerium = settings("pomerium", "https://authenticate.example.com");
    let om = settings("openmetadata", "https://openmetadata.example.com");
    // (what, command line, exit code, what stdout must hold); the variables the
    // lines name are set.
    let cases = [
        (
            "--secret-name",
            export_line("pachyderm", PACHYDERM_URL, "k8s-secret") + " --secret-name corp-idps",
            0,
            "name: corp-idps",
        ),
        (
            "--cookie-secret-env",
            format!("export {pomerium} --format config-yaml --cookie-secret-env COOKIE"),
            0,
            COOKIE,
        ),
        (
            "a public client needs no secret",
            format!(
                "validate {om} --client-type public --admin-principals alice,bob \
                 --principal-domain example.com"
            ),
            0,
            "No problems found.",
        ),
        (
            "a bad --client-type is named by its flag",
            format!("validate {om} --client-type private"),
            1,
            "error: --client-type: ",
        ),
    ];
    for (what, line, code, needle) in cases {
        let r = run(cli_with_secret(&line).env("COOKIE", COOKIE));
        assert_eq!(r.code, code, "{what}: {}{}", r.stdout, r.stderr);
        has_for(what, &r.stdout, needle);
    }
}

// ---------------------------------------------------------------- requirements

#[test]
fn requirements_for_people_and_machines() {
    let r = run(&mut cli(&format!(
        "requirements --target pachyderm --url https://pachyderm.example.com/ \
         --domain {DOMAIN} --groups-claim https://example.com/groups --login-port"
    )));
    assert_eq!(r.code, 0, "{}", r.stderr);
    has(
        &r.stdout,
        "https://pachyderm.example.com/dex/callback, http://127.0.0.1:8400/callback",
    );
    has(&r.stdout, "Regular Web Application");
    has(
        &r.stdout,
        "https://manage.auth0.com/dashboard/us/dev-abc123/applications",
    );
    assert!(
        r.stdout.contains("     exports.onExecutePostLogin"),
        "the Action code is shown: {}",
        r.stdout
    );

    let r = run(&mut cli(
        "requirements --json --target openmetadata --version <=1.2 \
         --url https://om.example.com --client-type public --login-port 9000",
    ));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["application"]["app_type"], "spa");
    assert_eq!(
        v["application"]["callbacks"],
        serde_json::json!([
            "https://om.example.com/callback",
            "http://127.0.0.1:9000/callback"
        ])
    );
    assert_eq!(
        v["m2m"][0]["audience"],
        "https://YOUR_TENANT.auth0.com/api/v2/"
    );
    assert_eq!(v["issues"], serde_json::json!([]));
}

#[test]
fn requirements_report_only_the_fields_they_need() {
    let r = run(&mut cli(
        "requirements --target pomerium --url authenticate.example.com --groups-claim roles",
    ));
    assert_eq!(r.code, 1);
    has(&r.stderr, "[public_url.not_absolute]");
    has(&r.stderr, "[groups_claim.restricted]");
    assert!(
        !r.stderr.contains("client_id"),
        "no credentials are needed: {}",
        r.stderr
    );
    has(&r.stderr, "fix: ");
    assert!(r.stdout.is_empty());

    let r = run(&mut cli(
        "requirements --json --target pomerium --url http://authenticate.example.com",
    ));
    assert_eq!(r.code, 1);
    let v = json(&r.stdout);
    assert_eq!(v["code"], "invalid_settings");
    assert_eq!(v["issues"][0]["code"], "public_url.not_https");
    assert_eq!(v["issues"][0]["field"], "publicUrl");
}
