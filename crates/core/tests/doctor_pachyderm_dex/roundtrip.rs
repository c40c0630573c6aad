//! Every export of Pachyderm 2.x, Pachyderm 1.x and Dex reads back, through
//! detection alone, as its own target and format, to the settings it carries
//! (a handoff export to no secret), lints without errors or warnings but
//! its secret placeholder, and has its values at their spots.

use super::export_fixtures::fixtures;
use super::support::{all_findings, check_spots, top};
use auth0_wizard_core::doctor::{ImportOptions, Level, Source};
use auth0_wizard_core::export::export;
use auth0_wizard_core::validate::build_with;
use auth0_wizard_core::{Config, RawSettings, Release, Secret, TargetId};
use proptest::prelude::*;

const OURS: [TargetId; 3] = [TargetId::Pachyderm, TargetId::Pachyderm1x, TargetId::Dex];

/// What `format` carries of `cfg`: no secret in a handoff export, default
/// options where the format does not write them, no groups in Pachyderm 1.x.
fn carried(cfg: &Config, format: &str) -> Config {
    let mut c = cfg.clone();
    if cfg.handoff {
        c.client_secret = None;
        c.handoff = false;
    }
    if cfg.target == TargetId::Pachyderm1x {
        c.groups_claim = None;
    }
    if cfg.target == TargetId::Pachyderm && format != "k8s-secret" {
        c.options = TargetId::Pachyderm.default_options(Release::Current);
    }
    c
}

/// Export `cfg` as `format`, read it back, and compare; `Err` says what differs.
fn round_trip(cfg: &Config, format: &str) -> Result<(), String> {
    let what = format!(
        "{} {format}{}",
        cfg.target,
        if cfg.handoff { " (handoff)" } else { "" }
    );
    let text = export(cfg, format).map_err(|e| e.to_string())?;
    let src = Source::read(text.as_bytes()).map_err(|e| format!("{what}: {e}"))?;
    let claim = top(&src, &ImportOptions::default(), &what);
    let d = &claim.imported.detected;
    if (d.target, d.format.as_str()) != (cfg.target, format) {
        return Err(format!("{what}: detected as {} {}", d.target, d.format));
    }
    let built = build_with(&claim.imported.settings, &mut |_| Secret::default()).map_err(|r| {
        format!(
            "{what}: the imported settings do not validate: {:?}",
            r.codes()
        )
    })?;
    let want = carried(cfg, format);
    if built != want {
        return Err(format!(
            "{what}:\n{text}\n  read back {built:?}\n  expected  {want:?}"
        ));
    }
    check_spots(&src, &claim.imported, &what);
    for (level, code, path, line) in all_findings(&src, &claim.imported) {
        let withheld = cfg.handoff || cfg.client_secret.is_none();
        let placeholder = withheld && code.ends_with(".value.placeholder");
        if level != Level::Info && !placeholder {
            return Err(format!(
                "{what}: the wizard's own export gives {level:?} {code} at {path} {line:?}\n{text}"
            ));
        }
    }
    Ok(())
}

#[test]
fn every_export_of_the_fixtures_reads_back_to_its_settings() {
    let mut n = 0;
    for f in fixtures().into_iter().filter(|f| OURS.contains(&f.target)) {
        for format in &f.formats {
            round_trip(&f.config, format).unwrap_or_else(|e| panic!("{e}"));
            n += 1;
        }
    }
    // 4 Pachyderm formats, 1 Pachyderm 1.x, 1 Dex (twice), each also as handoff.
    assert_eq!(n, 2 * (4 + 1 + 2));
}

prop_compose! {
    fn settings()(
        target in proptest::sample::select(OURS.to_vec()),
        tenant in "[a-z][a-z0-9]{2,12}",
        region in proptest::sample::select(vec!["", ".us", ".eu"]),
        client_id in "[A-Za-z0-9]{32}",
        secret in proptest::option::of("[A-Za-z0-9_-]{48,64}"),
        host in "[a-z]{3,10}",
        path in proptest::sample::select(vec!["", "/pach"]),
        connector_id in proptest::sample::select(vec!["", "auth0", "auth0-prod"]),
        connector_name in proptest::sample::select(vec!["", "Auth0", "Company SSO"]),
        groups in proptest::option::of("https://[a-z]{3,8}\\.example\\.com/(groups|roles)"),
        secret_name in "[a-z][a-z0-9-]{0,20}[a-z0-9]",
        live in 0i64..1000,
    ) -> RawSettings {
        let public_url = match target {
            TargetId::Dex => format!("https://{host}.example.com/dex"),
            TargetId::Pachyderm1x => format!("https://{host}.example.com:30657"),
            _ => format!("https://{host}.example.com{path}"),
        };
        let mut raw = RawSettings {
            target: target.as_str().to_owned(),
            domain: format!("{tenant}{region}.auth0.com"),
            client_id,
            client_secret: secret.map(Secret::new),
            public_url,
            connector_id: connector_id.to_owned(),
            connector_name: connector_name.to_owned(),
            groups_claim: groups.unwrap_or_default(),
            ..RawSettings::default()
        };
        match target {
            TargetId::Pachyderm => { raw.extras.insert("secretName".into(), secret_name); }
            TargetId::Pachyderm1x => { raw.extras.insert("liveConfigVersion".into(), live.to_string()); }
            _ => {}
        }
        raw
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_settings_read_back_from_every_export(raw in settings(), handoff in any::<bool>()) {
        let cfg = build_with(&raw, &mut |_| Secret::default()).expect("the strategy makes valid settings");
        let cfg = if handoff { cfg.redacted() } else { cfg };
        for format in cfg.target.info().formats.iter().map(|f| f.id) {
            if let Err(e) = round_trip(&cfg, format) {
                prop_assert!(false, "{}", e);
            }
        }
    }
}

/// Pomerium's and OpenMetadata's exports are none of these targets' files.
#[test]
fn the_other_targets_exports_are_not_claimed() {
    for f in fixtures().into_iter().filter(|f| !OURS.contains(&f.target)) {
        for format in &f.formats {
            let text = export(&f.config, format).unwrap();
            let src = Source::read(text.as_bytes()).unwrap();
            for target in OURS {
                let opts = ImportOptions {
                    target: Some(target),
                    ..ImportOptions::default()
                };
                let claimed = auth0_wizard_core::doctor::claims(&src, &opts);
                assert!(claimed.is_empty(), "{target} claims {} {format}", f.target);
            }
        }
    }
}
