//! Mistakes an administrator makes on the command line, caught where they
//! are made (issue 7, section 3): the same validation, messages and exit
//! codes for `check` and `login-test` as for `validate`, and files written
//! only where they can be.

use std::process::Command;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_auth0-wizard"));
    c.env_remove("AUTH0_CLIENT_SECRET");
    c
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = bin().args(args).output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

const CLIENT_ID: &str = "Xk3tV9qLmN2pR7sW4yZ8aB1cD5eF6gH0";

/// A domain that is not valid gets validate's message, at --domain, exit 1,
/// from every command that takes one, and nothing is asked of the network.
#[test]
fn check_and_login_test_validate_the_domain_as_validate_does() {
    let domains = [
        ("https://dev-abc.us.auth0.com/authorize", "domain.path"),
        ("manage.auth0.com", "domain.dashboard"),
        ("auth0.com", "domain.auth0_site"),
        ("a b", "domain.spaces"),
    ];
    for (domain, code) in domains {
        let validate = run(&[
            "validate",
            "--target",
            "dex",
            "--url",
            "https://dex.example.com/dex",
            "--client-id",
            CLIENT_ID,
            "--domain",
            domain,
        ]);
        let message = validate
            .stdout
            .lines()
            .find(|l| l.starts_with("error: --domain: ") && l.ends_with(&format!("[{code}]")))
            .unwrap_or_else(|| panic!("{domain}: {}", validate.stdout))
            .to_owned();
        assert_eq!(validate.code, Some(1), "{domain}");
        for cmd in [
            vec!["check", "--client-id", CLIENT_ID, "--domain", domain],
            vec![
                "login-test",
                "--no-browser",
                "--client-id",
                CLIENT_ID,
                "--domain",
                domain,
            ],
        ] {
            let r = run(&cmd);
            assert_eq!(r.code, Some(1), "{cmd:?}: {}", r.stderr);
            assert!(
                r.stderr.contains(&message),
                "{cmd:?} said:\n{}\nvalidate said:\n{message}",
                r.stderr
            );
            assert!(r.stdout.is_empty(), "{cmd:?}: {}", r.stdout);
        }
        let json = run(&[
            "check",
            "--json",
            "--client-id",
            CLIENT_ID,
            "--domain",
            domain,
        ]);
        let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
        assert_eq!(doc["code"], "invalid_settings", "{doc}");
        assert!(
            doc["issues"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["code"] == code),
            "{doc}"
        );
        assert_eq!(json.code, Some(1));
    }
}

/// check's target fields go through validation too: the callback URL pasted
/// as --url is the same error as for validate, an unknown target is still a
/// wrong command line, and --mgmt-domain is checked as the domain is.
#[test]
fn check_validates_the_target_fields() {
    let check = "check --client-id Xk3tV9qLmN2pR7sW4yZ8aB1cD5eF6gH0 --domain dev-abc.us.auth0.com";
    #[rustfmt::skip]
    let cases: [(&str, i32, &[&str]); 3] = [
        ("--target pomerium --url https://authenticate.example.com/oauth2/callback", 1,
         &["error: --url: This is the callback URL", "fix: Use https://authenticate.example.com."]),
        ("--target nope --url https://a.example.com", 2, &["unknown target \"nope\""]),
        ("--mgmt-domain manage.auth0.com", 1,
         &["error: --mgmt-domain: manage.auth0.com is the Auth0 dashboard"]),
    ];
    for (flags, code, needles) in cases {
        let line = format!("{check} {flags}");
        let r = run(&line.split(' ').collect::<Vec<_>>());
        assert_eq!(r.code, Some(code), "{flags}: {}", r.stderr);
        for n in needles {
            assert!(r.stderr.contains(n), "{flags}: {n:?} in\n{}", r.stderr);
        }
    }
}

/// `-o` into a folder that does not exist names that folder, and no
/// temporary file.
#[test]
fn output_into_a_missing_folder_names_the_folder() {
    let dir = tempfile::Builder::new()
        .prefix("export-")
        .tempdir()
        .unwrap();
    let missing = dir.path().join("not-there");
    let out = missing.join("values.yaml");
    let r = bin()
        .args([
            "export",
            "--target",
            "dex",
            "--format",
            "connector-yaml",
            "--domain",
            "dev-abc.us.auth0.com",
            "--client-id",
            CLIENT_ID,
            "--url",
            "https://dex.example.com/dex",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8(r.stderr).unwrap();
    assert_eq!(r.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("the folder {} does not exist", missing.display())),
        "{stderr}"
    );
    // The temporary file is `.values.yaml.XXXXXX.tmp`.
    assert!(
        !stderr.contains(".tmp") && !stderr.contains(".values.yaml."),
        "{stderr}"
    );
}

/// A release number picks the catalog's range; one of the other Pachyderm
/// target names it.
#[test]
fn version_numbers_map_to_ranges_and_name_the_right_target() {
    let base = [
        "requirements",
        "--url",
        "https://authenticate.example.com",
        "--target",
    ];
    for (target, version, ok) in [
        ("pomerium", "0.19", true),
        ("pomerium", "0.19.2", true),
        ("pomerium", "<0.20", true),
        ("openmetadata", "1.2.5", true),
        ("openmetadata", "1.5", true),
        ("pachyderm", "2.11.4", true),
        ("pachyderm", "1.13", false),
        ("pomerium", "latest", false),
    ] {
        let mut args = base.to_vec();
        args.extend([target, "--version", version]);
        let r = run(&args);
        assert_eq!(
            r.code,
            Some(if ok { 0 } else { 2 }),
            "{target} {version}: {}",
            r.stderr
        );
    }
    let r = run(&[
        "requirements",
        "--url",
        "https://p.example.com",
        "--target",
        "pachyderm",
        "--version",
        "1.13",
    ]);
    assert!(
        r.stderr
            .contains("1.13 is a release of Pachyderm 1.x (target pachyderm-1x)"),
        "{}",
        r.stderr
    );
    // The legacy release's requirements follow from the number.
    let r = run(&[
        "requirements",
        "--json",
        "--url",
        "https://a.example.com",
        "--target",
        "pomerium",
        "--version",
        "0.19",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        !doc["m2m"].as_array().unwrap().is_empty(),
        "directory sync before 0.20: {doc}"
    );
}
