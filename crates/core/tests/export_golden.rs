//! Golden files for every target × format (and handoff variants), compared
//! byte for byte. `UPDATE_GOLDEN=1 cargo test -p auth0-wizard-core --test export_golden`
//! rewrites them; review every change by hand against targets.md.
//!
//! Also: handoff mode leaves every secret out, Pomerium 0.20+ never gets
//! `idp_service_account`, and the dispatcher covers every catalog format.

mod export_fixtures;

use auth0_wizard_core::export::export;
use auth0_wizard_core::{catalog, Config, Release, Secret, TargetId, TargetOptions};
use export_fixtures::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

#[test]
fn exports_match_the_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let dir = golden_dir();
    let mut expected_files = BTreeSet::new();
    let mut failures = Vec::new();
    for f in fixtures() {
        for format in &f.formats {
            let name = golden_name(&f, format);
            let path = dir.join(&name);
            expected_files.insert(name.clone());
            let got = export(&f.config, format).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(
                got,
                export(&f.config, format).unwrap(),
                "{name} is not stable"
            );
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &got).unwrap();
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(want) if want == got => {}
                Ok(want) => failures.push(format!(
                    "{name} differs:\n--- golden\n{want}\n--- export\n{got}"
                )),
                Err(e) => failures.push(format!("{name}: {e} (run with UPDATE_GOLDEN=1)")),
            }
        }
    }
    // No stale golden files lying around unchecked.
    let mut on_disk = BTreeSet::new();
    for target in std::fs::read_dir(&dir).unwrap() {
        let target = target.unwrap().path();
        for file in std::fs::read_dir(&target).unwrap() {
            let file = file.unwrap().path();
            on_disk.insert(
                file.strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    let stale: Vec<_> = on_disk.difference(&expected_files).collect();
    if update {
        for s in stale {
            std::fs::remove_file(dir.join(s)).unwrap();
        }
    } else {
        assert!(
            stale.is_empty(),
            "golden files without a fixture: {stale:?}"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_target_and_format_has_a_golden_file() {
    let covered: BTreeSet<(TargetId, &str)> = fixtures()
        .iter()
        .flat_map(|f| f.formats.iter().map(move |fmt| (f.target, *fmt)))
        .collect();
    let handoff: BTreeSet<(TargetId, &str)> = fixtures()
        .iter()
        .filter(|f| f.config.handoff)
        .flat_map(|f| f.formats.iter().map(move |fmt| (f.target, *fmt)))
        .collect();
    for t in catalog() {
        for f in &t.formats {
            assert!(
                covered.contains(&(t.id, f.id)),
                "{} {} has no golden file",
                t.id,
                f.id
            );
            assert!(
                handoff.contains(&(t.id, f.id)),
                "{} {} has no handoff golden file",
                t.id,
                f.id
            );
        }
    }
}

#[test]
fn every_catalog_format_exports_and_others_are_refused() {
    for f in fixtures() {
        for fmt in catalog::target_info(f.target).formats {
            let out = export(&f.config, fmt.id)
                .unwrap_or_else(|e| panic!("{} {}: {e}", f.target, fmt.id));
            assert!(
                out.ends_with('\n') && !out.ends_with("\n\n"),
                "{} {} must end with one line feed",
                f.target,
                fmt.id
            );
        }
        let e = export(&f.config, "no-such-format").unwrap_err();
        assert_eq!(e.code(), "unknown_format");
    }
    let mut wrong = fixtures().remove(0).config;
    wrong.options = TargetOptions::Dex(auth0_wizard_core::target::dex::Options);
    assert_eq!(
        export(&wrong, "helm-values").unwrap_err().code(),
        "invalid_settings"
    );
}

fn all_outputs(cfg: &Config) -> Vec<(String, String)> {
    catalog::target_info(cfg.target)
        .formats
        .iter()
        .map(|f| (f.id.to_owned(), export(cfg, f.id).unwrap()))
        .collect()
}

#[test]
fn handoff_leaves_every_secret_out() {
    let mut checked = 0;
    for f in fixtures() {
        let handoff = f.config.redacted();
        for (format, out) in all_outputs(&handoff) {
            for secret in ALL_SECRETS {
                assert!(
                    !out.contains(secret),
                    "{} {format} (handoff) contains a secret:\n{out}",
                    f.target
                );
            }
            assert!(
                !out.contains("idp_service_account:") && !out.contains("IDP_SERVICE_ACCOUNT="),
                "{} {format}: service account in handoff",
                f.target
            );
            checked += 1;
        }
    }
    assert!(checked >= 20);
}

/// The other side of the handoff test: without handoff the secrets are
/// really there, so the test above checks something.
#[test]
fn without_handoff_the_given_secrets_are_written() {
    use TargetId::{Dex, Openmetadata, Pachyderm, Pachyderm1x, Pomerium};
    // (target, fixture variant, formats, the secrets each of them carries)
    #[rustfmt::skip]
    let cases: &[(TargetId, &str, &[&str], &[&str])] = &[
        (Pachyderm, "", &["dex-json", "dex-yaml", "helm-values", "k8s-secret"], &[CLIENT_SECRET]),
        (Pachyderm1x, "", &["auth-config"], &[CLIENT_SECRET]),
        (Pomerium, "", &["config-yaml", "env"], &[CLIENT_SECRET, COOKIE_SECRET, SHARED_SECRET]),
        (Openmetadata, "", &["server-yaml", "server-env", "security-config"], &[CLIENT_SECRET]),
        (Openmetadata, "", &["ingestion-yaml"], &[BOT_JWT]),
        (Openmetadata, "legacy", &["ingestion-yaml"], &[M2M_SECRET]),
        (Dex, "", &["connector-yaml"], &[CLIENT_SECRET]),
    ];
    for &(target, variant, formats, secrets) in cases {
        let cfg = fixture(target, variant);
        for format in formats {
            let out = export(&cfg, format).unwrap();
            for secret in secrets {
                assert!(
                    out.contains(secret),
                    "{target} {variant} {format} lacks a secret it should carry:\n{out}"
                );
            }
        }
    }
    let om = fixture(Openmetadata, "");
    // The OpenMetadata Helm values never carry the secret inline.
    assert!(!export(&om, "helm-values").unwrap().contains(CLIENT_SECRET));
}

fn service_account_json(out: &str) -> serde_json::Value {
    use base64::Engine;
    let line = out
        .lines()
        .find_map(|l| {
            l.strip_prefix("idp_service_account: ")
                .or_else(|| l.strip_prefix("IDP_SERVICE_ACCOUNT="))
        })
        .unwrap_or_else(|| panic!("no service account in\n{out}"));
    let raw = base64::engine::general_purpose::STANDARD
        .decode(line.trim())
        .unwrap();
    serde_json::from_slice(&raw).unwrap()
}

#[test]
fn legacy_pomerium_writes_the_service_account_and_current_never_does() {
    let legacy = fixture(TargetId::Pomerium, "legacy");
    for format in ["config-yaml", "env"] {
        let v = service_account_json(&export(&legacy, format).unwrap());
        assert_eq!(
            v,
            serde_json::json!({"client_id": SA_CLIENT_ID, "secret": SA_SECRET}),
            "{format}"
        );
    }
    // Even with service-account credentials in the options, 0.20+ must not
    // get idp_service_account: Pomerium 0.20+ refuses to start with it.
    let mut current = legacy.clone();
    current.release = Release::Current;
    assert!(matches!(
        &current.options,
        TargetOptions::Pomerium(auth0_wizard_core::target::pomerium::Options {
            service_account_secret: Some(_),
            ..
        })
    ));
    for cfg in [current.clone(), current.redacted()] {
        for (format, out) in all_outputs(&cfg) {
            assert!(
                !out.to_ascii_lowercase().contains("idp_service_account"),
                "{format}:\n{out}"
            );
            assert!(
                !out.contains(SA_SECRET) && !out.contains(SA_CLIENT_ID),
                "{format}:\n{out}"
            );
        }
    }
    // Legacy without credentials: no service account either.
    let mut bare = legacy;
    if let TargetOptions::Pomerium(auth0_wizard_core::target::pomerium::Options {
        service_account_client_id,
        service_account_secret,
        ..
    }) = &mut bare.options
    {
        *service_account_client_id = None;
        *service_account_secret = None;
    }
    for (format, out) in all_outputs(&bare) {
        assert!(
            !out.contains("idp_service_account:") && !out.contains("IDP_SERVICE_ACCOUNT="),
            "{format}:\n{out}"
        );
    }
}

#[test]
fn a_missing_client_secret_is_a_named_placeholder() {
    for f in fixtures().into_iter().filter(|f| !f.config.handoff) {
        let mut cfg = f.config.clone();
        cfg.client_secret = None;
        for (format, out) in all_outputs(&cfg) {
            assert!(!out.contains(CLIENT_SECRET), "{} {format}", f.target);
        }
    }
    let dex = fixture(TargetId::Dex, "nogroups-nosecret");
    assert!(export(&dex, "connector-yaml")
        .unwrap()
        .contains("clientSecret: $AUTH0_CLIENT_SECRET\n"));
    let mut pach = fixtures().remove(0).config;
    pach.client_secret = None;
    assert!(export(&pach, "dex-json")
        .unwrap()
        .contains("\"clientSecret\": \"REPLACE_WITH_AUTH0_CLIENT_SECRET\""));
    // A given secret with odd characters is still written exactly.
    pach.client_secret = Some(Secret::new("a'b\"c$d#e"));
    assert!(export(&pach, "dex-json")
        .unwrap()
        .contains(r#""clientSecret": "a'b\"c$d#e""#));
}

/// The Pomerium <0.20 service-account extras: both or neither, Legacy only.
#[test]
fn service_account_extras_are_both_or_neither_and_legacy_only() {
    use auth0_wizard_core::validate::{build_with, validate};
    use auth0_wizard_core::RawSettings;
    let base = || RawSettings {
        target: "pomerium".into(),
        version: "<0.20".into(),
        domain: DOMAIN.into(),
        client_id: CLIENT_ID.into(),
        client_secret: Some(Secret::new(CLIENT_SECRET)),
        public_url: "https://authenticate.example.com".into(),
        ..RawSettings::default()
    };
    let mut only_id = base();
    only_id
        .extras
        .insert("serviceAccountClientId".into(), SA_CLIENT_ID.into());
    let r = validate(&only_id);
    assert!(
        r.codes().contains(&"extras.service_account.incomplete"),
        "{:?}",
        r.codes()
    );
    assert_eq!(r.for_field("extras.serviceAccountSecret").count(), 1);
    let mut only_secret = base();
    only_secret
        .extra_secrets
        .insert("serviceAccountSecret".into(), Secret::new(SA_SECRET));
    let r = validate(&only_secret);
    assert_eq!(
        r.for_field("extras.serviceAccountClientId")
            .map(|i| i.code.as_str())
            .collect::<Vec<_>>(),
        ["extras.service_account.incomplete"]
    );
    assert!(validate(&base())
        .codes()
        .iter()
        .all(|c| !c.starts_with("extras.service_account")));

    // Both, but for 0.20+: a warning, and the options carry nothing.
    let mut current = base();
    current.version = String::new();
    current
        .extras
        .insert("serviceAccountClientId".into(), SA_CLIENT_ID.into());
    current
        .extra_secrets
        .insert("serviceAccountSecret".into(), Secret::new(SA_SECRET));
    assert!(validate(&current).codes().contains(&"extras.other_version"));
    let cfg = build_with(&current, &mut |_| Secret::new(COOKIE_SECRET)).unwrap();
    assert!(matches!(
        cfg.options,
        TargetOptions::Pomerium(auth0_wizard_core::target::pomerium::Options {
            service_account_client_id: None,
            service_account_secret: None,
            ..
        })
    ));
}

#[test]
fn a_dex_secret_with_a_dollar_sign_is_flagged() {
    let mut dex = fixture(TargetId::Dex, "");
    assert!(!export(&dex, "connector-yaml")
        .unwrap()
        .contains("contains '$'"));
    dex.client_secret = Some(Secret::new("abc$def"));
    let out = export(&dex, "connector-yaml").unwrap();
    assert!(
        out.contains("# The client secret contains '$', which Dex expands"),
        "{out}"
    );
}
