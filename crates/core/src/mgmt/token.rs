//! A Management API token: client credentials of a Machine to Machine
//! application, or a token pasted from the dashboard's API Explorer (A.1).

use super::client::{MgmtClient, MgmtOptions};
use super::error::{clean, Grantee, MgmtError};
use super::progress::{Progress, ProgressEvent, ProgressKind};
use crate::checks::client_secret::TokenError;
use crate::checks::http::Request;
use crate::checks::Http;
use crate::model::Domain;
use crate::secret::Secret;
use std::time::Duration;
use url::Url;

/// How the wizard gets its Management API token.
#[derive(Debug, Clone)]
pub enum MgmtAuth {
    /// A Machine to Machine application authorized for the Management API.
    ClientCredentials {
        client_id: String,
        client_secret: Secret,
    },
    /// A token copied from Applications > APIs > Auth0 Management API > API Explorer.
    Token(Secret),
}

const M2M_FIX: &str = "In Auth0: Applications > APIs > Auth0 Management API > Machine To Machine Applications: switch your Machine to Machine application on and tick the scopes the wizard lists, then Update. Check its Client ID and secret under Applications > Applications > (M2M app) > Settings.";

/// A session on the Management API of `domain`: a token is fetched now for
/// client credentials; a pasted token is taken as it is.
pub async fn connect(
    http: &Http,
    domain: &Domain,
    auth: MgmtAuth,
    opts: MgmtOptions,
    progress: Progress<'_>,
) -> Result<MgmtClient, MgmtError> {
    let (token, grantee) = match auth {
        MgmtAuth::Token(t) => (Secret::new(t.expose().trim()), Grantee::PastedToken),
        MgmtAuth::ClientCredentials {
            client_id,
            client_secret,
        } => {
            let http = http
                .clone()
                .with_scrubbed([client_secret.expose().to_owned()]);
            let t = fetch(
                &http,
                domain,
                &client_id,
                &client_secret,
                opts.timeout,
                progress,
            )
            .await?;
            (t, Grantee::Application(client_id))
        }
    };
    if token.is_empty() {
        return Err(MgmtError::Token {
            message: "the token is empty".to_owned(),
            fix: "Paste the whole token from the API Explorer.".to_owned(),
        });
    }
    Ok(MgmtClient {
        http: http.clone().with_scrubbed([token.expose().to_owned()]),
        domain: domain.clone(),
        token,
        grantee,
        opts,
    })
}

async fn fetch(
    http: &Http,
    domain: &Domain,
    client_id: &str,
    secret: &Secret,
    timeout: Duration,
    progress: Progress<'_>,
) -> Result<Secret, MgmtError> {
    let base = domain.base_url();
    let url = Url::parse(&format!("{base}/oauth/token")).expect("a domain makes a valid URL");
    let form = vec![
        ("grant_type".to_owned(), "client_credentials".to_owned()),
        ("client_id".to_owned(), client_id.to_owned()),
        ("client_secret".to_owned(), secret.expose().to_owned()),
        ("audience".to_owned(), format!("{base}/api/v2/")),
    ];
    let call = "POST /oauth/token";
    let emit = |kind| {
        progress(&ProgressEvent {
            step: "token".to_owned(),
            call: call.to_owned(),
            kind,
        })
    };
    emit(ProgressKind::Started);
    let doing = "getting a Management API token";
    let sent = tokio::time::timeout(timeout, http.send(Request::post_form(url, form))).await;
    let resp = match sent {
        Err(_) => Err(MgmtError::TimedOut {
            doing: doing.to_owned(),
            waiting_for: "the token endpoint".to_owned(),
            secs: timeout.as_secs().max(1),
        }),
        Ok((r, _)) => r.map_err(|source| MgmtError::Http {
            doing: doing.to_owned(),
            source,
        }),
    };
    let token = resp.and_then(|r| {
        if r.status == 200 {
            r.json()
                .ok()
                .and_then(|v| v.get("access_token")?.as_str().map(Secret::new))
                .ok_or_else(|| MgmtError::Malformed {
                    doing: doing.to_owned(),
                    reason: "no access_token in the answer".to_owned(),
                })
        } else {
            Err(refused(&r))
        }
    });
    match &token {
        Ok(_) => emit(ProgressKind::Done { status: 200 }),
        Err(e) => emit(ProgressKind::Failed {
            message: e.to_string(),
        }),
    }
    token
}

fn refused(r: &crate::checks::http::Response) -> MgmtError {
    let message = match TokenError::from_response(r) {
        Some(te) if te.is_rejected_credentials() => {
            return MgmtError::Token {
                message: format!("Auth0 rejected the Machine to Machine client ID or secret ({})", clean(&te.summary())),
                fix: "Copy Client ID and Client Secret of the Machine to Machine application from Applications > Applications > (M2M app) > Settings.".to_owned(),
            }
        }
        Some(te) => clean(&te.summary()),
        None if r.status == 429 => "rate limited (HTTP 429)".to_owned(),
        None => format!("HTTP {}", r.status),
    };
    MgmtError::Token {
        message,
        fix: M2M_FIX.to_owned(),
    }
}
