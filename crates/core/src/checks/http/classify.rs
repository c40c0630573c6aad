//! Naming a failed request from reqwest's error and its causes (DNS, TCP, TLS, timeout).

use super::redact::redact_url;
use super::sanitize::escape_controls;
use super::HttpError;
use std::error::Error as StdError;
use std::io;
use std::time::Duration;
use url::Url;

/// Name what went wrong with a request, walking the error's causes.
pub(super) fn classify(e: &reqwest::Error, url: &Url, host: &str, timeout: Duration) -> HttpError {
    let host = host.to_owned();
    let secs = timeout.as_secs().max(1);
    let mut chain_text = String::new();
    let mut cur: Option<&(dyn StdError + 'static)> = Some(e);
    while let Some(err) = cur {
        chain_text.push_str(&err.to_string());
        chain_text.push_str(" | ");
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return classify_tls(tls, host);
        }
        if let Some(ioe) = err.downcast_ref::<io::Error>() {
            if let Some(tls) = ioe
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
            {
                return classify_tls(tls, host);
            }
            match ioe.kind() {
                io::ErrorKind::ConnectionRefused => return HttpError::Refused { host },
                io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionAborted
                | io::ErrorKind::BrokenPipe
                | io::ErrorKind::UnexpectedEof => return HttpError::Reset { host },
                io::ErrorKind::TimedOut => return HttpError::Timeout { host, secs },
                _ => {}
            }
        }
        cur = err.source();
    }
    if e.is_timeout() {
        return HttpError::Timeout { host, secs };
    }
    let lower = chain_text.to_ascii_lowercase();
    if lower.contains("dns error")
        || lower.contains("failed to lookup address")
        || lower.contains("name or service not known")
        || lower.contains("no address associated")
    {
        return HttpError::NoSuchHost { host };
    }
    if lower.contains("url scheme is not allowed") {
        return HttpError::InsecureUrl {
            url: redact_url(url),
        };
    }
    if lower.contains("connection closed")
        || lower.contains("incomplete")
        || lower.contains("connection reset")
        || lower.contains("end of file")
    {
        return HttpError::Reset { host };
    }
    if lower.contains("certificate expired")
        || lower.contains("certificate: expired")
        || lower.contains("notvalidyet")
        || lower.contains("not valid yet")
    {
        return HttpError::TlsExpired { host };
    }
    if lower.contains("not valid for name") || lower.contains("notvalidforname") {
        return HttpError::TlsWrongHost { host };
    }
    if lower.contains("unknownissuer")
        || lower.contains("unknown issuer")
        || lower.contains("badsignature")
    {
        return HttpError::TlsUntrusted { host };
    }
    if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
        return HttpError::Tls {
            host,
            reason: first_cause(e),
        };
    }
    if e.is_connect() {
        return HttpError::Connect {
            host,
            reason: first_cause(e),
        };
    }
    HttpError::Other {
        url: redact_url(url),
        reason: first_cause(e),
    }
}

fn classify_tls(tls: &rustls::Error, host: String) -> HttpError {
    if let rustls::Error::InvalidCertificate(ce) = tls {
        // Variant names are stable across rustls 0.23 releases; some carry context.
        let name = format!("{ce:?}");
        if name.starts_with("Expired") || name.starts_with("NotValidYet") {
            return HttpError::TlsExpired { host };
        }
        if name.starts_with("NotValidForName") {
            return HttpError::TlsWrongHost { host };
        }
        if name.starts_with("UnknownIssuer")
            || name.starts_with("BadSignature")
            || name.starts_with("UnhandledCriticalExtension")
        {
            return HttpError::TlsUntrusted { host };
        }
    }
    HttpError::Tls {
        host,
        reason: escape_controls(&tls.to_string()),
    }
}

/// The innermost cause's message (reqwest's outer message is generic), with any
/// control character escaped.
pub(super) fn first_cause(e: &reqwest::Error) -> String {
    let mut msg = e.to_string();
    let mut cur = e.source();
    while let Some(err) = cur {
        msg = err.to_string();
        cur = err.source();
    }
    escape_controls(&msg)
}
