//! One Management API call at a time: JSON in and out, 429s waited out,
//! everything (waits included) within one deadline, each call reported.

use super::error::{from_answer, Grantee, MgmtError};
use super::progress::{Progress, ProgressEvent, ProgressKind};
use crate::checks::http::{Request, Response};
use crate::checks::Http;
use crate::model::Domain;
use crate::requirements::dashboard_url;
use crate::secret::Secret;
use reqwest::Method;
use serde_json::Value;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use url::Url;

/// How long the wizard may take, and how often it looks at an Action's build.
#[derive(Debug, Clone)]
pub struct MgmtOptions {
    /// One plan, apply or undo, waits (429s, Action builds) included.
    pub timeout: Duration,
    /// Time between two looks at an Action being built or deployed.
    pub poll_interval: Duration,
}

impl Default for MgmtOptions {
    fn default() -> Self {
        MgmtOptions {
            timeout: Duration::from_secs(120),
            poll_interval: Duration::from_secs(1),
        }
    }
}

/// A Management API session: the tenant, the token, and who it belongs to.
/// Cheap to clone; keep it between a plan and its apply.
#[derive(Clone)]
pub struct MgmtClient {
    pub(crate) http: Http,
    pub(crate) domain: Domain,
    pub(crate) token: Secret,
    pub(crate) grantee: Grantee,
    pub(crate) opts: MgmtOptions,
}

impl MgmtClient {
    /// The Management API's domain as `host` or `host:port`.
    pub fn domain(&self) -> String {
        self.domain.authority()
    }

    /// `https://{domain}/api/v2/`, the audience of its tokens.
    pub fn audience(&self) -> String {
        format!("{}/api/v2/", self.domain.base_url())
    }

    pub fn grantee(&self) -> &Grantee {
        &self.grantee
    }

    pub fn options(&self) -> &MgmtOptions {
        &self.opts
    }
}

/// One operation (plan, apply, undo): its deadline, its progress sink, the
/// step it is at.
pub(crate) struct Ctx<'a> {
    pub client: &'a MgmtClient,
    deadline: Instant,
    progress: Progress<'a>,
    step: String,
}

impl<'a> Ctx<'a> {
    pub fn new(client: &'a MgmtClient, progress: Progress<'a>) -> Self {
        Ctx {
            client,
            deadline: Instant::now() + client.opts.timeout,
            progress,
            step: "read".to_owned(),
        }
    }

    /// Calls from now on belong to `step`.
    pub fn step(&mut self, step: &str) {
        self.step = step.to_owned();
    }

    fn emit(&self, call: &str, kind: ProgressKind) {
        (self.progress)(&ProgressEvent {
            step: self.step.clone(),
            call: call.to_owned(),
            kind,
        });
    }

    fn timed_out(&self, doing: &str, waiting_for: &str) -> MgmtError {
        MgmtError::TimedOut {
            doing: doing.to_owned(),
            waiting_for: waiting_for.to_owned(),
            secs: self.client.opts.timeout.as_secs().max(1),
        }
    }

    /// Wait `d` for `what`, shown, or fail if the deadline comes first.
    pub async fn wait(
        &self,
        call: &str,
        what: &str,
        d: Duration,
        doing: &str,
    ) -> Result<(), MgmtError> {
        if Instant::now() + d > self.deadline {
            return Err(self.timed_out(doing, what));
        }
        let seconds = d.as_secs_f64().ceil() as u64;
        self.emit(
            call,
            ProgressKind::Waiting {
                what: what.to_owned(),
                seconds,
            },
        );
        tokio::time::sleep(d).await;
        Ok(())
    }

