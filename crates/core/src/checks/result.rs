//! What a check reports: [`CheckResult`], its [`Evidence`] and the named [`Diagnosis`].

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which check a result belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    /// DNS, TCP and TLS to the Auth0 domain (from the discovery request).
    Reachability,
    /// `/.well-known/openid-configuration` is a usable OpenID Provider document.
    Discovery,
    /// The issuer in the discovery document is exactly the one the exports write.
    Issuer,
    /// The JWKS has a key usable for RS256.
    Jwks,
    /// The client ID and secret, tested with a client-credentials request.
    ClientSecret,
    /// The application's settings, read through the Management API.
    AppAudit,
    /// An interactive login (authorization code + PKCE) through the browser.
    Login,
}

impl CheckId {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::Reachability => "reachability",
            CheckId::Discovery => "discovery",
            CheckId::Issuer => "issuer",
            CheckId::Jwks => "jwks",
            CheckId::ClientSecret => "client_secret",
            CheckId::AppAudit => "app_audit",
            CheckId::Login => "login",
        }
    }
}

impl std::fmt::Display for CheckId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Pass,
    Skipped,
    Warn,
    Fail,
}

/// The named reason behind a result: stable, machine-readable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Diagnosis {
    // Passing outcomes worth naming.
    Ok,
    SecretAccepted,
    /// Auth0 authenticated the client, then refused the grant or the audience.
    SecretAcceptedGrantRefused,
    // Not run.
    NotConfigured,
    DependencyFailed,
    Cancelled,
    CheckTimeout,
    // Network and HTTP.
    CaFile,
    NoSuchHost,
    ConnectionRefused,
    ConnectionReset,
    Timeout,
    TlsUntrusted,
    TlsExpired,
    TlsWrongHost,
    TlsError,
    ConnectFailed,
    /// The proxy from the environment failed (refused, unknown, no tunnel).
    ProxyFailed,
    InsecureUrl,
    Redirect,
    RedirectOtherHost,
    RedirectLoop,
    BodyTooLarge,
    HttpStatus,
    NotJson,
    MalformedJson,
    // Discovery and issuer.
    MissingFields,
    /// A value in the discovery document has control characters.
    ControlCharacters,
    /// The document's issuer is not the URL it was fetched from.
    IssuerNotDiscoveryUrl,
    /// An endpoint of the document is not on the domain.
    EndpointOtherHost,
    Rs256NotSupported,
    IssuerMissingTrailingSlash,
    /// The exports end the issuer with a slash the live issuer does not have.
    IssuerExtraTrailingSlash,
    IssuerHttpScheme,
    IssuerOtherDomain,
    IssuerMismatch,
    // JWKS.
    NoKeys,
    NoRs256Key,
    // Client secret.
    SecretRejected,
    WrongClientId,
    UnexpectedTokenResponse,
    // App audit.
    MgmtTokenRejected,
    MgmtNotAuthorized,
    MgmtMissingScope,
    ClientNotFound,
    RateLimited,
    AppTypeMismatch,
    CallbackMissing,
    CallbackCaseMismatch,
    LogoutUrlMissing,
    GrantTypeMissing,
    AuthMethodNone,
    AuthMethodMismatch,
    JwtAlgNotRs256,
    NotOidcConformant,
    LoginUriNotHttps,
    ThirdPartyApp,
    // Login test.
    PortInUse,
    BrowserOpenFailed,
    AuthorizeError,
    NoCallback,
    StateMismatch,
    MissingCode,
    CodeExchangeFailed,
    IdTokenMissing,
    IdTokenMalformed,
    IdTokenAlgorithm,
    IdTokenUnknownKey,
    IdTokenSignature,
    IdTokenIssuer,
    IdTokenAudience,
    IdTokenExpired,
    /// `nbf` in the future, or `iat` ahead by more than the clock skew.
    IdTokenNotYetValid,
    NonceMismatch,
    EmailNotVerified,
    GroupsClaimMissing,
}

/// One HTTP header as recorded in evidence (secrets already redacted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Header {
    pub name: String,
    pub value: String,
}

/// One request a check made and what came back, with secrets redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Evidence {
    pub method: String,
    pub url: String,
    /// Selected request headers (Authorization shows only its scheme).
    pub request_headers: Vec<Header>,
    /// The form body sent, with secret values redacted.
    pub request_body: Option<String>,
    /// HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// Selected response headers: content type, location, rate limits.
    pub response_headers: Vec<Header>,
    /// The start of the response body, with tokens and secrets redacted.
    pub body_excerpt: Option<String>,
    /// What went wrong below HTTP (DNS, TCP, TLS, timeout), if anything.
    pub error: Option<String>,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

/// One field-level finding, e.g. of the app audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Finding {
    pub diagnosis: Diagnosis,
    pub status: CheckStatus,
    /// The application setting, e.g. `callbacks`.
    pub field: String,
    pub message: String,
    pub fix: String,
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckResult {
    pub id: CheckId,
    pub status: CheckStatus,
    /// The named reason (for a pass: `ok` or a more precise pass).
    pub diagnosis: Diagnosis,
    pub title: String,
    /// What was found, in a sentence or two.
    pub detail: String,
    /// What to do (what to click in Auth0), when something is wrong.
    pub fix: Option<String>,
    /// Field-level findings (the app audit has several).
    pub findings: Vec<Finding>,
    pub evidence: Vec<Evidence>,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

/// Constructors of results that carry a fix, one per status.
macro_rules! flagged {
    ($($(#[$doc:meta])* $name:ident => $status:ident;)*) => {$(
        $(#[$doc])*
        pub fn $name(
            id: CheckId,
            diagnosis: Diagnosis,
            title: impl Into<String>,
            detail: impl Into<String>,
            fix: impl Into<String>,
        ) -> Self {
            Self::new(id, CheckStatus::$status, diagnosis, title, detail).with_fix(fix)
        }
    )*};
}

impl CheckResult {
    pub fn new(
        id: CheckId,
        status: CheckStatus,
        diagnosis: Diagnosis,
        title: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        CheckResult {
            id,
            status,
            diagnosis,
            title: title.into(),
            detail: detail.into(),
            fix: None,
            findings: Vec::new(),
            evidence: Vec::new(),
            elapsed_ms: 0,
        }
    }

    pub fn pass(id: CheckId, title: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(id, CheckStatus::Pass, Diagnosis::Ok, title, detail)
    }

    flagged! {
        /// Something is wrong: what was found and what to do.
        fail => Fail;
        /// Something may be wrong: what was found and what to do.
        warn => Warn;
    }

    pub fn skipped(
        id: CheckId,
        diagnosis: Diagnosis,
        title: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Self::new(id, CheckStatus::Skipped, diagnosis, title, detail)
    }

    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        let fix = fix.into();
        self.fix = (!fix.is_empty()).then_some(fix);
        self
    }

    pub fn with_evidence(mut self, evidence: Vec<Evidence>) -> Self {
        self.evidence = evidence;
        self
    }

    pub fn is_failure(&self) -> bool {
        self.status == CheckStatus::Fail
    }
}
