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

fn wizard() -> Command {
    let mut c = Command::cargo_bin("auth0-wizard").unwrap();
    c.env_remove(SECRET_ENV);
    c
}

fn url_for(target: &str) -> &'static str {
    match target {
        "pachyderm" => "https://pachyderm.example.com",
        "pachyderm-1x" => "https://pachd.example.com:30657",
        "pomerium" => "https://authenticate.example.com",
        "openmetadata" => "https://openmetadata.example.com",
        _ => "https://dex.example.com/dex",
    }
}

/// `export` of a valid pachyderm config with the secret from the environment.
fn export(format: &str) -> Command {
    export_url(format, "https://pachyderm.example.com")
}

fn export_url(format: &str, url: &str) -> Command {
    let mut c = wizard();
    c.env(SECRET_ENV, SECRET).args([
        "export",
        "--target",
        "pachyderm",
        "--format",
        format,
        "--domain",
        DOMAIN,
        "--client-id",
        CLIENT_ID,
        "--url",
        url,
        "--secret-env",
        SECRET_ENV,
    ]);
    c
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

/// Every (target, format) pair from `targets --json`.
fn all_formats() -> Vec<(String, String)> {
    let r = run(wizard().args(["targets", "--json"]));
    assert_eq!(r.code, 0);
    let mut out = Vec::new();
    for t in json(&r.stdout).as_array().unwrap() {
        for f in t["formats"].as_array().unwrap() {
            out.push((
                t["id"].as_str().unwrap().to_owned(),
                f["id"].as_str().unwrap().to_owned(),
            ));
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
    let r = run(wizard().arg("targets"));
    assert_eq!(r.code, 0);
    for id in [
        "pachyderm",
        "pachyderm-1x",
        "pomerium",
        "openmetadata",
        "dex",
    ] {
        assert!(
            r.stdout.contains(&format!("{id}  (")),
            "{id} missing:\n{}",
            r.stdout
        );
    }
    let formats = all_formats();
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
    let r = run(wizard().arg("--help"));
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("--secret-env"), "{}", r.stdout);
    assert!(r.stdout.contains("Exit status"), "{}", r.stdout);
    let r = run(wizard().args(["export", "--help"]));
    assert_eq!(r.code, 0);
    for flag in [
        "--redact",
        "--output",
        "--secret-stdin",
        "--cookie-secret-env",
        "--live-config-version",
        "--m2m-secret-env",
    ] {
        assert!(r.stdout.contains(flag), "{flag} missing from export --help");
    }
    assert_eq!(run(wizard().arg("--version")).code, 0);
}

// ---------------------------------------------------------------- exit codes, usage errors

#[test]
fn validate_exit_codes_are_0_1_2() {
    let ok = run(wizard().env(SECRET_ENV, SECRET).args([
        "validate",
        "--target",
        "pomerium",
        "--domain",
        DOMAIN,
        "--client-id",
        CLIENT_ID,
        "--secret-env",
        SECRET_ENV,
        "--url",
        "https://authenticate.example.com",
    ]));
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert!(ok.stdout.contains("No problems found."), "{}", ok.stdout);

    let bad = run(wizard().args([
        "validate",
        "--target",
        "pomerium",
        "--domain",
        "https://dev-abc123.us.auth0.com/authorize",
        "--client-id",
        "",
        "--url",
        "http://authenticate.example.com",
    ]));
    assert_eq!(bad.code, 1, "{}{}", bad.stdout, bad.stderr);
    for code in [
        "[domain.path]",
        "[client_id.empty]",
        "[public_url.not_https]",
        "[client_secret.missing]",
    ] {
        assert!(bad.stdout.contains(code), "{code} missing:\n{}", bad.stdout);
    }
    assert!(bad.stdout.contains("fix: "), "{}", bad.stdout);
    // Named by the flag the user typed, not by the field's internal name.
    assert!(bad.stdout.contains("error: --url: "), "{}", bad.stdout);
    assert!(!bad.stdout.contains("publicUrl"), "{}", bad.stdout);
    assert!(
        bad.stdout.contains("Not valid: 3 errors, 2 warnings."),
        "{}",
        bad.stdout
    );

    let usage = run(wizard().args(["validate", "--target", "pomerium"]));
    assert_eq!(usage.code, 2);
    assert!(usage.stderr.contains("--domain"), "{}", usage.stderr);
    assert_eq!(run(&mut wizard()).code, 2, "no subcommand");
    assert_eq!(run(wizard().args(["frobnicate"])).code, 2);
}

#[test]
fn validate_json_is_one_parsable_document() {
    let r = run(wizard().args([
        "validate",
        "--json",
        "--target",
        "openmetadata",
        "--domain",
        DOMAIN,
        "--client-id",
        "short",
        "--url",
        "https://openmetadata.example.com",
        "--groups-claim",
        "groups",
    ]));
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

    let r = run(wizard().env(SECRET_ENV, SECRET).args([
        "validate",
        "--target",
        "dex",
        "--domain",
        DOMAIN,
        "--client-id",
        CLIENT_ID,
        "--url",
        "https://dex.example.com/dex",
        "--secret-env",
        SECRET_ENV,
        "--json",
    ]));
    assert_eq!(r.code, 0);
    assert_eq!(
        json(&r.stdout),
        serde_json::json!({"ok": true, "issues": []})
    );
}

#[test]
fn unknown_target_format_and_version_are_usage_errors_naming_the_choices() {
    let r = run(wizard().args([
        "validate",
        "--target",
        "pachyderm3",
        "--domain",
        DOMAIN,
        "--client-id",
        CLIENT_ID,
        "--url",
        "https://x.example.com",
    ]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unknown target \"pachyderm3\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("pachyderm, pachyderm-1x, pomerium, openmetadata, dex"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());

    let r = run(export("helm").arg("--json"));
    assert_eq!(r.code, 2);
    let v = json(&r.stdout);
    assert_eq!(v["code"], "unknown_format");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("dex-json, dex-yaml, helm-values, k8s-secret"),
        "{v}"
    );

    let r = run(wizard().args([
        "requirements",
        "--target",
        "pomerium",
        "--version",
        "0.x",
        "--url",
        "https://a.example.com",
    ]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("0.20+, <0.20"), "{}", r.stderr);

    let r = run(wizard().args([
        "requirements",
        "--json",
        "--target",
        "nope",
        "--url",
        "https://a.example.com",
    ]));
    assert_eq!(r.code, 2);
    assert_eq!(json(&r.stdout)["code"], "unknown_target");
}

#[test]
fn clap_usage_errors_are_json_too_when_asked() {
    let r = run(wizard().args(["export", "--json", "--target", "dex"]));
    assert_eq!(r.code, 2);
    let v = json(&r.stdout);
    assert_eq!(v["code"], "usage");
    assert!(v["message"].as_str().unwrap().contains("--format"), "{v}");
    let r = run(wizard().args([
        "requirements",
        "--target",
        "dex",
        "--url",
        "https://a.example.com",
        "--login-port",
        "99999",
    ]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--login-port"), "{}", r.stderr);
}

#[test]
fn missing_secret_env_names_the_variable() {
    let r = run(wizard().args([
        "validate",
        "--target",
        "dex",
        "--domain",
        DOMAIN,
        "--client-id",
        CLIENT_ID,
        "--url",
        "https://dex.example.com",
        "--secret-env",
        SECRET_ENV,
    ]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!(
            "--secret-env {SECRET_ENV}: the environment variable {SECRET_ENV} is not set"
        )),
        "{}",
        r.stderr
    );

    let r = run(wizard().env_remove("NO_SUCH_COOKIE").args([
        "export",
        "--json",
        "--target",
        "pomerium",
        "--format",
        "env",
        "--domain",
        DOMAIN,
        "--client-id",
        CLIENT_ID,
        "--url",
        "https://authenticate.example.com",
        "--cookie-secret-env",
        "NO_SUCH_COOKIE",
    ]));
    assert_eq!(r.code, 2);
    let v = json(&r.stdout);
    assert_eq!(v["code"], "missing_env");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("--cookie-secret-env NO_SUCH_COOKIE"),
        "{v}"
    );
}

#[test]
fn a_secret_on_the_command_line_is_refused_and_not_echoed() {
    for flag in ["--client-secret", "--secret"] {
        let r = run(wizard().args([
            "validate",
            "--target",
            "dex",
            "--domain",
            DOMAIN,
            "--client-id",
            CLIENT_ID,
            "--url",
            "https://dex.example.com",
            flag,
            SECRET,
        ]));
        assert_eq!(r.code, 2, "{flag}");
        assert!(r.stderr.contains("--secret-env"), "{}", r.stderr);
        assert!(
            !r.stderr.contains(SECRET) && !r.stdout.contains(SECRET),
            "the secret was echoed"
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
    for w in weird {
        for field in [
            "--domain",
            "--client-id",
            "--url",
            "--groups-claim",
            "--issuer",
            "--connector-id",
        ] {
            let mut args = vec![
                "validate",
                "--target",
                "pachyderm",
                "--domain",
                DOMAIN,
                "--client-id",
                CLIENT_ID,
                "--url",
                "https://p.example.com",
            ];
            args.extend([field, w]);
            if w.contains('\u{0}') {
                continue; // cannot be passed as an argument at all
            }
            let r = run(wizard().args(&args));
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
    for (target, format) in all_formats() {
        let mut base = vec![
            "export".to_owned(),
            "--target".into(),
            target.clone(),
            "--format".into(),
            format.clone(),
            "--domain".into(),
            DOMAIN.into(),
            "--client-id".into(),
            CLIENT_ID.into(),
            "--url".into(),
            url_for(&target).into(),
            "--secret-env".into(),
            SECRET_ENV.into(),
        ];
        // Pomerium generates fresh secrets on every run: give them, so both runs are equal.
        base.extend([
            "--cookie-secret-env".into(),
            "COOKIE".into(),
            "--shared-secret-env".into(),
            "SHARED".into(),
        ]);
        if target != "pomerium" {
            base.truncate(base.len() - 4);
        }
        let env = [
            (SECRET_ENV, SECRET),
            ("COOKIE", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
            ("SHARED", "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="),
        ];

        let to_stdout = run(wizard().envs(env).args(&base));
        assert_eq!(to_stdout.code, 0, "{target} {format}: {}", to_stdout.stderr);
        assert!(!to_stdout.stdout.is_empty());

        let path = dir.path().join(format!("{target}-{format}.out"));
        let to_file = run(wizard().envs(env).args(&base).arg("-o").arg(&path));
        assert_eq!(to_file.code, 0, "{target} {format}: {}", to_file.stderr);
        assert!(to_file.stdout.is_empty(), "with -o nothing goes to stdout");
        assert!(to_file.stderr.contains("Wrote"), "{}", to_file.stderr);
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
    assert!(r.stderr.contains("[public_url.not_https]"), "{}", r.stderr);
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
    assert!(
        r.stderr
            .contains(&format!("could not write {}", path.display())),
        "{}",
        r.stderr
    );
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
    assert!(r.stderr.contains("could not write"), "{}", r.stderr);
    assert!(path.is_dir());
    assert_eq!(leftovers(dir.path()), ["values.yaml"]);
}

// ---------------------------------------------------------------- secrets

#[test]
fn redact_keeps_every_given_secret_out_of_stdout_and_stderr() {
    let extra_secrets = [
        ("COOKIE", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
        ("SHARED", "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="),
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
    for (target, format) in all_formats() {
        let versions: &[&str] = match target.as_str() {
            "pomerium" => &["0.20+", "<0.20"],
            "openmetadata" => &["1.3+", "<=1.2"],
            _ => &[""],
        };
        for version in versions {
            let mut args: Vec<&str> = vec![
                "export",
                "--target",
                &target,
                "--format",
                &format,
                "--domain",
                DOMAIN,
                "--client-id",
                CLIENT_ID,
                "--url",
                url_for(&target),
                "--secret-env",
                SECRET_ENV,
            ];
            if !version.is_empty() {
                args.extend(["--version", version]);
            }
            match (target.as_str(), *version) {
                ("pomerium", "<0.20") => args.extend([
                    "--cookie-secret-env",
                    "COOKIE",
                    "--shared-secret-env",
                    "SHARED",
                    "--service-account-client-id",
                    "SaClientIdSaClientIdSaClientId01",
                    "--service-account-secret-env",
                    "SASECRET",
                ]),
                ("pomerium", _) => args.extend([
                    "--cookie-secret-env",
                    "COOKIE",
                    "--shared-secret-env",
                    "SHARED",
                ]),
                ("openmetadata", "<=1.2") => args.extend([
                    "--m2m-client-id",
                    "M2mClientIdM2mClientIdM2mClient1",
                    "--m2m-secret-env",
                    "M2MSECRET",
                ]),
                ("openmetadata", _) => args.extend(["--bot-jwt-env", "BOTJWT"]),
                _ => {}
            }
            let env = || {
                let mut c = wizard();
                c.env(SECRET_ENV, SECRET).envs(extra_secrets);
                c
            };
            let plain = run(env().args(&args));
            assert_eq!(
                plain.code, 0,
                "{target} {format} {version}: {}",
                plain.stderr
            );
            *shown_per_target.entry(target.clone()).or_default() |= plain.stdout.contains(SECRET);
            assert!(
                !plain.stderr.contains(SECRET),
                "stderr never shows the secret"
            );

            for json_flag in [false, true] {
                let mut c = env();
                c.args(&args).arg("--redact");
                if json_flag {
                    c.arg("--json");
                }
                let redacted = run(&mut c);
                assert_eq!(
                    redacted.code, 0,
                    "{target} {format} {version}: {}",
                    redacted.stderr
                );
                for secret in std::iter::once(SECRET).chain(extra_secrets.iter().map(|(_, v)| *v)) {
                    assert!(
                        !redacted.stdout.contains(secret) && !redacted.stderr.contains(secret),
                        "{target} {format} {version} --redact leaked a secret:\n{}",
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
    let r = run(wizard()
        .args([
            "export",
            "--target",
            "dex",
            "--format",
            "connector-yaml",
            "--domain",
            DOMAIN,
            "--client-id",
            CLIENT_ID,
            "--url",
            "https://dex.example.com/dex",
            "--secret-stdin",
        ])
        .write_stdin(format!("{SECRET}\n")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(&format!("clientSecret: {SECRET}\n")),
        "{}",
        r.stdout
    );
    assert!(
        !r.stderr.contains("client_secret.whitespace"),
        "the newline was not removed: {}",
        r.stderr
    );

    // an empty stdin is an empty secret: a validation error, not a hang or a panic
    let r = run(wizard()
        .args([
            "validate",
            "--target",
            "dex",
            "--domain",
            DOMAIN,
            "--client-id",
            CLIENT_ID,
            "--url",
            "https://dex.example.com",
            "--secret-stdin",
        ])
        .write_stdin(""));
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("[client_secret.empty]"), "{}", r.stdout);

    let r = run(wizard().env(SECRET_ENV, SECRET).args([
        "validate",
        "--target",
        "dex",
        "--domain",
        DOMAIN,
        "--client-id",
        CLIENT_ID,
        "--url",
        "https://dex.example.com",
        "--secret-stdin",
        "--secret-env",
        SECRET_ENV,
    ]));
    assert_eq!(r.code, 2, "the two sources exclude each other");
}

#[test]
fn target_flags_reach_the_export() {
    let r = run(wizard().args([
        "export",
        "--target",
        "pachyderm-1x",
        "--format",
        "auth-config",
        "--domain",
        DOMAIN,
        "--client-id",
        CLIENT_ID,
        "--url",
        "https://pachd.example.com:30657",
        "--live-config-version",
        "7",
        "--redact",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(json(&r.stdout)["live_config_version"], 7, "{}", r.stdout);

    let r = run(export("k8s-secret").args(["--secret-name", "corp-idps"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("name: corp-idps"), "{}", r.stdout);

    let r = run(wizard()
        .env("COOKIE", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
        .args([
            "export",
            "--target",
            "pomerium",
            "--format",
            "config-yaml",
            "--domain",
            DOMAIN,
            "--client-id",
            CLIENT_ID,
            "--url",
            "https://authenticate.example.com",
            "--cookie-secret-env",
            "COOKIE",
        ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
        "{}",
        r.stdout
    );

    let r = run(wizard().args([
        "validate",
        "--target",
        "openmetadata",
        "--domain",
        DOMAIN,
        "--client-id",
        CLIENT_ID,
        "--url",
        "https://openmetadata.example.com",
        "--client-type",
        "public",
        "--admin-principals",
        "alice,bob",
        "--principal-domain",
        "example.com",
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("No problems found."),
        "a public client needs no secret: {}",
        r.stdout
    );

    let r = run(wizard().args([
        "validate",
        "--target",
        "openmetadata",
        "--domain",
        DOMAIN,
        "--client-id",
        CLIENT_ID,
        "--url",
        "https://openmetadata.example.com",
        "--client-type",
        "private",
    ]));
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("error: --client-type: "), "{}", r.stdout);
}

// ---------------------------------------------------------------- requirements

#[test]
fn requirements_for_people_and_machines() {
    let r = run(wizard().args([
        "requirements",
        "--target",
        "pachyderm",
        "--url",
        "https://pachyderm.example.com/",
        "--domain",
        DOMAIN,
        "--groups-claim",
        "https://example.com/groups",
        "--login-port",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("https://pachyderm.example.com/dex/callback, http://127.0.0.1:8400/callback"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Regular Web Application"));
    assert!(r
        .stdout
        .contains("https://manage.auth0.com/dashboard/us/dev-abc123/applications"));
    assert!(
        r.stdout.contains("     exports.onExecutePostLogin"),
        "the Action code is shown: {}",
        r.stdout
    );

    let r = run(wizard().args([
        "requirements",
        "--json",
        "--target",
        "openmetadata",
        "--version",
        "<=1.2",
        "--url",
        "https://om.example.com",
        "--client-type",
        "public",
        "--login-port",
        "9000",
    ]));
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
    let r = run(wizard().args([
        "requirements",
        "--target",
        "pomerium",
        "--url",
        "authenticate.example.com",
        "--groups-claim",
        "roles",
    ]));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("[public_url.not_absolute]")
            && r.stderr.contains("[groups_claim.restricted]"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("client_id"),
        "no credentials are needed: {}",
        r.stderr
    );
    assert!(r.stderr.contains("fix: "));
    assert!(r.stdout.is_empty());

    let r = run(wizard().args([
        "requirements",
        "--json",
        "--target",
        "pomerium",
        "--url",
        "http://authenticate.example.com",
    ]));
    assert_eq!(r.code, 1);
    let v = json(&r.stdout);
    assert_eq!(v["code"], "invalid_settings");
    assert_eq!(v["issues"][0]["code"], "public_url.not_https");
    assert_eq!(v["issues"][0]["field"], "publicUrl");
}
