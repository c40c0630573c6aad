//! The input model: what the user typed ([`RawSettings`]) and what the exporters
//! consume once it is valid ([`Config`]).

use crate::secret::Secret;
use crate::target::{TargetId, TargetOptions};
use crate::version::Version;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use ts_rs::TS;
use url::Url;

/// Which generation of a target's config format to produce.
///
/// `Current` is Pomerium 0.20+, OpenMetadata 1.3+, and the only release of the
/// other targets; `Legacy` is Pomerium <0.20 (directory sync) and OpenMetadata <=1.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Release {
    Current,
    Legacy,
}

/// Everything as the user typed it. Every field is a plain string so that
/// nothing the user typed is lost before validation says what is wrong with it.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct RawSettings {
    /// A target id from the catalog (`pachyderm`, `pomerium`, ...).
    pub target: String,
    /// A version id from the target's catalog entry (`0.20+`) or a release
    /// number (`0.19`); empty means the default.
    pub version: String,
    /// Auth0 tenant or custom domain, e.g. `dev-abc.us.auth0.com` (a port is allowed).
    pub domain: String,
    pub client_id: String,
    /// Absent when the user has not given one (requirements, handoff).
    #[ts(type = "string | null")]
    pub client_secret: Option<Secret>,
    /// The system's public URL (Pachyderm proxy host, Pomerium authenticate URL,
    /// OpenMetadata server URL, Dex issuer).
    pub public_url: String,
    /// Dex connector id; empty means `auth0`.
    pub connector_id: String,
    /// Dex connector display name; empty means `Auth0`.
    pub connector_name: String,
    /// Namespaced claim that carries the user's Auth0 roles; empty means no groups.
    pub groups_claim: String,
    /// The issuer to write, e.g. read from the live discovery document; empty
    /// means Auth0's own form, `https://{domain}/`.
    pub issuer: String,
    /// Target-specific fields, keyed by the catalog's `ExtraField::key`.
    pub extras: BTreeMap<String, String>,
    /// Target-specific secret fields, keyed by the catalog's `ExtraField::key`.
    #[ts(type = "Record<string, string>")]
    pub extra_secrets: BTreeMap<String, Secret>,
}

impl RawSettings {
    /// The secrets these settings hold, by field as the page and a profile
    /// name them: `clientSecret` first, then `extras.<key>` in key order.
    pub fn secrets_by_field(&self) -> impl Iterator<Item = (String, &Secret)> {
        let client = self
            .client_secret
            .iter()
            .map(|s| ("clientSecret".to_owned(), s));
        let extras = self
            .extra_secrets
            .iter()
            .map(|(k, s)| (format!("extras.{k}"), s));
        client.chain(extras)
    }
}

/// A validated Auth0 domain: a lower-case host name (IDN converted to
/// punycode) and an optional port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    pub host: String,
    pub port: Option<u16>,
}

impl Domain {
    /// `host` or `host:port`, as it appears in URLs.
    pub fn authority(&self) -> String {
        match self.port {
            Some(p) => format!("{}:{p}", self.host),
            None => self.host.clone(),
        }
    }

    /// `https://host[:port]` without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("https://{}", self.authority())
    }

    /// The issuer Auth0 puts in its discovery document and tokens: with a trailing slash.
    pub fn issuer(&self) -> String {
        format!("https://{}/", self.authority())
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.authority())
    }
}

/// A complete, valid configuration: what every exporter takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub target: TargetId,
    pub release: Release,
    /// The target's release number, when it was given as one (`0.19`).
    pub version: Option<Version>,
    pub domain: Domain,
    /// The issuer every export writes: Auth0's form (`https://domain/`) unless
    /// the live discovery document said otherwise.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<Secret>,
    /// The system's public URL, normalized (no trailing slash in the path).
    pub public_url: Url,
    pub connector_id: String,
    pub connector_name: String,
    pub groups_claim: Option<String>,
    pub options: TargetOptions,
    /// Handoff mode: every secret is left out and replaced by a named reference.
    pub handoff: bool,
}

impl Config {
    /// The public URL as a string without a trailing slash.
    pub fn public_base(&self) -> String {
        self.public_url.as_str().trim_end_matches('/').to_owned()
    }

    /// Same configuration in handoff mode.
    pub fn redacted(&self) -> Config {
        Config {
            handoff: true,
            ..self.clone()
        }
    }

    /// Replace the issuer (e.g. with the one read from the live discovery document).
    pub fn with_issuer(mut self, issuer: impl Into<String>) -> Config {
        self.issuer = issuer.into();
        self
    }
}
