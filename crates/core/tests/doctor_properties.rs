//! Issue 9 §7, for the doctor as a whole (`claims` over every target, the
//! lint, the fixer and the report): arbitrary bytes, arbitrary YAML/JSON
//! trees and mutated exports never panic, and cannot hang (inputs are
//! bounded in size and the reader's node budget bounds what aliases expand
//! to: no case depends on a clock); and every export of this product, every
//! target, format and mode, imports back, by detection alone, to the
//! settings it carries: exporting the imported settings again gives the
//! same file.

mod export_fixtures;
#[path = "doctor_properties/strategies.rs"]
mod strategies;

use auth0_wizard_core::doctor::fix::{fix, plan, wants_from_analysis};
use auth0_wizard_core::doctor::redact::Redactor;
use auth0_wizard_core::doctor::report::DoctorReport;
use auth0_wizard_core::doctor::{claims, lint, ImportOptions, Source};
use auth0_wizard_core::export::export;
use auth0_wizard_core::validate::{analyze, build_with};
use auth0_wizard_core::{Config, RawSettings, Secret, TargetId};
use proptest::prelude::*;
use strategies::{file_tree, settings, to_text};

/// Everything the doctor does with a file, as the CLI and the window do it:
/// every claim (each target, with and without a connector chosen), its
/// lint, the fix with its own corrections and with other settings, and the
/// report in both forms.
fn doctor_all(bytes: &[u8]) {
    let Ok(src) = Source::read(bytes) else { return };
    for connector in [None, Some("auth0".to_owned())] {
        let opts = ImportOptions {
            connector,
            ..ImportOptions::default()
        };
        for claim in claims(&src, &opts) {
            let imported = &claim.imported;
            let mut findings = imported.findings.clone();
            findings.extend(lint(imported.detected.target, &src, imported));
            let mut report = DoctorReport::new("f", imported, findings.clone());
            let r = Redactor::of(&imported.settings);
            if let Ok(p) = plan(&src, imported, &findings, "f") {
                report.with_fix(&src.text, &p, None, &r);
            }
            let _ = (report.to_markdown(&r), report.to_json(&r));
            let other = strategies::other(&imported.settings);
            let wants = wants_from_analysis(&analyze(&other, &mut |_| Secret::default()), &other);
            let _ = fix(&src, imported, &wants);
        }
    }
}

/// Pomerium's cookie and shared secrets, when the file has none.
fn generated(key: &str) -> Secret {
    Secret::new(match key {
        "cookieSecret" => "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
        _ => "AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=",
    })
}

/// The settings read from a file, with what the format does not carry
/// taken from elsewhere (other values than the original's: a file that
/// carried them would give its own); in a handoff file, the secrets too.
fn completed(mut s: RawSettings, handoff: bool) -> RawSettings {
    for (field, value) in [
        (&mut s.domain, "elsewhere.eu.auth0.com"),
        (&mut s.client_id, "ElsewhereClientId0123456789abcde"),
        (&mut s.public_url, "https://elsewhere.example.org"),
    ] {
        if field.is_empty() {
            *field = value.to_owned();
        }
    }
    if handoff {
        let elsewhere = || Secret::new("ElsewhereSecret-0123456789abcdefghijklmnopqrstuvwxyzABCD");
        s.client_secret.get_or_insert_with(elsewhere);
        for (id, secret) in [
            ("m2mClientId", "m2mClientSecret"),
            ("serviceAccountClientId", "serviceAccountSecret"),
        ] {
            if s.extras.contains_key(id) {
                s.extra_secrets
                    .entry(secret.to_owned())
                    .or_insert_with(elsewhere);
            }
        }
    }
    s
}

/// Export `cfg` as `format`, read it back through detection alone, and
/// export what was read: the same settings (the same file but its comments),
/// or what differs.
fn round_trip(cfg: &Config, format: &str) -> Result<(), String> {
    let what = format!(
        "{} {format}{}",
        cfg.target,
        if cfg.handoff { " (handoff)" } else { "" }
    );
    let text = export(cfg, format).map_err(|e| e.to_string())?;
    let src = Source::read(text.as_bytes()).map_err(|e| format!("{what}: {e}"))?;
    let claim = claims(&src, &ImportOptions::default())
        .into_iter()
        .next()
        .ok_or_else(|| format!("{what}: no target claims it"))?;
    let d = &claim.imported.detected;
    if (d.target, d.format.as_str()) != (cfg.target, format) {
        return Err(format!("{what}: detected as {} {}", d.target, d.format));
    }
    let raw = completed(claim.imported.settings.clone(), cfg.handoff);
    let again =
        build_with(&raw, &mut generated).map_err(|r| format!("{what}: {:?}\n{text}", r.codes()))?;
    let again = if cfg.handoff { again.redacted() } else { again };
    let text2 = export(&again, format).map_err(|e| e.to_string())?;
    // The header's notes are comments, not settings: a handoff export of
    // Pomerium before 0.20 says only there that the service account is left out.
    let settings = |t: &str| {
        t.lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if settings(&text2) != settings(&text) {
        let diff = auth0_wizard_core::doctor::fix::diff(
            &text,
            &text2,
            "exported",
            "read back and exported",
        );
        return Err(format!(
            "{what}: the settings read back export differently:\n{diff}"
        ));
    }
    Ok(())
}

#[test]
fn every_export_of_the_fixtures_imports_back_to_its_settings() {
    let mut n = 0;
    let mut failures = Vec::new();
    for f in export_fixtures::fixtures() {
        for format in &f.formats {
            failures.extend(round_trip(&f.config, format).err());
            n += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(n >= 40, "{n}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_export_of_any_settings_imports_back(raw in settings(), handoff in any::<bool>()) {
        let cfg = build_with(&raw, &mut generated).expect("the strategy makes valid settings");
        let cfg = if handoff { cfg.redacted() } else { cfg };
        for format in cfg.target.info().formats.iter().map(|f| f.id) {
            if let Err(e) = round_trip(&cfg, format) {
                prop_assert!(false, "{}", e);
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        doctor_all(&bytes);
    }

    #[test]
    fn arbitrary_trees_never_panic(tree in file_tree(), json in any::<bool>()) {
        doctor_all(to_text(&tree, json).as_bytes());
    }

    #[test]
    fn mutated_exports_never_panic(
        raw in settings(),
        at in any::<proptest::sample::Index>(),
        cut in 0usize..16,
        piece in proptest::sample::select(strategies::PIECES.to_vec()),
    ) {
        let cfg = build_with(&raw, &mut generated).expect("valid settings");
        for format in cfg.target.info().formats.iter().map(|f| f.id) {
            let text = export(&cfg, format).unwrap();
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) { i -= 1; }
            let mut j = (i + cut).min(text.len());
            while !text.is_char_boundary(j) { j -= 1; }
            doctor_all(format!("{}{piece}{}", &text[..i], &text[j..]).as_bytes());
        }
    }
}

/// An alias bomb is refused by the reader, within its node budget.
#[test]
fn an_alias_bomb_is_refused_not_followed() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    bomb.push_str("oidc:\n  upstreamIDPs: *a11\n");
    assert!(Source::read(bomb.as_bytes()).is_err());
    doctor_all(bomb.as_bytes());
}

#[test]
fn every_target_is_covered() {
    let targets: Vec<TargetId> = export_fixtures::fixtures()
        .iter()
        .map(|f| f.target)
        .collect();
    for t in TargetId::ALL {
        assert!(targets.contains(&t), "{t} has no export fixture");
    }
}
