//! The app's window is locked down as configured: src-tauri/tauri.conf.json's
//! Content-Security-Policy is strict, and src-tauri/capabilities/ grants the
//! window only what the UI calls (no shell, no opener or dialog from the page).
//! Reads the JSON only: no Tauri build needed.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn security() -> Value {
    read_json(&root().join("src-tauri/tauri.conf.json"))["app"]["security"].clone()
}

/// Each directive the policy may have, with every source it may allow.
const ALLOWED: &[(&str, &[&str])] = &[
    ("default-src", &["'self'"]),
    ("script-src", &["'self'"]),
    // Svelte sets inline styles (transitions, style: directives).
    ("style-src", &["'self'", "'unsafe-inline'"]),
    ("img-src", &["'self'", "data:"]),
    ("font-src", &["'self'"]),
    // Tauri's IPC only: the page calls no server itself.
    ("connect-src", &["ipc:", "http://ipc.localhost"]),
    ("object-src", &["'none'"]),
    ("base-uri", &["'none'"]),
    ("form-action", &["'none'"]),
    ("frame-ancestors", &["'none'"]),
];

/// Directives that must be there, or the browser's default (anything) applies.
const REQUIRED: &[&str] = &[
    "default-src",
    "script-src",
    "connect-src",
    "object-src",
    "base-uri",
    "form-action",
    "frame-ancestors",
];

/// The policy as directive -> sources (Tauri takes an object or one string).
fn directives(csp: &Value) -> BTreeMap<String, Vec<String>> {
    let split = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    match csp {
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| {
                let sources = match v {
                    Value::String(s) => split(s),
                    Value::Array(a) => a.iter().filter_map(Value::as_str).flat_map(split).collect(),
                    other => panic!("{k}: {other} is neither a string nor a list"),
                };
                (k.clone(), sources)
            })
            .collect(),
        Value::String(s) => s
            .split(';')
            .filter_map(|d| {
                let mut words = d.split_whitespace();
                let name = words.next()?.to_owned();
                Some((name, words.map(str::to_owned).collect()))
            })
            .collect(),
        other => panic!("the CSP is {other}: the window would run without one"),
    }
}

/// Every way `csp` is weaker than ALLOWED and REQUIRED say.
fn weaknesses(csp: &Value) -> Vec<String> {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let found = directives(csp);
    let mut out = Vec::new();
    for d in REQUIRED {
        if !found.contains_key(*d) {
            out.push(format!("{d} is missing"));
        }
    }
    for (d, sources) in &found {
        let Some(ok) = allowed.get(d.as_str()) else {
            out.push(format!("{d} is not an expected directive"));
            continue;
        };
        if sources.is_empty() {
            out.push(format!("{d} has no sources"));
        }
        for s in sources.iter().filter(|s| !ok.contains(&s.as_str())) {
            out.push(format!("{d} allows {s}"));
        }
    }
    out
}

#[test]
fn the_content_security_policy_is_strict() {
    let sec = security();
    let w = weaknesses(&sec["csp"]);
    assert!(
        w.is_empty(),
        "src-tauri/tauri.conf.json app.security.csp: {w:#?}"
    );
    // The development policy, if any, is held to the same rules.
    if let Some(dev) = sec.get("devCsp").filter(|v| !v.is_null()) {
        let w = weaknesses(dev);
        assert!(w.is_empty(), "app.security.devCsp: {w:#?}");
    }
    // Tauri adds its nonces and hashes to the policy unless this is set.
    let disabled = &sec["dangerousDisableAssetCspModification"];
    assert!(
        disabled.is_null() || *disabled == Value::Bool(false),
        "dangerousDisableAssetCspModification: {disabled}"
    );
    assert_eq!(sec["freezePrototype"], true, "freezePrototype");
    assert_ne!(
        sec["assetProtocol"]["enable"], true,
        "the asset protocol is on"
    );
    let conf = read_json(&root().join("src-tauri/tauri.conf.json"));
    assert_ne!(
        conf["app"]["withGlobalTauri"], true,
        "window.__TAURI__ is on"
    );
}

