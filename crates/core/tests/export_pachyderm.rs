//! Pachyderm 2.x exports against what pachd and its chart accept:
//! - Helm values validate against the chart's values.schema.json (copied
//!   from targets.md's reference into tests/schemas/);
//! - every `upstreamIDPs` entry (Helm values and the Secret's `upstream-idps`)
//!   has only the keys pachd's protojson parse accepts, and never `version`;
//! - every connector `config` key is one the Pachyderm Dex fork knows (§2.3).

mod export_fixtures;

use auth0_wizard_core::export::export;
use auth0_wizard_core::{Config, TargetId};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// `identity.IDPConnector` fields (targets.md §2.2).
const PACHD_ENTRY_KEYS: [&str; 6] = [
    "id",
    "name",
    "type",
    "configVersion",
    "jsonConfig",
    "config",
];
/// `connector/oidc/oidc.go` Config keys of pachyderm/dex `292f1ae` (§2.3).
const FORK_CONFIG_KEYS: [&str; 18] = [
    "issuer",
    "clientID",
    "clientSecret",
    "redirectURI",
    "basicAuthUnsupported",
    "scopes",
    "rootCAs",
    "insecureSkipEmailVerified",
    "insecureEnableGroups",
    "acrValues",
    "insecureSkipVerify",
    "insecureSkipIssuerCallbackDomainCheck",
    "getUserInfo",
    "userIDKey",
    "userNameKey",
    "promptType",
    "overrideClaimMapping",
    "claimMapping",
];
const FORK_CLAIM_MAPPING_KEYS: [&str; 3] = ["preferred_username", "email", "groups"];

fn schema_validator() -> jsonschema::Validator {
    let text = include_str!("schemas/pachyderm-values.schema.json");
    let mut schema: Value = serde_json::from_str(text).unwrap();
    // The chart's schema says "$schema": "http://json-schema.org/schema#"
    // (no draft); Helm validates it with draft-07 semantics, so drop the
    // unversioned URI and name the draft.
    schema.as_object_mut().unwrap().remove("$schema");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .unwrap()
}

fn pachyderm_configs() -> Vec<Config> {
    let mut out: Vec<Config> = export_fixtures::fixtures()
        .into_iter()
        .filter(|f| f.target == TargetId::Pachyderm)
        .map(|f| f.config)
        .collect();
    // Also without groups and without a secret.
    let mut plain = out[0].clone();
    plain.groups_claim = None;
    plain.client_secret = None;
    out.push(plain);
    out
}

fn yaml(text: &str) -> Value {
    serde_yaml_ng::from_str(text).unwrap_or_else(|e| panic!("not YAML ({e}):\n{text}"))
}

fn check_entries(entries: &Value, what: &str) {
    let entries = entries
        .as_array()
        .unwrap_or_else(|| panic!("{what}: upstreamIDPs is not a list"));
    assert_eq!(entries.len(), 1, "{what}");
    for e in entries {
        let keys: BTreeSet<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        for k in &keys {
            assert!(
                PACHD_ENTRY_KEYS.contains(k),
                "{what}: pachd rejects the entry key {k:?}"
            );
        }
        assert!(
            !keys.contains("version"),
            "{what}: version in an upstreamIDPs entry"
        );
        assert!(
            keys.contains("config") && keys.contains("id") && keys.contains("type"),
            "{what}: {keys:?}"
        );
        assert_eq!(e["type"], "oidc");
        let config = e["config"].as_object().unwrap();
        for k in config.keys() {
            assert!(
                FORK_CONFIG_KEYS.contains(&k.as_str()),
                "{what}: the Pachyderm Dex fork ignores config key {k:?}"
            );
        }
        if let Some(m) = config.get("claimMapping") {
            for k in m.as_object().unwrap().keys() {
                assert!(
                    FORK_CLAIM_MAPPING_KEYS.contains(&k.as_str()),
                    "{what}: claimMapping.{k}"
                );
            }
        }
        let issuer = config["issuer"].as_str().unwrap();
        assert!(
            issuer.starts_with("https://") && issuer.ends_with('/'),
            "{what}: issuer {issuer}"
        );
        assert!(
            config["redirectURI"]
                .as_str()
                .unwrap()
                .ends_with("/dex/callback"),
            "{what}"
        );
    }
}

