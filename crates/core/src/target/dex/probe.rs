//! Probing Dex (reference B.2, B.3), shared with Pachyderm, whose pachd runs
//! the Dex fork: the discovery document (its issuer), the login page (its
//! connectors), and the redirect to Auth0 (its client_id and redirect_uri).

use crate::doctor::probe::answer::{host_of_text, unescape_html};
use crate::doctor::probe::compare::{at_field, in_auth0_form};
use crate::doctor::probe::{
    under, Answer, AuthorizeRequest, Connector, Observed, ProbeKind, ProbePlan, Probing, Reader,
    Reading, Step,
};
use crate::doctor::{Finding, Imported, Level};
use url::Url;

/// Said by the probe that reaches Dex's Auth0 redirect.
pub const AUTH_REQUEST_NOTE: &str = "Dex stored one auth request for this visit, as for any anonymous visit to its login page; it expires by itself (authRequestsValidFor, 24 hours by default).";

/// A plain Dex at its issuer URL `base`: discovery, then the login page. The
/// Auth0 redirect needs one of Dex's own clients, which the file does not
/// name, so it is not asked.
pub fn plan(base: &Url) -> ProbePlan {
    ProbePlan {
        steps: vec![discovery_step(base, read_discovery)],
        missing_connector: Some("Dex 2.44 and later keep running when a connector fails to open and leave it off the login page; Dex's log says why (`failed to open connector`). An older Dex does not start at all."),
        compare: Some(compare),
        ..ProbePlan::default()
    }
}

/// `<issuer path>/.well-known/openid-configuration`, read by `read`.
pub fn discovery_step(issuer_base: &Url, read: Reader) -> Step {
    let url = under(issuer_base, "/.well-known/openid-configuration");
    Step::new(ProbeKind::Discovery, url, read)
}

fn read_discovery(a: &Answer, p: &mut Probing<'_>) -> Reading {
    discovery_then(a, p, read_login_page)
}

/// Reads Dex's discovery document, then asks for the login page (`/auth`
/// beside it) with `login`.
pub fn discovery_then(a: &Answer, p: &mut Probing<'_>, login: Reader) -> Reading {
    if let Some(r) = dex_down(a, p) {
        return r;
    }
    if a.status == 404 {
        return Reading::failed(format!("{} has no OpenID discovery document (HTTP 404): Dex is not served there. Check the URL (Dex's issuer; behind Pachyderm's proxy, Dex is under /dex).", a.url));
    }
    if a.status != 200 {
        return Reading::failed(format!("Dex's discovery document did not come back: {}.", a.status_line()));
    }
    let Some(issuer) = a.json_str("issuer") else {
        return Reading::failed(format!("{} answered, but not with a discovery document that has an issuer: this is not Dex.", a.url));
    };
    p.observed.issuer = Some(issuer.clone());
    let path = a.url.path().trim_end_matches("/.well-known/openid-configuration");
    let mut auth = a.url.clone();
    auth.set_path(&format!("{path}/auth"));
    p.then(Step::new(ProbeKind::LoginPage, auth, login));
    let mut detail = format!("Dex's issuer is {issuer}.");
    if is_internal(&issuer, p.base) {
        detail.push_str(&format!(" It is not the URL probed ({}): an internal issuer such as http://pachd:30658/dex is legitimate (reference B.2); the connector then needs insecureSkipIssuerCallbackDomainCheck: true and its redirectURI on the public URL.", p.base));
    }
    Reading::ok(detail)
}

/// The issuer is on another origin than the URL users reach Dex on.
pub fn is_internal(issuer: &str, base: &Url) -> bool {
    Url::parse(issuer).map_or(true, |i| {
        !crate::doctor::probe::answer::same_origin(&i, base)
    })
}

/// pachd's answer to every `/dex` URL when Dex cannot start (reference B.2).
fn dex_down(a: &Answer, p: &mut Probing<'_>) -> Option<Reading> {
    if a.status != 500 || !a.says("unable to start Dex server") {
        return None;
    }
    p.observed.dex_down = true;
    Some(Reading::failed("pachd answers HTTP 500 \"unable to start Dex server, check logs\": Dex cannot start because a connector fails to open, most often an issuer that is not exactly Auth0's (https:// and the trailing slash) or one pachd cannot reach (reference B.2, C2). pachd's log names it: \"Failed to open connector\"."))
}

