//! Every export of every target with hostile values in every string field
//! (values YAML 1.1 reads as booleans, nulls, numbers or timestamps; line
//! breaks), read the way the programs that consume them read:
//!
//! - YAML with a YAML 1.1 reader, PyYAML (Debian's python3-yaml), as Helm,
//!   Kubernetes and Dex read YAML 1.1 (Go's yaml.v2): the same tree as the
//!   YAML 1.2 reading, which export_roundtrip.rs holds to the values written.
//! - env files line by line: each variable on its own line, so no reader, not
//!   even one without quotes (`docker run --env-file`), finds another variable.

use auth0_wizard_core::export::export;
use auth0_wizard_core::target::{dex, openmetadata, pachyderm, pachyderm1x, pomerium};
use auth0_wizard_core::{
    catalog, Config, Domain, OmClientType, Release, Secret, TargetId, TargetOptions,
};
use serde_json::Value;
use std::process::Command;

/// Plain scalars YAML 1.1 does not read as strings (YAML 1.2 reads most as strings).
const YAML11: &[&str] = &[
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "Y",
    "N",
    "Yes",
    "NO",
    "On",
    "OFF",
    "~",
    "=",
    "<<",
    "true",
    "null",
    "",
    "0x1F",
    "1e3",
    "0777",
    "0b101",
    "1_000",
    "12:30",
    "12:30:00",
    "+1",
    "-1",
    ".5",
    "1.",
    ".inf",
    "2001-12-14",
    "2001-12-14 21:59:43.10 -5",
    "2001-12-14t21:59:43.10-05:00",
];
/// Values that would split a line-based file.
const LINES: &[&str] = &[
    "a\nEVIL=1",
    "a\r\nEVIL=1",
    "\nEVIL='x'",
    "it's\nB=\"y\"",
    "z\\\nC=d",
];

fn options(target: TargetId, v: &str) -> TargetOptions {
    let s = || v.to_owned();
    match target {
        TargetId::Pachyderm => TargetOptions::Pachyderm(pachyderm::Options { secret_name: s() }),
        TargetId::Pachyderm1x => TargetOptions::Pachyderm1x(pachyderm1x::Options {
            live_config_version: 3,
        }),
        TargetId::Pomerium => TargetOptions::Pomerium(pomerium::Options {
            cookie_secret: Secret::new(s()),
            shared_secret: Secret::new(s()),
            service_account_client_id: Some(s()),
            service_account_secret: Some(Secret::new(s())),
        }),
        TargetId::Openmetadata => TargetOptions::Openmetadata(openmetadata::Options {
            client_type: OmClientType::Confidential,
            admin_principals: vec![s(), s()],
            principal_domain: s(),
            bot_jwt: Some(Secret::new(s())),
            m2m_client_id: Some(s()),
            m2m_client_secret: Some(Secret::new(s())),
        }),
        TargetId::Dex => TargetOptions::Dex(dex::Options),
    }
}

/// `v` in every string of the configuration (built directly: no validation).
fn config(target: TargetId, release: Release, v: &str) -> Config {
    Config {
        target,
        release,
        version: None,
        domain: Domain {
            host: "dev-abc.us.auth0.com".into(),
            port: None,
        },
        issuer: v.into(),
        client_id: v.into(),
        client_secret: Some(Secret::new(v)),
        public_url: url::Url::parse("https://app.example.com").unwrap(),
        connector_id: v.into(),
        connector_name: v.into(),
        groups_claim: Some(v.into()),
        options: options(target, v),
        handoff: false,
    }
}

/// Every export of every target and release with `v`: (name, syntax, text).
fn exports(values: &[&str]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for target in TargetId::ALL {
        for release in [Release::Current, Release::Legacy] {
            for v in values {
                let cfg = config(target, release, v);
                for f in catalog::target_info(target).formats {
                    let text = export(&cfg, f.id).unwrap();
                    let name = format!("{target}/{release:?}/{}/{v:?}", f.id);
                    out.push((name, f.syntax.as_str().to_owned(), text));
                }
            }
        }
    }
    out
}

/// The documents as PyYAML's safe_load reads them, as JSON (an error or a
/// value JSON cannot hold, such as a date, shows as itself).
fn pyyaml(docs: &[&str]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<_> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let p = dir.path().join(format!("{i}.yaml"));
            std::fs::write(&p, d).unwrap();
            p
        })
        .collect();
    const READ: &str = r#"
import json, sys, yaml
out = []
for p in sys.argv[1:]:
    try:
        with open(p, encoding="utf-8") as f:
            out.append(yaml.safe_load(f))
    except Exception as e:
        out.append({"PyYAML could not read it": str(e)})
print(json.dumps(out, default=lambda o: {"not a string": repr(o)}))
"#;
    let run = Command::new("python3")
        .arg("-c")
        .arg(READ)
        .args(&paths)
        .output();
    let out = run.expect("python3 is missing: run scripts/bootstrap.sh (it installs python3-yaml)");
    assert!(
        out.status.success(),
        "python3 with PyYAML (Debian's python3-yaml; scripts/bootstrap.sh installs it): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn yaml12(doc: &str) -> Value {
    serde_yaml_ng::from_str(doc).unwrap()
}

#[test]
fn yaml_11_readers_read_every_yaml_export_as_written() {
    let values: Vec<&str> = YAML11.iter().chain(LINES).copied().collect();
    let mut docs: Vec<(String, String)> = Vec::new();
    for (name, syntax, text) in exports(&values) {
        if syntax != "yaml" {
            continue;
        }
        // pachd reads the Secret's entries as YAML too.
        let inner = yaml12(&text)["stringData"]["upstream-idps"]
            .as_str()
            .map(str::to_owned);
        if let Some(inner) = inner {
            docs.push((format!("{name} upstream-idps"), inner));
        }
        docs.push((name, text));
    }
    assert!(docs.len() > 500, "only {} documents", docs.len());
    let texts: Vec<&str> = docs.iter().map(|(_, t)| t.as_str()).collect();
    let read = pyyaml(&texts);
    let wrong: Vec<String> = docs
        .iter()
        .zip(read)
        .filter(|((_, text), v11)| yaml12(text) != *v11)
        .map(|((name, text), v11)| format!("{name}:\n{text}YAML 1.1 reads: {v11}\n"))
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} read otherwise:\n{}",
        wrong.len(),
        docs.len(),
        wrong.join("\n")
    );
}

#[test]
fn no_env_export_lets_a_value_make_another_variable() {
    let values: Vec<&str> = LINES.iter().chain(YAML11).copied().collect();
    for (name, syntax, text) in exports(&values) {
        if syntax != "env" {
            continue;
        }
        let vars: Vec<&str> = text
            .split('\n')
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        for l in &vars {
            let key = l.split('=').next().unwrap();
            assert!(
                !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
                "{name}: a line that is no variable: {l:?}\n{text}"
            );
        }
        let read: Vec<_> = dotenvy::from_read_iter(text.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(read.len(), vars.len(), "{name}:\n{text}");
    }
}
