//! The keys pachd, pachctl, the chart and pachd's Dex fork read, as data,
//! with where each list was read.

use crate::target::dex::keys::oidc_key;
use crate::target::dex::lint_oidc::{KeyRules, Status};
use crate::version::Version;

/// `identity.IDPConnector` in github.com/pachyderm/pachyderm
/// `src/identity/identity.proto` at `e237475e` (master, ≈ v2.12.0-rc.3).
/// pachd reads every `oidc.upstreamIDPs` / `upstream-idps` entry with
/// `protojson.Unmarshal` and default options (`src/server/identityutil/identityutil.go`
/// `IDPConnectors.UnmarshalJSON`): any other key is an error and pachd does
/// not start (CrashLoopBackOff).
pub const ENTRY_KEYS: &[&str] = &["id", "name", "type", "configVersion", "jsonConfig", "config"];

/// `connectorConfig` in `src/server/identity/cmds/cmds.go` at `e237475e`:
/// the `pachctl idp create-connector` / `update-connector` file, decoded
/// with `serde.Decode` (YAML, then `encoding/json` into the struct: keys
/// match in any case, other keys are silently ignored).
pub const IDP_FILE_KEYS: &[&str] = &["id", "name", "type", "version", "config"];

/// The chart's `oidc:` keys: `etc/helm/pachyderm/values.yaml` at tags
/// v2.3.0 (`1b3f4509`) to v2.11.0 (`929e82b0`) and master `e237475e`.
/// v2.0.0 (`fc43b49e`) lacks the secret names and additional clients;
/// `upstreamIDPsSecretName` is in v2.1.0, `dexCredentialSecretName` in v2.2.0.
/// The chart's values.schema.json does not forbid other keys: Helm passes
/// them on and nothing reads them.
pub const HELM_OIDC_KEYS: &[&str] = &[
    "issuerURI",
    "requireVerifiedEmail",
    "IDTokenExpiry",
    "RotationTokenExpiry",
    "userAccessibleOauthIssuerHost",
    "upstreamIDPs",
    "upstreamIDPsSecretName",
    "dexCredentialSecretName",
    "mockIDP",
    "additionalClients",
    "additionalClientsSecretName",
];

/// The Secret key pachd reads the connectors from
/// (`templates/pachd/deployment.yaml`, `secretKeyRef.key`, at `e237475e`).
pub const SECRET_KEY: &str = "upstream-idps";

/// The `connector/oidc/oidc.go` Config keys of one commit of
/// github.com/pachyderm/dex, and the Pachyderm releases whose `go.mod`
/// (`replace github.com/dexidp/dex => github.com/pachyderm/dex ...`) uses it.
pub struct ForkKeys {
    pub commits: &'static str,
    pub from: Version,
    /// `None`: every later release so far.
    pub until: Option<Version>,
    pub keys: &'static [&'static str],
}

const CLAIM_MAPPING: [&str; 4] = [
    "claimMapping",
    "claimMapping.preferred_username",
    "claimMapping.email",
    "claimMapping.groups",
];

macro_rules! fork_keys {
    ($($k:literal),* $(,)?) => {
        &[$($k,)* CLAIM_MAPPING[0], CLAIM_MAPPING[1], CLAIM_MAPPING[2], CLAIM_MAPPING[3]]
    };
}

/// The forks, oldest first: pachyderm tags v2.0.0–v2.2.0 use `ebfeda600c26`,
/// v2.3.0 `8eefbbcd5fcf` (same keys), v2.4.0–v2.6.0 `97a077e960b3`,
/// v2.7.0–v2.11.0 `706aec218aba`, master `e237475e` (2.12) `292f1ae604a3`
/// (same keys as `706aec21`).
pub const FORKS: &[ForkKeys] = &[
    ForkKeys {
        commits: "ebfeda600c26, 8eefbbcd5fcf",
        from: Version::new(2, 0),
        until: Some(Version::new(2, 4)),
        keys: fork_keys!["issuer", "clientID", "clientSecret", "redirectURI", "basicAuthUnsupported", "scopes", "hostedDomains", "insecureSkipEmailVerified", "insecureEnableGroups", "insecureSkipIssuerCallbackDomainCheck", "getUserInfo", "userIDKey", "userNameKey", "promptType", "forwardedLoginParams"],
    },
    ForkKeys {
        commits: "97a077e960b3",
        from: Version::new(2, 4),
        until: Some(Version::new(2, 7)),
        keys: fork_keys!["issuer", "clientID", "clientSecret", "redirectURI", "basicAuthUnsupported", "scopes", "insecureSkipEmailVerified", "insecureEnableGroups", "acrValues", "insecureSkipIssuerCallbackDomainCheck", "getUserInfo", "userIDKey", "userNameKey", "promptType", "overrideClaimMapping", "forwardedLoginParams"],
    },
    ForkKeys {
        commits: "706aec218aba, 292f1ae604a3",
        from: Version::new(2, 7),
        until: None,
        keys: fork_keys!["issuer", "clientID", "clientSecret", "redirectURI", "basicAuthUnsupported", "scopes", "rootCAs", "insecureSkipEmailVerified", "insecureEnableGroups", "acrValues", "insecureSkipVerify", "insecureSkipIssuerCallbackDomainCheck", "getUserInfo", "userIDKey", "userNameKey", "promptType", "overrideClaimMapping"],
    },
];

impl ForkKeys {
    fn releases(&self) -> String {
        match self.until {
            Some(u) => format!("Pachyderm {} to {}.{}", self.from, u.major, u.minor - 1),
            None => format!("Pachyderm {} and later", self.from),
        }
    }
}

/// The keys of the Dex fork in a Pachyderm release (`None`: the newest).
pub struct Fork {
    pub version: Option<Version>,
}

impl Fork {
    fn keys(&self) -> &'static ForkKeys {
        let newest = &FORKS[FORKS.len() - 1];
        match self.version {
            None => newest,
            Some(v) => FORKS
                .iter()
                .find(|f| v >= f.from && f.until.is_none_or(|u| v < u))
                .unwrap_or(newest),
        }
    }
}

impl KeyRules for Fork {
    fn status(&self, path: &str) -> Status {
        let fork = self.keys();
        if fork.keys.contains(&path) {
            return Status::Known;
        }
        let readers: Vec<&ForkKeys> = FORKS.iter().filter(|f| f.keys.contains(&path)).collect();
        if let (Some(first), Some(last)) = (readers.first(), readers.last()) {
            let span = ForkKeys { commits: "", from: first.from, until: last.until, keys: &[] };
            return Status::Ignored(format!("only the Dex fork of {} reads it (pachd's fork {} does not).", span.releases(), fork.commits));
        }
        match oidc_key(path).and_then(|k| k.since) {
            Some(since) => Status::Ignored(format!("it is a key of upstream Dex {since} and later, which pachd's Dex fork ({}) does not have.", fork.commits)),
            None => Status::Unknown,
        }
    }

    fn known(&self) -> Vec<&'static str> {
        self.keys().keys.to_vec()
    }

    fn label(&self) -> String {
        format!("pachd's Dex fork ({})", self.keys().releases())
    }
}