/// Reads the login page: one connector redirects to itself, several are
/// listed as buttons (reference B.2).
pub fn read_login_page(a: &Answer, p: &mut Probing<'_>) -> Reading {
    if let Some(r) = dex_down(a, p) {
        return r;
    }
    let connectors = match (a.status, &a.location) {
        (300..=399, Some(loc)) if a.redirect_stays() => connector_of_path(loc.path())
            .map(|id| vec![Connector { id, name: None, kind: None }])
            .unwrap_or_default(),
        (200, _) => connectors_in_page(&a.text),
        _ => return Reading::failed(format!("Dex's login page did not come back: {}.", a.status_line())),
    };
    let wanted = p.connector_id().to_owned();
    let listed: Vec<String> = connectors.iter().map(label).collect();
    let has = connectors.iter().any(|c| c.id == wanted);
    p.observed.connectors = Some(connectors);
    let listing = match listed.as_slice() {
        [] => "no connector".to_owned(),
        [one] => format!("one connector, {one}"),
        many => format!("{} connectors: {}", many.len(), many.join(", ")),
    };
    if has {
        Reading::ok(format!("The login page offers {listing}."))
    } else {
        Reading::failed(format!("The login page offers {listing}, but not the file's connector {wanted}."))
    }
}

fn label(c: &Connector) -> String {
    match (&c.name, &c.kind) {
        (Some(n), Some(k)) => format!("{} (\"{n}\", {k})", c.id),
        (Some(n), None) => format!("{} (\"{n}\")", c.id),
        _ => c.id.clone(),
    }
}

/// The connector id of `/dex/auth/<id>`.
fn connector_of_path(path: &str) -> Option<String> {
    let (_, rest) = path.rsplit_once("/auth/")?;
    let id = rest.split('/').next()?;
    let id = percent_decode(id);
    (!id.is_empty()).then_some(id)
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.replace(' ', "+"))
        .unwrap_or_default()
}

/// The buttons of Dex's `login.html`: `<a href=".../auth/<id>?...">`, the icon
/// class `dex-btn-icon--<type>` and the text `Log in with <Name>`.
pub fn connectors_in_page(html: &str) -> Vec<Connector> {
    let mut found = Vec::new();
    for piece in html.split("<a href=\"").skip(1).take(100) {
        let href = unescape_html(piece.split('"').next().unwrap_or(""));
        let Some(id) = connector_of_path(href.split('?').next().unwrap_or("")) else {
            continue;
        };
        let between = |start: &str, end: char| {
            let (_, rest) = piece.split_once(start)?;
            let v = unescape_html(rest.split(end).next()?.trim());
            (!v.is_empty()).then_some(v)
        };
        found.push(Connector {
            id,
            name: between("Log in with ", '<'),
            kind: between("dex-btn-icon--", '"'),
        });
    }
    found
}

/// The message of Dex's error page (`<p>…</p>` under the status heading).
pub fn error_message(a: &Answer) -> Option<String> {
    let (_, rest) = a.text.split_once("<p>")?;
    let msg = unescape_html(rest.split("</p>").next()?.trim());
    (!msg.is_empty()).then_some(msg)
}

/// Reads Dex's answer to `/auth/<connector>` with a valid Dex client: the
/// redirect to Auth0, or why Dex would not make it (reference B.2).
pub fn read_auth0_redirect(a: &Answer, p: &mut Probing<'_>) -> Reading {
    if let Some(r) = dex_down(a, p) {
        return r;
    }
    let msg = error_message(a).unwrap_or_else(|| a.excerpt(200));
    match (a.status, &a.location) {
        (300..=399, Some(loc)) if !a.redirect_stays() => {
            let req = AuthorizeRequest::from_location(loc);
            let detail = format!(
                "Dex sends browsers to {} with client_id {} and redirect_uri {}.",
                req.host,
                req.client_id.as_deref().unwrap_or("(none)"),
                req.redirect_uri.as_deref().unwrap_or("(none)")
            );
            p.observed.callback = req.redirect_uri.clone();
            p.observed.authorize = Some(req);
            Reading::ok(detail)
        }
        (300..=399, Some(loc)) => Reading::warning(format!("The connector sends browsers to {loc} on Dex itself, not to Auth0: it is not an OIDC connector.")),
        (500, _) if a.says("Login error") => {
            p.observed.login_error = Some(msg);
            Reading::failed("Dex refuses to start a login through the connector (HTTP 500 \"Login error.\"): the connector's redirectURI is not Dex's issuer + /callback, and insecureSkipIssuerCallbackDomainCheck is not set (reference B.2, C3, C4). Dex's log says \"expected callback URL … did not match the URL in the config …\".")
        }
        (404, _) => Reading::warning(format!("Dex does not know the client the probe used ({msg}), so the Auth0 redirect could not be seen.")),
        (400, _) if a.says("Unregistered redirect_uri") => Reading::warning(format!("Dex's client refuses the probe's redirect URI ({msg}); pachd.oauthRedirectURI is not the default, so the Auth0 redirect could not be seen.")),
        (400, _) if a.says("Requested resource does not exist") => Reading::failed(format!("Dex has the connector stored but cannot open it now ({msg}): check the log for \"Failed to get connector\" (reference B.2).")),
        _ => Reading::failed(format!("Dex did not redirect to Auth0: {}.", a.status_line())),
    }
}

