//! The whole probe in one call, for the CLI and the window: ask the running
//! system what it uses, compare that with the file, then with Auth0.

use super::{auth0, base_url, compare, run, BaseUrlError, Finding, ProbeResult};
use crate::checks::{Http, MgmtCredentials};
use crate::doctor::import::Imported;

/// Every probe's result (the system's, then Auth0's) and every difference
/// as a finding saying which side is wrong.
#[derive(Debug, Clone, Default)]
pub struct Examined {
    pub results: Vec<ProbeResult>,
    pub findings: Vec<Finding>,
}

/// Probe the system of `imported` at `url` (default: the file's public URL),
/// and compare with the file and with Auth0 (its application too with `mgmt`).
pub async fn examine(
    http: &Http,
    imported: &Imported,
    url: Option<&str>,
    mgmt: Option<&MgmtCredentials>,
) -> Result<Examined, BaseUrlError> {
    let base = base_url(&imported.settings, url)?;
    let probed = run(http, imported.detected.target, &base, &imported.settings).await;
    let mut findings = compare::against_file(&probed, imported);
    let side = auth0::against_auth0(http, &probed, imported, mgmt).await;
    findings.extend(side.findings);
    let mut results = probed.results;
    results.extend(side.results);
    Ok(Examined { results, findings })
}
