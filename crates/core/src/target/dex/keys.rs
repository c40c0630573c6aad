//! The keys Dex reads, as data, with where each list was read.
//!
//! Dex decodes a connector's `config` with plain `json.Unmarshal`: a key it
//! does not know is silently ignored, and a value of the wrong JSON type makes
//! the connector fail to open (targets.md §1.1). So the lint checks both.

use crate::version::Version;

/// The JSON type a key's value must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Str,
    Bool,
    /// A list of strings.
    List,
    /// An object whose keys are listed under this key's path.
    Map,
    /// A list of objects whose keys are listed under `path[]`.
    MapList,
}

/// A key of a `type: oidc` connector's `config` (nested keys as dotted
/// paths, list items as `[]`), and the first upstream release that reads it.
#[derive(Debug, Clone, Copy)]
pub struct OidcKey {
    pub path: &'static str,
    pub kind: Kind,
    /// `None`: not in upstream Dex (a key of the Pachyderm fork only).
    pub since: Option<Version>,
}

const fn k(path: &'static str, kind: Kind, minor: u32) -> OidcKey {
    OidcKey {
        path,
        kind,
        since: Some(Version::new(2, minor)),
    }
}

const fn fork(path: &'static str, kind: Kind) -> OidcKey {
    OidcKey {
        path,
        kind,
        since: None,
    }
}

/// Every key of `connector/oidc/oidc.go` `type Config struct` (and its
/// nested structs) in github.com/dexidp/dex, from the json tags at each tag
/// v2.36.0 `2bb4896d`, v2.37.0 `08bb7fb9`, v2.38.0 `9451d87c`, v2.39.0
/// `f6114706`, v2.40.0 `23efe920`, v2.41.0 `257a821c`, v2.42.0 `7d1a7473`,
/// v2.43.0 `8e96058e`, v2.44.0 `2dce7500`, v2.45.0 `bcc22836`, v2.45.1
/// `11d2eeb5`; `since` is the first of those tags that has the key (36 means
/// "2.36 or earlier"). Plus the Pachyderm fork's own keys (github.com/pachyderm/dex,
/// see `target::pachyderm::keys`), for their types.
pub const OIDC_KEYS: &[OidcKey] = &[
    k("issuer", Kind::Str, 36),
    k("clientID", Kind::Str, 36),
    k("clientSecret", Kind::Str, 36),
    k("redirectURI", Kind::Str, 36),
    k("basicAuthUnsupported", Kind::Bool, 36),
    k("scopes", Kind::List, 36),
    k("rootCAs", Kind::List, 36),
    k("insecureSkipEmailVerified", Kind::Bool, 36),
    k("insecureEnableGroups", Kind::Bool, 36),
    k("acrValues", Kind::List, 36),
    k("insecureSkipVerify", Kind::Bool, 36),
    k("getUserInfo", Kind::Bool, 36),
    k("userIDKey", Kind::Str, 36),
    k("userNameKey", Kind::Str, 36),
    k("promptType", Kind::Str, 36),
    k("overrideClaimMapping", Kind::Bool, 36),
    k("claimMapping", Kind::Map, 36),
    k("claimMapping.preferred_username", Kind::Str, 36),
    k("claimMapping.email", Kind::Str, 36),
    k("claimMapping.groups", Kind::Str, 36),
    // Back in 2.37 only to refuse it: see HOSTED_DOMAINS_FAILS_SINCE.
    k("hostedDomains", Kind::List, 37),
    k("providerDiscoveryOverrides", Kind::Map, 38),
    k("providerDiscoveryOverrides.tokenURL", Kind::Str, 38),
    k("providerDiscoveryOverrides.authURL", Kind::Str, 38),
    k("providerDiscoveryOverrides.jwksURL", Kind::Str, 40),
    k("allowedGroups", Kind::List, 38),
    k("claimModifications", Kind::Map, 38),
    k("claimModifications.newGroupFromClaims", Kind::MapList, 38),
    k("claimModifications.newGroupFromClaims[].claims", Kind::List, 38),
    k("claimModifications.newGroupFromClaims[].delimiter", Kind::Str, 38),
    k("claimModifications.newGroupFromClaims[].clearDelimiter", Kind::Bool, 38),
    k("claimModifications.newGroupFromClaims[].prefix", Kind::Str, 38),
    k("claimModifications.filterGroupClaims", Kind::Map, 41),
    k("claimModifications.filterGroupClaims.groupsFilter", Kind::Str, 41),
    k("issuerAlias", Kind::Str, 42),
    k("claimModifications.modifyGroupNames", Kind::Map, 44),
    k("claimModifications.modifyGroupNames.prefix", Kind::Str, 44),
    k("claimModifications.modifyGroupNames.suffix", Kind::Str, 44),
    k("pkceChallenge", Kind::Str, 45),
    fork("insecureSkipIssuerCallbackDomainCheck", Kind::Bool),
    fork("forwardedLoginParams", Kind::List),
];

/// Since v2.37.0 (`08bb7fb9`, dexidp/dex#2937) a non-empty `hostedDomains`
/// makes the connector fail to open ("support for the Hosted domains option
/// had been deprecated and removed, consider switching to the Google
/// connector"); v2.36.0 does not have the key at all (ignored).
pub const HOSTED_DOMAINS_FAILS_SINCE: Version = Version::new(2, 37);

/// The newest release the tables above were read at.
pub const NEWEST: Version = Version::new(2, 45);

/// The oldest release the catalog supports (and the tables start at).
pub const OLDEST: Version = Version::new(2, 36);

/// `cmd/dex/config.go` `type Connector struct` at v2.45.1 (`11d2eeb5`):
/// the same four keys since v2.36.0. (`grantTypes` is only on HEAD `ab64ed77`.)
pub const CONNECTOR_KEYS: &[&str] = &["type", "name", "id", "config"];

/// `cmd/dex/config.go` `type Config struct` at v2.45.1 (`11d2eeb5`); v2.36.0
/// (`2bb4896d`) has the same keys but `signer` (first in v2.45.0).
pub const CONFIG_KEYS: &[&str] = &[
    "issuer",
    "storage",
    "web",
    "telemetry",
    "oauth2",
    "grpc",
    "expiry",
    "logger",
    "frontend",
    "signer",
    "connectors",
    "staticClients",
    "enablePasswordDB",
    "staticPasswords",
];

/// The key's entry, if any release or the fork reads it.
pub fn oidc_key(path: &str) -> Option<&'static OidcKey> {
    OIDC_KEYS.iter().find(|k| k.path == path)
}