#[test]
fn the_policy_check_catches_what_it_is_for() {
    use serde_json::json;
    let strict = security()["csp"].clone();
    assert!(weaknesses(&strict).is_empty());
    for (directive, value, why) in [
        (
            "script-src",
            "'self' 'unsafe-eval'",
            "script-src allows 'unsafe-eval'",
        ),
        (
            "script-src",
            "'self' 'unsafe-inline'",
            "script-src allows 'unsafe-inline'",
        ),
        (
            "connect-src",
            "ipc: http://ipc.localhost https:",
            "connect-src allows https:",
        ),
        ("object-src", "'self'", "object-src allows 'self'"),
        ("worker-src", "*", "worker-src is not an expected directive"),
    ] {
        let mut weak = strict.clone();
        weak[directive] = json!(value);
        assert!(weaknesses(&weak).contains(&why.to_owned()), "{why}");
    }
    let mut weak = strict.clone();
    weak.as_object_mut().unwrap().remove("frame-ancestors");
    assert_eq!(weaknesses(&weak), ["frame-ancestors is missing"]);
    assert_eq!(
        weaknesses(&json!(
            "default-src 'self'; script-src 'self' 'unsafe-eval'"
        ))
        .len(),
        1 + REQUIRED.len() - 2,
        "the string form is read too"
    );
}

fn capability_files() -> Vec<PathBuf> {
    let dir = root().join("src-tauri/capabilities");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in &files {
        assert_eq!(
            f.extension().and_then(|e| e.to_str()),
            Some("json"),
            "{}: only JSON capabilities are read by this test",
            f.display()
        );
    }
    assert!(!files.is_empty(), "no capability file");
    files
}

/// What the window may call beyond the app's own commands: nothing (the page
/// copies with the web view's own Clipboard API; dialogs and the browser are
/// opened by the Rust side).
const PERMISSIONS: &[&str] = &[];

#[test]
fn the_window_gets_only_the_permissions_the_ui_uses() {
    let mut granted = BTreeSet::new();
    for f in capability_files() {
        let cap = read_json(&f);
        let name = f.display();
        assert_eq!(
            cap["windows"],
            serde_json::json!(["main"]),
            "{name}: windows"
        );
        for key in ["remote", "webviews"] {
            assert!(cap.get(key).is_none(), "{name}: {key} is set");
        }
        for p in cap["permissions"].as_array().unwrap_or(&Vec::new()) {
            // A permission with a scope is an object: its identifier counts.
            let id = p.as_str().or_else(|| p["identifier"].as_str());
            granted.insert(id.unwrap_or_else(|| panic!("{name}: {p}")).to_owned());
        }
    }
    let expected: BTreeSet<String> = PERMISSIONS.iter().map(|p| p.to_string()).collect();
    assert_eq!(granted, expected, "the capabilities' permissions");

    // Each granted plugin is one the UI imports, and the other way round.
    let granted_plugins: BTreeSet<String> = granted
        .iter()
        .filter_map(|p| p.split_once(':').map(|(plugin, _)| plugin.to_owned()))
        .collect();
    assert_eq!(
        ui_plugin_imports(),
        granted_plugins,
        "plugins the UI imports"
    );
}

/// The `@tauri-apps/plugin-*` modules ui/src imports (tests aside).
fn ui_plugin_imports() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut dirs = vec![root().join("ui/src")];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                dirs.push(p);
            } else if (name.ends_with(".ts") || name.ends_with(".svelte"))
                && !name.contains(".test.")
            {
                let text = std::fs::read_to_string(&p).unwrap();
                for (i, _) in text.match_indices("@tauri-apps/plugin-") {
                    let rest = &text[i + "@tauri-apps/plugin-".len()..];
                    let end = rest
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                        .unwrap_or(rest.len());
                    out.insert(rest[..end].to_owned());
                }
            }
        }
    }
    out
}

#[test]
fn there_is_no_shell_plugin() {
    let cargo = std::fs::read_to_string(root().join("src-tauri/Cargo.toml")).unwrap();
    let dependency = cargo
        .lines()
        .map(str::trim_start)
        .find(|l| l.starts_with("tauri-plugin-shell"));
    assert_eq!(dependency, None, "src-tauri/Cargo.toml");
    let ui = read_json(&root().join("ui/package.json"));
    for deps in ["dependencies", "devDependencies"] {
        assert!(
            ui[deps].get("@tauri-apps/plugin-shell").is_none(),
            "ui/package.json {deps}"
        );
    }
}
