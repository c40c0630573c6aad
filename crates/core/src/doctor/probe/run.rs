//! The one async part: make a plan's requests with the shared client, one
//! after the other, and hand each answer to its reader.

use super::answer::same_origin;
use super::{Answer, Observed, ProbeKind, ProbeResult, ProbeStatus, Probing, Reading, Step};
use crate::checks::http::{host_of, HttpError, Request, Response};
use crate::checks::{Evidence, Http};
use crate::model::RawSettings;
use crate::target::TargetId;
use std::collections::VecDeque;
use url::Url;

/// At most this many requests per run: readers cannot make a probe wander.
const MAX_STEPS: usize = 6;

/// What one run found.
#[derive(Debug, Clone)]
pub struct Probed {
    pub target: TargetId,
    /// One per request, in order (or one saying why nothing was asked).
    pub results: Vec<ProbeResult>,
    pub observed: Observed,
    /// What a connector missing from the login page means on this system.
    pub missing_connector: Option<&'static str>,
    /// The target's own comparisons (see [`super::compare::against_file`]).
    pub compare: Option<super::compare::Comparer>,
}

impl Probed {
    /// Some probe reached the system.
    pub fn reached(&self) -> bool {
        self.results
            .iter()
            .any(|r| r.evidence.iter().any(|e| e.status.is_some()))
    }
}

/// Why there is no URL to probe.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BaseUrlError {
    #[error("the file gives no public URL to probe: give the system's URL with --url")]
    Missing,
    #[error("{url:?} is not a URL: {reason}")]
    Invalid { url: String, reason: String },
    #[error(
        "probes use https only, and {url} is not https: give the https URL users open with --url"
    )]
    NotHttps { url: String },
}

/// The URL to probe from: `url` when given (`--url`), else the file's public
/// URL; https only; no query, no fragment, no trailing slash in the path.
pub fn base_url(settings: &RawSettings, url: Option<&str>) -> Result<Url, BaseUrlError> {
    let text = url.unwrap_or(&settings.public_url).trim();
    if text.is_empty() {
        return Err(BaseUrlError::Missing);
    }
    let mut u = Url::parse(text).map_err(|e| BaseUrlError::Invalid {
        url: text.to_owned(),
        reason: e.to_string(),
    })?;
    if u.scheme() != "https" || u.host_str().is_none() {
        return Err(BaseUrlError::NotHttps {
            url: text.to_owned(),
        });
    }
    u.set_query(None);
    u.set_fragment(None);
    let path = u.path().trim_end_matches('/').to_owned();
    u.set_path(&path);
    Ok(u)
}

/// Ask `target`'s running system at `base` what it uses (its probe plan).
/// Never fails: every outcome, unreachable included, is a result.
pub async fn run(http: &Http, target: TargetId, base: &Url, settings: &RawSettings) -> Probed {
    run_plan(http, target, target.probe_plan(base), base, settings).await
}

/// Run `plan` as `target`'s probe.
pub async fn run_plan(
    http: &Http,
    target: TargetId,
    plan: super::ProbePlan,
    base: &Url,
    settings: &RawSettings,
) -> Probed {
    let system = target.as_str();
    let mut p = Probing::new(base, settings);
    let mut results = Vec::new();
    if let (true, Some(why)) = (plan.steps.is_empty(), plan.none_because) {
        results.push(result(
            system,
            ProbeKind::Plan,
            base,
            ProbeStatus::Warning,
            why.to_owned(),
            vec![],
        ));
    }
    let mut queue: VecDeque<Step> = plan.steps.into();
    while let Some(step) = queue.pop_front() {
        if results.len() >= MAX_STEPS {
            break;
        }
        if !same_origin(&step.url, base) {
            let detail = format!("Not asked: {} is not on {}; probes never leave the host of the URL they were given.", step.url, host_of(base));
            results.push(result(
                system,
                step.kind,
                &step.url,
                ProbeStatus::Warning,
                detail,
                vec![],
            ));
            continue;
        }
        let (res, mut ev) = http.send(Request::get(step.url.clone())).await;
        if matches!(res, Err(HttpError::Redirect { .. })) {
            // The redirect is the answer the probe reads, not a failure.
            ev.error = None;
        }
        match exchange(&step.url, res, &ev) {
            Got::Answer(a) => {
                let Reading { status, detail } = (step.read)(&a, &mut p);
                let detail = match step.leaves {
                    Some(left) => format!("{detail} {left}"),
                    None => detail,
                };
                results.push(result(
                    system,
                    step.kind,
                    &step.url,
                    status,
                    detail,
                    vec![ev],
                ));
                queue.extend(p.take_next());
            }
            Got::Unreachable(e) => {
                let detail = unreachable_detail(&e, base);
                results.push(result(
                    system,
                    step.kind,
                    &step.url,
                    ProbeStatus::Unreachable,
                    detail,
                    vec![ev],
                ));
                // The same host will not answer the next steps either.
                break;
            }
            Got::Failed(e) => {
                let detail = format!("{e}: this is not an answer the system gives.");
                results.push(result(
                    system,
                    step.kind,
                    &step.url,
                    ProbeStatus::Failed,
                    detail,
                    vec![ev],
                ));
            }
        }
    }
    Probed {
        target,
        results,
        observed: p.observed,
        missing_connector: plan.missing_connector,
        compare: plan.compare,
    }
}

