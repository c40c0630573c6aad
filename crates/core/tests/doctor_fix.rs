//! The corrected file (issue 9, section 4): for the fixtures and the
//! exports of every target, the fixer writes the owned values at their
//! spots only (through jsonConfig, stringData and base64 layers), the file
//! reads back to the values written, nothing else changes (comments kept),
//! and fixing twice changes nothing.

mod export_fixtures;
#[path = "doctor_fix/support.rs"]
mod support;

use auth0_wizard_core::doctor::fix::{fix, plan, wants_from_analysis};
use auth0_wizard_core::doctor::{Layer, Source};
use auth0_wizard_core::validate::analyze;
use auth0_wizard_core::Secret;
use support::*;

/// Fixtures whose values the fixer corrects: (file, [(field, before,
/// after)], the findings it resolves).
#[allow(clippy::type_complexity)]
const FIXED: &[(&str, &[(&str, &str, &str)], &[&str])] = &[
    (
        "pachyderm/c2-issuer-no-slash.yaml",
        &[(
            "issuer",
            "https://dev-abc123.us.auth0.com",
            "https://dev-abc123.us.auth0.com/",
        )],
        &["pachyderm.issuer.no_trailing_slash"],
    ),
    (
        "pachyderm/c2-issuer-no-https.yaml",
        &[(
            "issuer",
            "dev-abc123.us.auth0.com/",
            "https://dev-abc123.us.auth0.com/",
        )],
        &["pachyderm.issuer.not_https"],
    ),
    (
        "pachyderm/c3-redirect-no-dex.yaml",
        &[(
            "publicUrl",
            "https://pach.example.com/callback",
            "https://pach.example.com/dex/callback",
        )],
        &["pachyderm.redirect.no_dex_path"],
    ),
    (
        "pachyderm/entries-misc.yaml",
        &[
            (
                "issuer",
                "https://dev-abc123.us.auth0.com/.well-known/openid-configuration",
                "https://dev-abc123.us.auth0.com/",
            ),
            (
                "publicUrl",
                "https://pach.example.com/login",
                "https://pach.example.com/dex/callback",
            ),
        ],
        &[
            "pachyderm.issuer.has_path",
            "pachyderm.redirect.not_dex_callback",
        ],
    ),
    (
        "pachyderm-1x/camel-keys.json",
        &[
            (
                "issuer",
                "dev-abc123.us.auth0.com/",
                "https://dev-abc123.us.auth0.com/",
            ),
            (
                "publicUrl",
                "http://203.0.113.10:30657/callback",
                "http://203.0.113.10:30657/authorization-code/callback",
            ),
        ],
        &[
            "pachyderm-1x.issuer.not_https",
            "pachyderm-1x.redirect.not_callback",
        ],
    ),
    (
        "dex/config-redirect-mismatch.yaml",
        &[(
            "publicUrl",
            "https://dex.example.com/callback",
            "https://dex.example.com/dex/callback",
        )],
        &["dex.redirect.not_issuer_callback"],
    ),
    (
        "dex/values.yaml",
        &[(
            "issuer",
            "http://dev-abc123.us.auth0.com/",
            "https://dev-abc123.us.auth0.com/",
        )],
        &["dex.issuer.not_https"],
    ),
    (
        "pomerium/no-provider.env",
        &[(
            "issuer",
            "dev-abc123.us.auth0.com",
            "https://dev-abc123.us.auth0.com/",
        )],
        &["pomerium.idp_provider_url.scheme"],
    ),
    (
        "pomerium/full-config.yaml",
        &[(
            "issuer",
            "https://corp.us.auth0.com",
            "https://corp.us.auth0.com/",
        )],
        &["pomerium.idp_provider_url.no_trailing_slash"],
    ),
    (
        "pomerium/bad-values.yaml",
        &[(
            "issuer",
            "https://dev-abc123.us.auth0.com/authorize",
            "https://dev-abc123.us.auth0.com/",
        )],
        &["pomerium.idp_provider_url.path"],
    ),
];

