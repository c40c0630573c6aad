//! What the README's set-up section promises about the Rust toolchain holds: every
//! workspace crate declares the workspace's `rust-version`, no locked dependency
//! (for this platform) needs a newer Rust, and the README names that same minimum.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// "1.90" or "1.90.1" as (1, 90, 1).
fn version(v: &str) -> (u32, u32, u32) {
    let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let mut next = || parts.next().unwrap_or(0);
    (next(), next(), next())
}

/// The host triple of the toolchain that runs this test (`rustc -vV`).
fn host() -> String {
    let out = Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("run rustc -vV");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc -vV names the host")
}

/// `cargo metadata` of the locked dependency graph, for this platform only.
fn metadata() -> Value {
    let out = Command::new(cargo())
        .current_dir(root())
        .args(["metadata", "--locked", "--format-version", "1"])
        .args(["--filter-platform", &host()])
        .output()
        .expect("run cargo metadata");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The workspace's `rust-version`, as Cargo.toml states it.
fn workspace_rust_version() -> String {
    let toml = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let line = toml
        .lines()
        .find(|l| l.starts_with("rust-version"))
        .expect("Cargo.toml has [workspace.package] rust-version");
    line.split('"').nth(1).expect("a quoted version").to_owned()
}

#[test]
fn the_declared_rust_minimum_covers_every_locked_dependency() {
    let msrv = workspace_rust_version();
    let meta = metadata();
    let members: Vec<&str> = meta["workspace_members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    let mut too_new = Vec::new();
    for pkg in meta["packages"].as_array().unwrap() {
        let name = pkg["name"].as_str().unwrap();
        let needs = pkg["rust_version"].as_str();
        if members.contains(&pkg["id"].as_str().unwrap()) {
            assert_eq!(
                needs,
                Some(msrv.as_str()),
                "{name} does not inherit the workspace's rust-version ({msrv})"
            );
        } else if let Some(needs) = needs.filter(|n| version(n) > version(&msrv)) {
            too_new.push(format!("{name} {} needs {needs}", pkg["version"]));
        }
    }
    assert!(
        too_new.is_empty(),
        "Cargo.toml says rust-version = {msrv}, but locked dependencies need more: {too_new:?}"
    );
}

#[test]
fn the_readme_names_the_same_rust_minimum() {
    let msrv = workspace_rust_version();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let setup = readme
        .split("\n## ")
        .find(|s| s.starts_with("Set-up"))
        .expect("README.md has a '## Set-up' section");
    assert!(
        setup.contains(&format!("Rust {msrv} or newer")),
        "README.md's set-up section does not say 'Rust {msrv} or newer' (Cargo.toml's rust-version)"
    );
}