enum Got {
    Answer(Box<Answer>),
    Unreachable(HttpError),
    Failed(HttpError),
}

/// A redirect is an answer (read, not followed); no HTTP answer or a timeout
/// is "unreachable"; anything else is a failed probe.
fn exchange(url: &Url, res: Result<Response, HttpError>, ev: &Evidence) -> Got {
    match (res, ev.status) {
        (Ok(r), _) => Got::Answer(Box::new(Answer::from_response(&r))),
        (Err(HttpError::Redirect { location, .. }), Some(status)) => {
            Got::Answer(Box::new(Answer::redirect(url.clone(), status, &location)))
        }
        (Err(e @ HttpError::Timeout { .. }), _) | (Err(e), None) => Got::Unreachable(e),
        (Err(e), Some(_)) => Got::Failed(e),
    }
}

fn unreachable_detail(e: &HttpError, base: &Url) -> String {
    let hint = match e {
        HttpError::TlsUntrusted { .. } => " If the system's certificate comes from a private CA, pass that CA's certificate with --ca-file.",
        HttpError::Timeout { .. } => " A firewall or a private network may drop the connection; if the system is only slow, allow more time with --timeout.",
        HttpError::NoSuchHost { .. } => " The name does not resolve here: an internal DNS name is not visible from this machine.",
        _ => "",
    };
    format!(
        "Not reachable from this machine: {e}. This is common when the system runs in a private cluster: run the doctor from a machine that reaches {}, or give --url with an address this machine reaches. This is not a failure of the system.{hint}",
        host_of(base)
    )
}

fn result(
    system: &str,
    kind: ProbeKind,
    url: &Url,
    status: ProbeStatus,
    detail: String,
    evidence: Vec<Evidence>,
) -> ProbeResult {
    ProbeResult {
        kind,
        system: system.to_owned(),
        url: crate::checks::http::redact_url(url),
        status,
        detail,
        evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(public_url: &str) -> RawSettings {
        RawSettings {
            public_url: public_url.to_owned(),
            ..RawSettings::default()
        }
    }

    #[test]
    fn the_base_url_is_the_flag_or_the_files_https_url_without_trailing_slash() {
        let s = settings("https://pach.example.com/");
        assert_eq!(
            base_url(&s, None).unwrap().as_str(),
            "https://pach.example.com/"
        );
        let dex = settings("https://dex.example.com/dex/?x=1#f");
        assert_eq!(
            base_url(&dex, None).unwrap().as_str(),
            "https://dex.example.com/dex"
        );
        assert_eq!(
            base_url(&s, Some(" https://other.example.com "))
                .unwrap()
                .as_str(),
            "https://other.example.com/"
        );
        assert_eq!(base_url(&settings(""), None), Err(BaseUrlError::Missing));
        assert!(matches!(
            base_url(&settings("http://203.0.113.10:30657"), None),
            Err(BaseUrlError::NotHttps { .. })
        ));
        assert!(matches!(
            base_url(&settings("pach.example.com"), None),
            Err(BaseUrlError::Invalid { .. })
        ));
    }
}
