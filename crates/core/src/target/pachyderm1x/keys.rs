//! The keys `pachctl auth set-config` reads, as data.
//!
//! github.com/pachyderm/pachyderm branch `1.13.x` (`d382d702`),
//! `src/client/auth/auth.proto` (gogo-generated structs, json tags = proto
//! field names) read by `src/server/auth/cmds/configure.go` through
//! `serde.DecodeYAML` (`src/server/pkg/serde/yaml_decoder.go`): YAML (so JSON
//! too), then `encoding/json` into the struct. Keys match in any case and
//! other keys are silently ignored.

/// `AuthConfig`.
pub const CONFIG_KEYS: &[&str] = &["live_config_version", "id_providers", "saml_svc_options"];

/// `IDProvider`.
pub const PROVIDER_KEYS: &[&str] = &["name", "description", "saml", "github", "oidc"];

/// `IDProvider.OIDCOptions`, with whether the value is a list / a boolean.
pub const OIDC_KEYS: &[(&str, OidcKind)] = &[
    ("issuer", OidcKind::Str),
    ("client_id", OidcKind::Str),
    ("client_secret", OidcKind::Str),
    ("redirect_uri", OidcKind::Str),
    ("additional_scopes", OidcKind::List),
    ("ignore_email_verified", OidcKind::Bool),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OidcKind {
    Str,
    List,
    Bool,
}

/// The keys pachd needs to log anyone in through OIDC (`validateConfig`:
/// "OIDC configuration must have a non-empty client_id"; the issuer is fetched).
pub const REQUIRED: &[&str] = &["issuer", "client_id", "client_secret", "redirect_uri"];
