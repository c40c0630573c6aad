//! What went wrong with one request, by name, and what to do about it.

use super::super::result::Diagnosis;

/// What went wrong with one request, by name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    #[error("could not read the CA file {path}: {reason}")]
    CaFile { path: String, reason: String },
    #[error("no such host: {host} does not resolve (DNS)")]
    NoSuchHost { host: String },
    #[error("connection refused by {host}")]
    Refused { host: String },
    #[error("the connection to {host} was reset or closed before the response was complete")]
    Reset { host: String },
    #[error("timed out after {secs} s waiting for {host}")]
    Timeout { host: String, secs: u64 },
    #[error("the TLS certificate of {host} is not trusted (unknown issuer)")]
    TlsUntrusted { host: String },
    #[error("the TLS certificate of {host} has expired")]
    TlsExpired { host: String },
    #[error("the TLS certificate presented by {host} is not valid for that name")]
    TlsWrongHost { host: String },
    #[error("TLS with {host} failed: {reason}")]
    Tls { host: String, reason: String },
    #[error("could not connect to {host}: {reason}")]
    Connect { host: String, reason: String },
    #[error("the proxy {proxy} (HTTPS_PROXY or ALL_PROXY) {reason}; {host} was not reached")]
    Proxy {
        proxy: String,
        host: String,
        reason: String,
    },
    #[error("refusing a non-https URL: {url}")]
    InsecureUrl { url: String },
    #[error("{url} redirects to {location}")]
    Redirect {
        url: String,
        location: String,
        other_host: bool,
        to_itself: bool,
    },
    #[error("the response from {url} is larger than {limit} bytes")]
    TooLarge { url: String, limit: usize },
    #[error("request to {url} failed: {reason}")]
    Other { url: String, reason: String },
}

impl HttpError {
    /// True when nothing HTTP came back at all (DNS, TCP, TLS, timeout).
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            HttpError::NoSuchHost { .. }
                | HttpError::Refused { .. }
                | HttpError::TlsUntrusted { .. }
                | HttpError::TlsExpired { .. }
                | HttpError::TlsWrongHost { .. }
                | HttpError::Tls { .. }
                | HttpError::Connect { .. }
                | HttpError::Proxy { .. }
                | HttpError::CaFile { .. }
        )
    }

    pub fn diagnosis(&self) -> Diagnosis {
        match self {
            HttpError::CaFile { .. } => Diagnosis::CaFile,
            HttpError::NoSuchHost { .. } => Diagnosis::NoSuchHost,
            HttpError::Refused { .. } => Diagnosis::ConnectionRefused,
            HttpError::Reset { .. } => Diagnosis::ConnectionReset,
            HttpError::Timeout { .. } => Diagnosis::Timeout,
            HttpError::TlsUntrusted { .. } => Diagnosis::TlsUntrusted,
            HttpError::TlsExpired { .. } => Diagnosis::TlsExpired,
            HttpError::TlsWrongHost { .. } => Diagnosis::TlsWrongHost,
            HttpError::Tls { .. } => Diagnosis::TlsError,
            HttpError::Connect { .. } | HttpError::Other { .. } => Diagnosis::ConnectFailed,
            HttpError::Proxy { .. } => Diagnosis::ProxyFailed,
            HttpError::InsecureUrl { .. } => Diagnosis::InsecureUrl,
            HttpError::Redirect {
                other_host: true, ..
            } => Diagnosis::RedirectOtherHost,
            HttpError::Redirect {
                to_itself: true, ..
            } => Diagnosis::RedirectLoop,
            HttpError::Redirect { .. } => Diagnosis::Redirect,
            HttpError::TooLarge { .. } => Diagnosis::BodyTooLarge,
        }
    }

    /// What to do about it.
    pub fn fix(&self) -> String {
        match self {
            HttpError::CaFile { .. } => "Give the extra CA certificate as a readable PEM file (one or more -----BEGIN CERTIFICATE----- blocks): --ca-file in the CLI, AUTH0_WIZARD_CA_FILE for the app.".to_owned(),
            HttpError::NoSuchHost { host } => format!("Check the domain {host}: copy Domain from Applications > Applications > (your app) > Settings > Basic Information in the Auth0 dashboard. A custom domain must be set up under Branding > Custom Domains and exist in DNS."),
            HttpError::Refused { host } => format!("Nothing accepts connections on {host}. Check the domain and port; Auth0 serves https on port 443."),
            HttpError::Reset { host } => format!("The connection to {host} was cut mid-request. A proxy or firewall may interfere (check HTTPS_PROXY and NO_PROXY); try again."),
            HttpError::Timeout { host, secs } => format!("{host} did not answer within {secs} s. Check the network, the proxy settings (HTTPS_PROXY, NO_PROXY) and the firewall, or allow more time (--timeout in the CLI)."),
            HttpError::TlsUntrusted { host } => format!("The certificate of {host} is not signed by a trusted authority. If a company proxy or a private CA intercepts TLS, add its CA certificate (--ca-file in the CLI, AUTH0_WIZARD_CA_FILE for the app); otherwise check that {host} is really your Auth0 domain."),
            HttpError::TlsExpired { host } => format!("The certificate of {host} has expired. For a custom domain with your own certificate, renew it (Branding > Custom Domains); also check the computer's clock."),
            HttpError::TlsWrongHost { host } => format!("{host} presents a certificate for another name. Check the domain; for a custom domain, check that its certificate covers {host} (Branding > Custom Domains)."),
            HttpError::Tls { host, .. } => format!("Check that {host} is your Auth0 domain and that nothing between you and it alters TLS."),
            HttpError::Connect { host, .. } => format!("Check the domain {host} and the network."),
            HttpError::Proxy { proxy, host, .. } => format!("Check the proxy: the environment (HTTPS_PROXY, ALL_PROXY) sends requests for {host} through {proxy}. Start the proxy or correct the variable; to reach {host} directly, add its host name to NO_PROXY."),
            HttpError::InsecureUrl { .. } => "Auth0 serves everything over https; use the https URL.".to_owned(),
            HttpError::Redirect { location, other_host: true, .. } => format!("Auth0 answers this endpoint directly, without redirects; this one sends you to another host ({location}). Check that the domain is your Auth0 tenant or custom domain (Settings > Basic Information > Domain), not a web site or a proxy in front of it."),
            HttpError::Redirect { to_itself: true, .. } => "The URL redirects to itself (a redirect loop): something other than Auth0 answers on this domain. Use the Domain shown under Applications > (your app) > Settings.".to_owned(),
            HttpError::Redirect { location, .. } => format!("Auth0 answers this endpoint directly, without redirects; this one redirects to {location}. Check the domain, or a proxy in front of it."),
            HttpError::TooLarge { limit, .. } => format!("Auth0's answers are small; one over {} KiB is not from Auth0. Check the domain and any proxy in front of it.", limit / 1024),
            HttpError::Other { .. } => "Check the domain and the network.".to_owned(),
        }
    }
}