#[test]
fn helm_values_validate_against_the_chart_schema() {
    let validator = schema_validator();
    for cfg in pachyderm_configs() {
        let values = yaml(&export(&cfg, "helm-values").unwrap());
        let errors: Vec<String> = validator
            .iter_errors(&values)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        check_entries(&values["oidc"]["upstreamIDPs"], "helm-values");
    }
}

/// The validator is real: values the chart's schema forbids are refused.
#[test]
fn the_chart_schema_rejects_wrong_types() {
    let validator = schema_validator();
    assert!(!validator.is_valid(&json!({"oidc": {"upstreamIDPs": {"id": "auth0"}}})));
    assert!(!validator.is_valid(&json!({"oidc": {"upstreamIDPsSecretName": 5}})));
    assert!(!validator.is_valid(&json!({"oidc": "auth0"})));
    assert!(validator.is_valid(&json!({"oidc": {"upstreamIDPs": []}})));
}

#[test]
fn k8s_secret_holds_the_entries_under_upstream_idps() {
    let validator = schema_validator();
    for cfg in pachyderm_configs() {
        let text = export(&cfg, "k8s-secret").unwrap();
        let secret = yaml(&text);
        assert_eq!(secret["apiVersion"], "v1");
        assert_eq!(secret["kind"], "Secret");
        assert_eq!(secret["metadata"]["name"], "pachyderm-auth0-idps");
        let obj = secret["stringData"].as_object().unwrap();
        assert_eq!(
            obj.keys().collect::<Vec<_>>(),
            ["upstream-idps"],
            "pachd reads exactly this key"
        );
        let entries = yaml(secret["stringData"]["upstream-idps"].as_str().unwrap());
        check_entries(&entries, "k8s-secret");
        // The commented Helm snippet is itself valid values that point at the Secret.
        let snippet: String = text
            .lines()
            .skip_while(|l| !l.starts_with("# oidc:"))
            .take_while(|l| l.starts_with('#'))
            .map(|l| format!("{}\n", l.strip_prefix("# ").unwrap_or("")))
            .collect();
        let values = yaml(&snippet);
        assert_eq!(
            values["oidc"]["upstreamIDPsSecretName"], "pachyderm-auth0-idps",
            "{snippet}"
        );
        assert!(validator.is_valid(&values));
    }
}

#[test]
fn version_appears_only_in_pachctl_idp_files() {
    for cfg in pachyderm_configs() {
        for format in ["helm-values", "k8s-secret"] {
            let out = export(&cfg, format).unwrap();
            assert!(
                !out.lines().any(|l| l
                    .trim_start()
                    .trim_start_matches("- ")
                    .starts_with("version:")),
                "{format}:\n{out}"
            );
        }
        let json: Value = serde_json::from_str(&export(&cfg, "dex-json").unwrap()).unwrap();
        assert_eq!(json["version"], 0);
        let y = yaml(&export(&cfg, "dex-yaml").unwrap());
        assert_eq!(y["version"], 0);
        for file in [json, y] {
            let keys: BTreeSet<&str> = file
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(
                keys,
                BTreeSet::from(["id", "name", "type", "version", "config"])
            );
            for k in file["config"].as_object().unwrap().keys() {
                assert!(FORK_CONFIG_KEYS.contains(&k.as_str()), "{k}");
            }
        }
    }
}

#[test]
fn groups_need_both_insecure_enable_groups_and_the_claim_mapping() {
    let cfgs = pachyderm_configs();
    let with = yaml(&export(&cfgs[0], "dex-yaml").unwrap());
    assert_eq!(with["config"]["insecureEnableGroups"], true);
    assert_eq!(
        with["config"]["claimMapping"]["groups"],
        export_fixtures::GROUPS_CLAIM
    );
    let without = yaml(&export(cfgs.last().unwrap(), "dex-yaml").unwrap());
    assert!(without["config"].get("insecureEnableGroups").is_none());
    assert!(without["config"].get("claimMapping").is_none());
    assert!(without["config"].get("scopes").is_none());
}
