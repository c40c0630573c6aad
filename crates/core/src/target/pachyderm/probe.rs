//! Probing Pachyderm 2.x through its proxy (reference B.2): Dex's discovery
//! under `/dex`, the login page's connectors, and the Auth0 redirect Dex
//! builds for pachd's own Dex client (`pachd`).

use super::super::dex::probe::{
    compare_dex_family, discovery_step, discovery_then, read_auth0_redirect, read_login_page as
    read_dex_login, AUTH_REQUEST_NOTE,
};
use crate::doctor::probe::{under, Answer, ProbeKind, ProbePlan, Probing, Reading, Step};
use url::Url;

/// pachd's Dex client (`pachd.oauthClientID`'s default, targets.md §2.1).
pub const PACHD_CLIENT: &str = "pachd";

/// The state the probe sends, so that the auth request it leaves is recognizable.
pub const PROBE_STATE: &str = "auth0-wizard-probe";

pub fn plan(base: &Url) -> ProbePlan {
    ProbePlan {
        steps: vec![discovery_step(&under(base, "/dex"), read_discovery)],
        missing_connector: Some("pachd offers only the connectors it has stored: the file's connector was not applied (pachctl idp create-connector, or oidc.upstreamIDPs in the Helm values), or it failed to load."),
        compare: Some(compare_dex_family),
        ..ProbePlan::default()
    }
}

fn read_discovery(a: &Answer, p: &mut Probing<'_>) -> Reading {
    discovery_then(a, p, read_login_page)
}

/// The login page; then, when it offers the file's connector, the redirect
/// Dex builds for it.
fn read_login_page(a: &Answer, p: &mut Probing<'_>) -> Reading {
    let reading = read_dex_login(a, p);
    let id = p.connector_id().to_owned();
    let offered = p
        .observed
        .connectors
        .as_ref()
        .is_some_and(|cs| cs.iter().any(|c| c.id == id));
    if offered {
        let url = redirect_probe_url(p.base, &id);
        let step = Step::new(ProbeKind::Auth0Redirect, url, read_auth0_redirect);
        p.then(step.leaving(AUTH_REQUEST_NOTE));
    }
    reading
}

/// `/dex/auth/<connector>` as pachd's own client asks for it: client `pachd`,
/// redirect `<proxy origin>/authorization-code/callback` (the
/// `pachd.oauthRedirectURI` default, targets.md §2.1).
pub fn redirect_probe_url(base: &Url, connector: &str) -> Url {
    let mut url = under(base, "/dex/auth/");
    url.path_segments_mut()
        .expect("an https URL has path segments")
        .pop_if_empty()
        .push(connector);
    let callback = format!("{}/authorization-code/callback", base.origin().ascii_serialization());
    url.query_pairs_mut()
        .append_pair("client_id", PACHD_CLIENT)
        .append_pair("redirect_uri", &callback)
        .append_pair("response_type", "code")
        .append_pair("scope", "openid")
        .append_pair("state", PROBE_STATE);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_starts_at_dex_discovery_under_the_proxy() {
        let base = Url::parse("https://pach.example.com/").unwrap();
        let plan = plan(&base);
        assert_eq!(plan.steps.len(), 1);
        assert_eq!(
            plan.steps[0].url.as_str(),
            "https://pach.example.com/dex/.well-known/openid-configuration"
        );
        assert_eq!(
            redirect_probe_url(&base, "auth 0").as_str(),
            "https://pach.example.com/dex/auth/auth%200?client_id=pachd&redirect_uri=https%3A%2F%2Fpach.example.com%2Fauthorization-code%2Fcallback&response_type=code&scope=openid&state=auth0-wizard-probe"
        );
    }
}