#[test]
fn every_fixture_is_fixed_at_its_spots_only_and_once() {
    let mut failures = Vec::new();
    let mut fixed = 0;
    for file in fixture_files() {
        let Some((src, imported, findings)) = import_file(&file) else {
            continue;
        };
        let p = match plan(&src, &imported, &findings, &file) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{file}: {e}"));
                continue;
            }
        };
        let want = FIXED.iter().find(|(f, ..)| *f == file);
        let edits: Vec<(&str, &str, &str)> = p
            .edits
            .iter()
            .map(|e| (e.field.as_str(), e.before.as_str(), e.after.as_str()))
            .collect();
        let resolved: Vec<&str> = p.resolved.iter().map(|f| f.code.as_str()).collect();
        match want {
            Some((_, e, r)) if (e.to_vec(), r.to_vec()) != (edits.clone(), resolved.clone()) => {
                failures.push(format!("{file}: edits {edits:?}, resolved {resolved:?}"))
            }
            None if !edits.is_empty() => {
                failures.push(format!("{file}: unexpected edits {edits:?}"))
            }
            _ => {}
        }
        fixed += usize::from(!p.edits.is_empty());
        failures.extend(
            only_spots_changed(&src, &imported, &p.text, &p.edits)
                .err()
                .map(|e| format!("{file}: {e}")),
        );
        failures.extend(
            comments_kept(&src.text, &p.text)
                .err()
                .map(|e| format!("{file}: {e}")),
        );
        if !p.edits.is_empty() {
            failures.extend(fixed_twice_is_unchanged(&p.text, &imported, &file).err());
        }
    }
    assert_eq!(fixed, FIXED.len(), "{}", failures.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A Dex redirect URI that does not end in /callback tells only the origin
/// of Dex's issuer, not its path: the fixer does not write a guess.
#[test]
fn a_guessed_dex_url_is_not_written() {
    let (src, imported, findings) = import_file("dex/redirect-not-callback.yaml").unwrap();
    let p = plan(&src, &imported, &findings, "x").unwrap();
    assert!(p.edits.is_empty(), "{:?}", p.edits);
    assert!(p.left.iter().any(|f| f.code == "dex.redirect.not_callback"));
}

/// Every file (fixtures with their layers, and every export, plain and
/// handoff) takes other settings: each owned value is written at its spot,
/// the file reads back to them, and nothing else changes.
#[test]
fn other_settings_are_written_through_every_layer() {
    let mut failures = Vec::new();
    // Edits made inside each kind of layer: jsonConfig, stringData, base64.
    let mut layered = [0usize; 3];
    let mut files: Vec<(String, Source)> = fixture_files()
        .into_iter()
        .filter_map(|f| Some((f.clone(), import_file(&f)?.0)))
        .collect();
    files.extend(exports());
    for (name, src) in &files {
        let Some((imported, _)) = top_import(src) else {
            continue;
        };
        let other = other_settings(&imported.settings);
        let analysis = analyze(&other, &mut |_| Secret::default());
        let wants = wants_from_analysis(&analysis, &other);
        let done = match fix(src, &imported, &wants) {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        for e in &done.edits {
            for layer in &imported.spots[&e.field].layers {
                layered[match layer {
                    Layer::JsonString(_) => 0,
                    Layer::YamlString(_) => 1,
                    Layer::Base64(_) => 2,
                }] += 1;
            }
        }
        let checks = [
            reads_back(&done.text, &imported, &wants, &done.edits),
            only_spots_changed(src, &imported, &done.text, &done.edits),
            comments_kept(&src.text, &done.text),
            again_unchanged(&done.text, &imported, &wants, &done.edits),
        ];
        failures.extend(
            checks
                .into_iter()
                .filter_map(Result::err)
                .map(|e| format!("{name}: {e}")),
        );
    }
    assert!(files.len() > 60, "{}", files.len());
    assert!(
        layered.iter().all(|n| *n >= 3),
        "edits inside jsonConfig, stringData, base64: {layered:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The fixer never writes a secret, even when asked to.
#[test]
fn secrets_are_never_written() {
    let (src, imported, _) = import_file("pomerium/full-config.yaml").unwrap();
    let mut wants = wants_from_analysis(
        &analyze(&imported.settings, &mut |_| Secret::default()),
        &imported.settings,
    );
    wants.insert(
        "clientSecret".into(),
        auth0_wizard_core::doctor::fix::Want::Text("new".into()),
    );
    let e = fix(&src, &imported, &wants).unwrap_err();
    assert!(e.to_string().contains("clientSecret is a secret"), "{e}");
}

/// The report, in Markdown and JSON, holds no secret of the file in any
/// form (as it is, JSON-escaped, inside base64), even where the diff changes
/// a line that holds one (a base64 Secret, a jsonConfig string).
#[test]
fn the_report_holds_no_secret() {
    use auth0_wizard_core::doctor::fix::Plan;
    use auth0_wizard_core::doctor::redact::Redactor;
    use auth0_wizard_core::doctor::report::DoctorReport;
    let mut files: Vec<(String, Source)> = fixture_files()
        .into_iter()
        .filter_map(|f| Some((f.clone(), import_file(&f)?.0)))
        .collect();
    files.extend(exports());
    let mut checked = 0;
    for (name, src) in &files {
        let Some((imported, _)) = top_import(src) else {
            continue;
        };
        let secrets: Vec<String> = imported
            .settings
            .client_secret
            .iter()
            .chain(imported.settings.extra_secrets.values())
            .map(|s| s.expose().to_owned())
            // A secret of a few letters ("b" in a fixture) is in any text.
            .filter(|s| s.len() >= 4)
            .collect();
        let other = other_settings(&imported.settings);
        let wants = wants_from_analysis(&analyze(&other, &mut |_| Secret::default()), &other);
        let Ok(done) = fix(src, &imported, &wants) else {
            continue;
        };
        let plan = Plan {
            diff: String::new(),
            text: done.text,
            edits: done.edits,
            settings: other,
            resolved: Vec::new(),
            left: imported.findings.clone(),
        };
        let mut report = DoctorReport::new(name, &imported, imported.findings.clone());
        let r = Redactor::of(&imported.settings);
        report.with_fix(&src.text, &plan, Some("out.yaml"), &r);
        for (kind, text) in [
            ("markdown", report.to_markdown(&r)),
            ("json", report.to_json(&r)),
        ] {
            for s in &secrets {
                assert!(
                    !text.contains(s.as_str()),
                    "{name}: the {kind} report holds a secret:\n{text}"
                );
                assert!(
                    !in_base64(&text, s),
                    "{name}: the {kind} report holds a secret in base64:\n{text}"
                );
            }
        }
        checked += usize::from(!secrets.is_empty());
    }
    assert!(checked > 20, "{checked}");
}

/// Whether a base64 word of `text` decodes to text holding `secret`.
fn in_base64(text: &str, secret: &str) -> bool {
    use base64::Engine;
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "+/=".contains(c)))
        .filter_map(|w| base64::engine::general_purpose::STANDARD.decode(w).ok())
        .any(|b| String::from_utf8_lossy(&b).contains(secret))
}
