//! The fixtures and every finding each must give: (severity, code, key
//! path, line). Where a case names a connector or a release, it is passed as
//! `--connector` / `--version` would pass it.

use auth0_wizard_core::doctor::Level;
use auth0_wizard_core::TargetId;
use Level::{Error as E, Info as I, Warning as W};

pub type Expected = (Level, &'static str, &'static str, Option<usize>);

pub struct Case {
    pub file: &'static str,
    pub connector: Option<&'static str>,
    pub version: Option<&'static str>,
    pub target: TargetId,
    pub format: &'static str,
    pub findings: &'static [Expected],
}

const fn case(
    file: &'static str,
    target: TargetId,
    format: &'static str,
    findings: &'static [Expected],
) -> Case {
    Case {
        file,
        connector: None,
        version: None,
        target,
        format,
        findings,
    }
}

const PACH: TargetId = TargetId::Pachyderm;
const P1X: TargetId = TargetId::Pachyderm1x;
const DEX: TargetId = TargetId::Dex;

#[rustfmt::skip]
pub const CASES: &[Case] = &[
    // The seed guides' examples, verbatim (seed 000 / 001).
    case("pachyderm/seed-connector.json", PACH, "dex-json", &[
        (E, "pachyderm.value.placeholder", "config.redirectURI", Some(11)),
        (W, "pachyderm.groups.no_claim", "config.insecureEnableGroups", Some(12)),
        (W, "pachyderm.key.ignored", "config.forwardedLoginParams", Some(15)),
    ]),
    case("pachyderm/seed-connector.yaml", PACH, "dex-yaml", &[
        (E, "pachyderm.value.placeholder", "config.redirectURI", Some(10)),
        (E, "pachyderm.type.not_bool", "config.insecureSkipIssuerCallbackDomainCheck", Some(13)),
        (W, "pachyderm.groups.no_claim", "config.insecureEnableGroups", Some(11)),
        (W, "pachyderm.key.ignored", "config.forwardedLoginParams", Some(14)),
    ]),
    Case {
        version: Some("2.4"),
        ..case("pachyderm/seed-connector.yaml", PACH, "dex-yaml", &[
            (E, "pachyderm.value.placeholder", "config.redirectURI", Some(10)),
            (E, "pachyderm.type.not_bool", "config.insecureSkipIssuerCallbackDomainCheck", Some(13)),
            (W, "pachyderm.groups.no_claim", "config.insecureEnableGroups", Some(11)),
        ])
    },
    case("pachyderm/seed-secret.yaml", PACH, "k8s-secret", &[
        (E, "pachyderm.upstream_idps.syntax", "upstream-idps", Some(5)),
        (W, "pachyderm.connector.none", "", None),
        (E, "pachyderm.secret.misplaced", "upstream-idps", Some(3)),
    ]),
    // Reference section C.
    case("pachyderm/c1-version-in-entry.yaml", PACH, "helm-values", &[
        (E, "pachyderm.entry.version", "oidc.upstreamIDPs[0].version", Some(8)),
        (I, "pachyderm.secret.inline", "oidc.upstreamIDPs[0].config.clientSecret", Some(12)),
    ]),
    case("pachyderm/c2-issuer-no-slash.yaml", PACH, "helm-values", &[
        (E, "pachyderm.issuer.no_trailing_slash", "oidc.upstreamIDPs[0].config.issuer", Some(8)),
        (I, "pachyderm.secret.inline", "oidc.upstreamIDPs[0].config.clientSecret", Some(10)),
    ]),
    case("pachyderm/c2-issuer-no-https.yaml", PACH, "dex-yaml", &[(E, "pachyderm.issuer.not_https", "config.issuer", Some(7))]),
    case("pachyderm/c3-redirect-no-dex.yaml", PACH, "helm-values", &[
        (E, "pachyderm.redirect.no_dex_path", "oidc.upstreamIDPs[0].config.redirectURI", Some(16)),
        (I, "pachyderm.secret.inline", "oidc.upstreamIDPs[0].config.clientSecret", Some(15)),
    ]),
    case("pachyderm/c4-internal-issuer.yaml", PACH, "helm-values", &[
        (E, "pachyderm.redirect.internal_issuer", "oidc.upstreamIDPs[0].config.redirectURI", Some(16)),
        (I, "pachyderm.secret.inline", "oidc.upstreamIDPs[0].config.clientSecret", Some(15)),
    ]),
    case("pachyderm/c4-internal-issuer-skip.yaml", PACH, "helm-values", &[(I, "pachyderm.secret.inline", "oidc.upstreamIDPs[0].config.clientSecret", Some(14))]),
    case("pachyderm/c5-issuer-uri.yaml", PACH, "helm-values", &[
        (E, "pachyderm.helm.issuer_uri_not_dex", "oidc.issuerURI", Some(8)),
        (E, "pachyderm.redirect.issuer_mismatch", "oidc.upstreamIDPs[0].config.redirectURI", Some(17)),
        (I, "pachyderm.secret.inline", "oidc.upstreamIDPs[0].config.clientSecret", Some(16)),
    ]),
    // Section 2: redirect and issuer, types, groups, scopes, keys, secrets.
    case("pachyderm/redirect-host-mismatch.yaml", PACH, "helm-values", &[
        (E, "pachyderm.redirect.issuer_mismatch", "oidc.upstreamIDPs[0].config.redirectURI", Some(16)),
        (W, "pachyderm.redirect.not_https", "oidc.upstreamIDPs[0].config.redirectURI", Some(16)),
        (I, "pachyderm.secret.inline", "oidc.upstreamIDPs[0].config.clientSecret", Some(15)),
    ]),
    case("pachyderm/types.yaml", PACH, "helm-values", &[
        (E, "pachyderm.type.not_string", "oidc.upstreamIDPs[0].config.clientID", Some(10)),
        (E, "pachyderm.type.not_list", "oidc.upstreamIDPs[0].config.scopes", Some(13)),
        (E, "pachyderm.type.not_bool", "oidc.upstreamIDPs[0].config.insecureEnableGroups", Some(14)),
        (W, "pachyderm.type.yaml11_bool", "oidc.upstreamIDPs[0].config.getUserInfo", Some(15)),
        (I, "pachyderm.secret.inline", "oidc.upstreamIDPs[0].config.clientSecret", Some(11)),
    ]),
    case("pachyderm/groups-scopes.yaml", PACH, "helm-values", &[
        (E, "pachyderm.scopes.missing_profile_email", "oidc.upstreamIDPs[0].config.scopes", Some(14)),
        (W, "pachyderm.groups.not_enabled", "oidc.upstreamIDPs[0].config.claimMapping.groups", Some(16)),
        (W, "pachyderm.groups.not_namespaced", "oidc.upstreamIDPs[0].config.claimMapping.groups", Some(16)),
        (I, "pachyderm.secret.inline", "oidc.upstreamIDPs[0].config.clientSecret", Some(12)),
        (I, "pachyderm.scopes.groups", "oidc.upstreamIDPs[0].config.scopes", Some(14)),
    ]),
    case("pachyderm/fork-keys.yaml", PACH, "dex-yaml", &[
        (E, "pachyderm.key.unknown", "config.clientId", Some(8)),
        (W, "pachyderm.key.ignored", "config.pkceChallenge", Some(11)),
        (W, "pachyderm.key.ignored", "config.allowedGroups", Some(12)),
        (W, "pachyderm.key.ignored", "config.claimModifications", Some(13)),
        (W, "pachyderm.key.unknown", "config.insecureEnableGroup", Some(16)),
    ]),
    case("pachyderm/docs-example.yaml", PACH, "helm-values", &[
        (E, "pachyderm.value.placeholder", "oidc.upstreamIDPs[0].config.issuer", Some(9)),
        (E, "pachyderm.value.placeholder", "oidc.upstreamIDPs[0].config.clientID", Some(10)),
        (E, "pachyderm.value.placeholder", "oidc.upstreamIDPs[0].config.clientSecret", Some(11)),
        (E, "pachyderm.value.placeholder", "oidc.upstreamIDPs[0].config.redirectURI", Some(12)),
        (W, "pachyderm.groups.no_claim", "oidc.upstreamIDPs[0].config.insecureEnableGroups", Some(13)),
    ]),
    case("pachyderm/secret-env.yaml", PACH, "k8s-secret", &[(E, "pachyderm.secret.env_not_expanded", "stringData.upstream-idps[0].config.clientSecret", Some(16))]),
    case("pachyderm/secret-key-name.yaml", PACH, "k8s-secret", &[(E, "pachyderm.secret.key_name", "stringData.upstream_idps", Some(7))]),
    case("pachyderm/secret-base64.yaml", PACH, "k8s-secret", &[]),
    case("pachyderm/json-config-invalid.yaml", PACH, "helm-values", &[
        (E, "pachyderm.json_config.invalid", "oidc.upstreamIDPs[0].jsonConfig", Some(14)),
        (I, "pachyderm.secret.inline", "oidc.upstreamIDPs[0].jsonConfig.clientSecret", Some(12)),
    ]),
    case("pachyderm/entries-unknown-key.yaml", PACH, "upstream-idps", &[
        (E, "pachyderm.entry.no_config", "[0]", Some(3)),
        (E, "pachyderm.entry.unknown_key", "[0].issuer", Some(6)),
        (E, "pachyderm.entry.unknown_key", "[0].clientID", Some(7)),
    ]),
    case("pachyderm/idp-file-json-config.yaml", PACH, "dex-yaml", &[(E, "pachyderm.idp_file.json_config", "jsonConfig", Some(6))]),
    case("pachyderm/helm-misspelled.yaml", PACH, "helm-values", &[
        (E, "pachyderm.helm.unknown_key", "oidc.upstreamIdps", Some(6)),
        (W, "pachyderm.helm.unknown_key", "oidc.mockIdp", Some(5)),
        (I, "pachyderm.secret.inline", "oidc.upstreamIdps[0].config.clientSecret", Some(13)),
    ]),
    case("pachyderm/list-and-secret.yaml", PACH, "helm-values", &[
        (W, "pachyderm.helm.list_and_secret", "oidc.upstreamIDPsSecretName", Some(3)),
        (I, "pachyderm.secret.inline", "oidc.upstreamIDPs[0].config.clientSecret", Some(11)),
    ]),
    case("pachyderm/several-auth0.yaml", PACH, "helm-values", &[(I, "pachyderm.connector.choose", "", None)]),
    Case {
        connector: Some("auth0"),
        ..case("pachyderm/several-auth0.yaml", PACH, "helm-values", &[(I, "pachyderm.secret.inline", "oidc.upstreamIDPs[1].config.clientSecret", Some(18))])
    },
    Case {
        connector: Some("okta"),
        ..case("pachyderm/several-auth0.yaml", PACH, "helm-values", &[(E, "pachyderm.connector.not_found", "", None)])
    },
    case("pachyderm/helm-secret-name.yaml", PACH, "helm-values", &[
        (I, "pachyderm.connector.in_secret", "", None),
    ]),
    case("pachyderm/helm-values-full.yaml", PACH, "helm-values", &[(I, "pachyderm.secret.inline", "oidc.upstreamIDPs[1].jsonConfig.clientSecret", Some(36))]),
    case("pachyderm/entries-misc.yaml", PACH, "upstream-idps", &[
        (E, "pachyderm.entry.type.not_string", "[0].id", Some(6)),
        (W, "pachyderm.entry.both_configs", "[0]", Some(5)),
        (E, "pachyderm.connector.type", "[1]", Some(11)),
        (E, "pachyderm.issuer.has_path", "[1].config.issuer", Some(15)),
        (W, "pachyderm.key.duplicate", "[1].config.clientID", Some(17)),
        (E, "pachyderm.redirect.not_dex_callback", "[1].config.redirectURI", Some(19)),
        (E, "pachyderm.type.not_map", "[1].config.claimMapping", Some(20)),
        (E, "pachyderm.entry.type.wrong", "[1].configVersion", Some(21)),
    ]),
    case("pachyderm/idp-file-misc.json", PACH, "dex-json", &[
        (E, "pachyderm.idp_file.version_type", "version", Some(5)),
        (W, "pachyderm.idp_file.unknown_key", "configVersion", Some(6)),
        (E, "pachyderm.config.missing", "config", Some(7)),
        (E, "pachyderm.redirect.not_url", "config.redirectURI", Some(10)),
    ]),
    case("pachyderm/secret-not-list.yaml", PACH, "k8s-secret", &[
        (E, "pachyderm.upstream_idps.not_list", "stringData.upstream-idps", Some(8)),
        (W, "pachyderm.connector.none", "", None),
    ]),
    // Pachyderm 1.x.
    case("pachyderm-1x/camel-keys.json", P1X, "auth-config", &[
        (E, "pachyderm-1x.issuer.not_https", "id_providers[0].oidc.issuer", Some(7)),
        (E, "pachyderm-1x.oidc.unknown_key", "id_providers[0].oidc.clientId", Some(8)),
        (E, "pachyderm-1x.redirect.not_callback", "id_providers[0].oidc.redirect_uri", Some(10)),
        (W, "pachyderm-1x.live_config_version.missing", "", None),
    ]),
    case("pachyderm-1x/two-oidc.json", P1X, "auth-config", &[
        (E, "pachyderm-1x.live_config_version.type", "live_config_version", Some(2)),
        (E, "pachyderm-1x.provider.two_oidc", "id_providers[1]", Some(14)),
        (E, "pachyderm-1x.type.not_list", "id_providers[1].oidc.additional_scopes", Some(22)),
        (W, "pachyderm-1x.provider.unknown_key", "id_providers[1].saml_options", Some(24)),
    ]),
    case("pachyderm-1x/yaml-form.yaml", P1X, "auth-config", &[
        (W, "pachyderm-1x.key.unknown", "saml_svc_option", Some(4)),
        (E, "pachyderm-1x.oidc.missing", "id_providers[0].oidc", Some(9)),
        (E, "pachyderm-1x.provider.no_name", "id_providers[1]", Some(12)),
    ]),
    // Dex.
    case("dex/config-several.yaml", DEX, "dex-config", &[(I, "dex.secret.env_reference", "connectors[2].config.clientSecret", Some(39))]),
    case("dex/config-redirect-mismatch.yaml", DEX, "dex-config", &[
        (I, "dex.secret.env_reference", "connectors[0].config.clientSecret", Some(14)),
        (E, "dex.redirect.not_issuer_callback", "connectors[0].config.redirectURI", Some(15)),
        (W, "dex.config.unknown_key", "staticClient", Some(5)),
    ]),
    case("dex/helm-values.yaml", DEX, "dex-helm-values", &[
        (I, "dex.secret.env_reference", "config.connectors[0].config.clientSecret", Some(18)),
        (E, "dex.key.removed", "config.connectors[0].config.hostedDomains", Some(20)),
        (W, "dex.key.ignored", "config.connectors[0].config.pkceChallenge", Some(21)),
    ]),
    case("dex/versions.yaml", DEX, "connector-yaml", &[
        (I, "dex.secret.env_reference", "connectors[0].config.clientSecret", Some(10)),
        (E, "dex.key.removed", "connectors[0].config.hostedDomains", Some(12)),
        (W, "dex.key.ignored", "connectors[0].config.insecureSkipIssuerCallbackDomainCheck", Some(15)),
        (I, "dex.key.needs_version", "connectors[0].config.pkceChallenge", Some(13)),
        (I, "dex.key.needs_version", "connectors[0].config.issuerAlias", Some(14)),
    ]),
    Case {
        version: Some("2.36"),
        ..case("dex/versions.yaml", DEX, "connector-yaml", &[
            (I, "dex.secret.env_reference", "connectors[0].config.clientSecret", Some(10)),
            (W, "dex.key.ignored", "connectors[0].config.hostedDomains", Some(12)),
            (W, "dex.key.ignored", "connectors[0].config.pkceChallenge", Some(13)),
            (W, "dex.key.ignored", "connectors[0].config.issuerAlias", Some(14)),
            (W, "dex.key.ignored", "connectors[0].config.insecureSkipIssuerCallbackDomainCheck", Some(15)),
        ])
    },
    Case {
        version: Some("2.45.1"),
        ..case("dex/versions.yaml", DEX, "connector-yaml", &[
            (I, "dex.secret.env_reference", "connectors[0].config.clientSecret", Some(10)),
            (E, "dex.key.removed", "connectors[0].config.hostedDomains", Some(12)),
            (W, "dex.key.ignored", "connectors[0].config.insecureSkipIssuerCallbackDomainCheck", Some(15)),
        ])
    },
    case("dex/values.yaml", DEX, "connector-yaml", &[
        (E, "dex.connector.type", "connectors[0]", Some(4)),
        (E, "dex.issuer.not_https", "connectors[0].config.issuer", Some(9)),
        (E, "dex.type.not_list", "connectors[0].config.scopes", Some(13)),
        (W, "dex.connector.unknown_key", "connectors[0].grantTypes", Some(7)),
        (W, "dex.secret.dollar", "connectors[0].config.clientSecret", Some(11)),
        (W, "dex.key.unknown", "connectors[0].config.userNameKy", Some(14)),
        (E, "dex.type.wrong", "connectors[0].config.rootCAs", Some(15)),
    ]),
    case("dex/scopes-no-email.yaml", DEX, "connector-yaml", &[
        (I, "dex.secret.env_reference", "connectors[0].config.clientSecret", Some(9)),
        (W, "dex.scopes.missing_profile_email", "connectors[0].config.scopes", Some(11)),
    ]),
    case("dex/config-misc.yaml", DEX, "dex-config", &[
        (I, "dex.secret.inline", "connectors[0].config.clientSecret", Some(13)),
        (I, "dex.key.needs_version", "connectors[0].config.claimModifications", Some(15)),
        (W, "dex.key.unknown", "connectors[0].config.claimModifications.newGroupFromClaims[0].prefx", Some(19)),
        (W, "dex.connector.duplicate_id", "connectors[1].id", Some(20)),
    ]),
    case("dex/redirect-not-callback.yaml", DEX, "connector-yaml", &[
        (I, "dex.secret.env_reference", "connectors[0].config.clientSecret", Some(9)),
        (W, "dex.redirect.not_callback", "connectors[0].config.redirectURI", Some(10)),
    ]),
    case("dex/entry.yaml", DEX, "connector-entry", &[(I, "dex.secret.env_reference", "config.clientSecret", Some(8))]),
];