    /// The URL of `/api/v2/{segments...}?{query}`, each segment escaped.
    fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Url {
        let mut url = Url::parse(&format!("{}/api/v2/", self.client.domain.base_url()))
            .expect("a domain makes a valid URL");
        url.path_segments_mut()
            .expect("https URL")
            .pop_if_empty()
            .extend(segments);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    /// One call; its JSON answer. A 429 is waited out (within the deadline), any other
    /// error answer becomes an [`MgmtError`] with Auth0's message.
    pub async fn call(
        &self,
        method: Method,
        segments: &[&str],
        query: &[(&str, &str)],
        body: Option<Value>,
        doing: &str,
    ) -> Result<Value, MgmtError> {
        let url = self.url(segments, query);
        let label = format!("{method} {}", url.path());
        let mut req = Request::new(method, url).bearer(self.client.token.expose());
        if let Some(b) = body {
            req = req.with_json(b);
        }
        loop {
            let resp = self.send_once(&req, &label, doing).await?;
            if resp.status == 429 {
                let wait = retry_wait(&resp);
                let what = format!(
                    "the Management API rate limit (HTTP 429, {} s)",
                    wait.as_secs_f64().ceil() as u64
                );
                self.wait(&label, &what, wait, doing).await?;
                continue;
            }
            return self.answer(resp, &label, doing);
        }
    }

    async fn send_once(
        &self,
        req: &Request,
        label: &str,
        doing: &str,
    ) -> Result<Response, MgmtError> {
        let remaining = self.deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(self.timed_out(doing, "an answer"));
        }
        self.emit(label, ProgressKind::Started);
        let sent = tokio::time::timeout(remaining, self.client.http.send(req.clone())).await;
        let Ok((result, _evidence)) = sent else {
            let e = self.timed_out(doing, "an answer");
            self.emit(
                label,
                ProgressKind::Failed {
                    message: e.to_string(),
                },
            );
            return Err(e);
        };
        result.map_err(|source| {
            let e = MgmtError::Http {
                doing: doing.to_owned(),
                source,
            };
            self.emit(
                label,
                ProgressKind::Failed {
                    message: e.to_string(),
                },
            );
            e
        })
    }

    /// The JSON body of a 2xx answer (`null` when empty), or the error it says.
    fn answer(&self, resp: Response, label: &str, doing: &str) -> Result<Value, MgmtError> {
        // A 2xx body is data the wizard stores, compares and sends back (undo):
        // exactly as sent. An error's text is shown: cleaned like all server text.
        let ok = (200..300).contains(&resp.status);
        let body = if resp.body_is_blank() {
            Value::Null
        } else {
            match if ok { resp.raw_json() } else { resp.json() } {
                Ok(v) => v,
                Err(e) => {
                    let err = MgmtError::Malformed {
                        doing: doing.to_owned(),
                        reason: e.to_string(),
                    };
                    self.emit(
                        label,
                        ProgressKind::Failed {
                            message: err.to_string(),
                        },
                    );
                    return Err(err);
                }
            }
        };
        if ok {
            self.emit(
                label,
                ProgressKind::Done {
                    status: resp.status,
                },
            );
            return Ok(body);
        }
        let dashboard = dashboard_url(Some(&self.client.domain));
        let e = from_answer(doing, resp.status, &body, &self.client.grantee, &dashboard);
        self.emit(
            label,
            ProgressKind::Failed {
                message: e.to_string(),
            },
        );
        Err(e)
    }

    pub async fn get(
        &self,
        segments: &[&str],
        query: &[(&str, &str)],
        doing: &str,
    ) -> Result<Value, MgmtError> {
        self.call(Method::GET, segments, query, None, doing).await
    }

    pub async fn post(
        &self,
        segments: &[&str],
        body: Option<Value>,
        doing: &str,
    ) -> Result<Value, MgmtError> {
        self.call(Method::POST, segments, &[], body, doing).await
    }

    pub async fn patch(
        &self,
        segments: &[&str],
        body: Value,
        doing: &str,
    ) -> Result<Value, MgmtError> {
        self.call(Method::PATCH, segments, &[], Some(body), doing)
            .await
    }

    pub async fn delete(&self, segments: &[&str], doing: &str) -> Result<(), MgmtError> {
        self.call(Method::DELETE, segments, &[], None, doing)
            .await
            .map(|_| ())
    }
}

/// How long the rate-limit headers say to wait: `Retry-After` (seconds),
/// else `X-RateLimit-Reset` (Unix seconds) minus now, else a second
/// (reference A.3).
fn retry_wait(resp: &Response) -> Duration {
    let num = |h: &str| resp.header(h).and_then(|v| v.trim().parse::<u64>().ok());
    let secs = num("retry-after").or_else(|| {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        num("x-ratelimit-reset").map(|reset| reset.saturating_sub(now))
    });
    Duration::from_secs(secs.unwrap_or(1).max(1))
}