/// What only Dex-based systems show: Dex down, the login refused, the issuer.
pub fn compare(o: &Observed, imported: &Imported) -> Vec<Finding> {
    let mut found = compare_dex_family(o, imported);
    let (Some(issuer), file) = (&o.issuer, imported.settings.public_url.trim()) else {
        return found;
    };
    if !file.is_empty() && issuer.trim_end_matches('/') != file.trim_end_matches('/') {
        found.push(at_field(
            "probe.system.issuer_differs",
            Level::Warning,
            imported,
            "publicUrl",
            format!("Dex's issuer is {issuer}, but the file's Dex URL is {file}. Dex's callback is its issuer + /callback, so Auth0 must allow {}/callback unless the connector sets insecureSkipIssuerCallbackDomainCheck.", issuer.trim_end_matches('/')),
            format!("Use Dex's issuer {issuer} as the Dex URL, or change Dex's issuer."),
        ));
    }
    found
}

/// Dex down and the login refused, for Dex and for pachd.
pub fn compare_dex_family(o: &Observed, imported: &Imported) -> Vec<Finding> {
    let mut found = Vec::new();
    if o.dex_down {
        let issuer = imported.settings.issuer.trim();
        let hint = if !issuer.is_empty() && !in_auth0_form(issuer) {
            format!(" The file's issuer {issuer} is not in Auth0's form (https://…/ with the trailing slash): that is the likely cause.")
        } else {
            String::new()
        };
        found.push(at_field(
            "probe.system.dex_not_started",
            Level::Error,
            imported,
            "issuer",
            format!("Dex does not start: every /dex URL answers \"unable to start Dex server, check logs\", so nobody can log in.{hint}"),
            "Write the issuer exactly as Auth0's discovery document has it (https://<domain>/), apply the connector, and read pachd's log for \"Failed to open connector\".",
        ));
    }
    if o.login_error.is_some() {
        found.push(at_field(
            "probe.system.callback_check_failed",
            Level::Error,
            imported,
            "publicUrl",
            "Dex refuses to start a login (\"Login error.\"): the connector's redirectURI is not Dex's issuer + /callback. Behind a proxy the redirectURI must include /dex/ (https://<proxy host>/dex/callback); with an internal issuer, the connector also needs insecureSkipIssuerCallbackDomainCheck: true.",
            "Set redirectURI to https://<proxy host>/dex/callback in the connector and in Auth0's Allowed Callback URLs; set insecureSkipIssuerCallbackDomainCheck: true when Dex's issuer is internal.",
        ));
    }
    if let Some(issuer) = o.issuer.as_deref().filter(|i| host_of_text(i).is_some()) {
        let public = Url::parse(imported.settings.public_url.trim()).ok();
        if issuer.starts_with("http://") || public.is_some_and(|u| is_internal(issuer, &u)) {
            found.push(at_field(
                "probe.system.issuer_internal",
                Level::Info,
                imported,
                "publicUrl",
                format!("Dex's issuer is {issuer}, an internal address. That is legitimate (reference B.2): Auth0's own issuer rules do not apply to Dex's."),
                "Nothing to change, as long as the connector's redirectURI is the public https://<proxy host>/dex/callback and insecureSkipIssuerCallbackDomainCheck is true.",
            ));
        }
    }
    found
}
