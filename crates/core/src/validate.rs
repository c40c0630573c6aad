//! Validation: every problem at once, each with the field, a stable code, the
//! severity, what is wrong and how to fix it. [`build`] turns valid settings
//! into a [`Config`].

use crate::catalog::{target_info, ExtraKind, TargetInfo};
use crate::model::{Config, Domain, OmClientType, RawSettings, Release, TargetId, TargetOptions};
use crate::secret::Secret;
use base64::Engine;
use serde::Serialize;
use ts_rs::TS;
use url::Url;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Issue {
    /// The field's key: `domain`, `clientId`, `clientSecret`, `publicUrl`,
    /// `connectorId`, `connectorName`, `groupsClaim`, `issuer`, `target`,
    /// `version`, or `extras.<key>`.
    pub field: String,
    /// Stable, machine-readable, e.g. `domain.scheme`.
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub fix: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Report {
    pub issues: Vec<Issue>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(|i| i.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    pub fn for_field<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a Issue> {
        self.issues.iter().filter(move |i| i.field == field)
    }

    pub fn codes(&self) -> Vec<&str> {
        self.issues.iter().map(|i| i.code.as_str()).collect()
    }

    fn push(
        &mut self,
        field: &str,
        code: &str,
        severity: Severity,
        message: String,
        fix: impl Into<String>,
    ) {
        self.issues.push(Issue {
            field: field.to_owned(),
            code: code.to_owned(),
            severity,
            message,
            fix: fix.into(),
        });
    }

    fn error(
        &mut self,
        field: &str,
        code: &str,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push(field, code, Severity::Error, message.into(), fix);
    }

    fn warn(
        &mut self,
        field: &str,
        code: &str,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push(field, code, Severity::Warning, message.into(), fix);
    }
}

/// Every problem with `raw`, at once. Pure: no network, no randomness.
pub fn validate(raw: &RawSettings) -> Report {
    analyze(raw, &mut |_| unreachable_rng()).0
}

/// Valid settings as a [`Config`], or the report that says why not.
/// Pomerium secrets left empty are generated here with the OS's CSPRNG.
pub fn build(raw: &RawSettings) -> Result<Config, Report> {
    build_with(raw, &mut generate_secret)
}

/// [`build`] with a caller-chosen secret generator (tests, benchmarks).
pub fn build_with(
    raw: &RawSettings,
    gen: &mut dyn FnMut(&str) -> Secret,
) -> Result<Config, Report> {
    match analyze(raw, gen) {
        (report, Some(config)) if !report.has_errors() => Ok(config),
        (report, _) => Err(report),
    }
}

/// base64 of 32 bytes from the OS CSPRNG, as Pomerium's docs generate them.
pub fn generate_secret(_key: &str) -> Secret {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::new(base64::engine::general_purpose::STANDARD.encode(bytes))
}

fn unreachable_rng() -> Secret {
    // `validate` never builds a Config's generated secrets; any placeholder works.
    Secret::default()
}

/// The claim names Auth0 silently drops from tokens.
const RESTRICTED_CLAIMS: &[&str] = &[
    "groups",
    "roles",
    "permissions",
    "sub",
    "iss",
    "aud",
    "exp",
    "nbf",
    "iat",
    "jti",
    "azp",
    "nonce",
    "auth_time",
    "at_hash",
    "c_hash",
    "acr",
    "amr",
    "sub_jwk",
    "cnf",
    "sip_from_tag",
    "sip_date",
    "sip_callid",
    "sip_cseq_num",
    "sip_via_branch",
    "orig",
    "dest",
    "mky",
    "events",
    "toe",
    "txn",
    "rph",
    "sid",
    "vot",
    "vtm",
    "org_id",
    "org_name",
    "gty",
    "scope",
];

fn analyze(raw: &RawSettings, gen: &mut dyn FnMut(&str) -> Secret) -> (Report, Option<Config>) {
    let mut r = Report::default();

    let target = match raw.target.trim().parse::<TargetId>() {
        Ok(t) => Some(t),
        Err(e) => {
            r.error(
                "target",
                if raw.target.trim().is_empty() {
                    "target.empty"
                } else {
                    "target.unknown"
                },
                e.to_string(),
                "Choose one of: pachyderm, pachyderm-1x, pomerium, openmetadata, dex.",
            );
            None
        }
    };
    let info = target.map(target_info);
    let release = info.as_ref().and_then(|i| match i.version(&raw.version) {
        Ok(v) => Some(v.release),
        Err(e) => {
            r.error(
                "version",
                "version.unknown",
                e.to_string(),
                "Pick a version from the list, or leave it empty for the default.",
            );
            None
        }
    });

    let domain = check_domain(&raw.domain, &mut r);
    let client_id = check_client_id(&raw.client_id, target, &mut r);
    let client_secret = check_secret(
        raw.client_secret.as_ref(),
        &client_id,
        target,
        &raw.extras,
        &mut r,
    );
    let public_url = check_public_url(&raw.public_url, target, &mut r);
    let issuer = check_issuer(&raw.issuer, domain.as_ref(), target, &mut r);
    let connector_id = check_connector_id(&raw.connector_id, &mut r);
    let connector_name = match raw.connector_name.trim() {
        "" => "Auth0".to_owned(),
        n => n.to_owned(),
    };
    let groups_claim = check_groups_claim(&raw.groups_claim, &mut r);
    let options = match (&info, release) {
        (Some(info), Some(release)) => check_extras(info, release, raw, gen, &mut r),
        _ => None,
    };

    let config = match (
        target,
        release,
        domain,
        client_id,
        client_secret,
        public_url,
        issuer,
        connector_id,
        options,
    ) {
        (
            Some(target),
            Some(release),
            Some(domain),
            Some(client_id),
            Some(client_secret),
            Some(public_url),
            Some(issuer),
            Some(connector_id),
            Some(options),
        ) => Some(Config {
            target,
            release,
            domain,
            issuer,
            client_id,
            client_secret,
            public_url,
            connector_id,
            connector_name,
            groups_claim,
            options,
            handoff: false,
        }),
        _ => None,
    };
    (r, config)
}

fn check_domain(input: &str, r: &mut Report) -> Option<Domain> {
    const F: &str = "domain";
    let trimmed = input.trim();
    if trimmed.is_empty() {
        r.error(F, "domain.empty", "The Auth0 domain is empty.", "Copy Domain from the application's Settings tab in the Auth0 dashboard, e.g. dev-abc123.us.auth0.com.");
        return None;
    }
    if trimmed != input {
        r.warn(
            F,
            "domain.whitespace",
            "The domain has spaces around it; they were removed.",
            "Nothing to do: the trimmed value is used.",
        );
    }
    if trimmed.chars().any(char::is_whitespace) {
        r.error(
            F,
            "domain.spaces",
            "The domain contains spaces.",
            "Remove the spaces: a domain is one word, e.g. dev-abc123.us.auth0.com.",
        );
        return None;
    }
    let mut rest = trimmed;
    if let Some((scheme, after)) = rest.split_once("://") {
        match scheme.to_ascii_lowercase().as_str() {
            "https" => r.warn(F, "domain.scheme", "The domain was typed with https://; only the host name is used.", "Enter only the host name, e.g. dev-abc123.us.auth0.com."),
            "http" => r.warn(F, "domain.scheme", "The domain was typed with http://, but Auth0 is only served over https; https is used.", "Enter only the host name, e.g. dev-abc123.us.auth0.com."),
            other => {
                r.error(F, "domain.scheme", format!("The domain starts with the scheme {other}://, which Auth0 does not serve."), "Enter only the host name, e.g. dev-abc123.us.auth0.com.");
                return None;
            }
        }
        rest = after;
    }
    // A backslash ends the host as a slash does (URL parsers treat it as one).
    let (authority, path) = match rest.find(['/', '?', '#', '\\']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if authority.contains('@') {
        r.error(
            F,
            "domain.userinfo",
            "The domain contains a user name or password (the part before @).",
            "Remove everything up to and including the @.",
        );
        return None;
    }
    if path == "/" {
        r.warn(
            F,
            "domain.trailing_slash",
            "The domain ends with a slash; it was removed.",
            "Enter only the host name; the wizard adds the slash where a target needs it.",
        );
    } else if !path.is_empty() {
        r.error(F, "domain.path", format!("The domain has a path, query or fragment ({path}); the domain is only the host name."), format!("Remove {path}: enter only {authority}."));
        return None;
    }
    if authority.is_empty() {
        r.error(
            F,
            "domain.empty",
            "The domain has no host name.",
            "Enter the host name, e.g. dev-abc123.us.auth0.com.",
        );
        return None;
    }
    if authority.contains('%') {
        // The URL parser would decode it silently into a different host name.
        r.error(
            F,
            "domain.invalid",
            format!("{authority:?} contains %: a host name is never percent-encoded."),
            "Copy Domain from the application's Settings tab in the Auth0 dashboard.",
        );
        return None;
    }
    let url = match Url::parse(&format!("https://{authority}/")) {
        Ok(u) => u,
        Err(e) => {
            r.error(
                F,
                "domain.invalid",
                format!("{authority:?} is not a valid host name: {e}."),
                "Copy Domain from the application's Settings tab in the Auth0 dashboard.",
            );
            return None;
        }
    };
    let host = match url.host() {
        Some(url::Host::Domain(d)) => d.to_owned(),
        Some(url::Host::Ipv4(ip)) => ip.to_string(),
        Some(url::Host::Ipv6(ip)) => format!("[{ip}]"),
        None => {
            r.error(
                F,
                "domain.invalid",
                "The domain has no host name.",
                "Enter the host name, e.g. dev-abc123.us.auth0.com.",
            );
            return None;
        }
    };
    if !authority.is_ascii() {
        r.warn(F, "domain.idn", format!("The domain has non-ASCII characters; it is used in its ASCII (punycode) form {host}."), "Nothing to do, unless you meant a different domain: check it against the Auth0 dashboard.");
    }
    if let Some(bad) = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':')))
    {
        r.error(
            F,
            "domain.invalid",
            format!("The host name contains {bad:?}, which a host name cannot have."),
            "Copy Domain from the application's Settings tab in the Auth0 dashboard.",
        );
        return None;
    }
    if host
        .split('.')
        .any(|l| l.starts_with('-') || l.ends_with('-'))
    {
        r.error(
            F,
            "domain.invalid",
            "A part of the host name starts or ends with a hyphen.",
            "Copy Domain from the application's Settings tab in the Auth0 dashboard.",
        );
        return None;
    }
    if !host.contains('.') && !host.starts_with('[') && host != "localhost" {
        r.warn(
            F,
            "domain.single_label",
            format!("{host} has no dot: Auth0 domains look like dev-abc123.us.auth0.com."),
            "Check the domain against the Auth0 dashboard.",
        );
    }
    Some(Domain {
        host,
        port: url.port(),
    })
}

fn check_client_id(input: &str, target: Option<TargetId>, r: &mut Report) -> Option<String> {
    const F: &str = "clientId";
    let id = input.trim();
    if id.is_empty() {
        r.error(
            F,
            "client_id.empty",
            "The client ID is empty.",
            "Copy Client ID from the application's Settings tab in the Auth0 dashboard.",
        );
        return None;
    }
    if id != input {
        r.warn(
            F,
            "client_id.whitespace",
            "The client ID has spaces around it; they were removed.",
            "Nothing to do: the trimmed value is used.",
        );
    }
    if id.chars().any(char::is_whitespace) {
        r.error(
            F,
            "client_id.spaces",
            "The client ID contains spaces.",
            "Copy Client ID again with the copy button next to it in the Auth0 dashboard.",
        );
        return None;
    }
    if id.len() != 32 || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        r.warn(
            F,
            "client_id.format",
            format!(
                "Auth0 client IDs are usually 32 letters and digits; this one has {} characters.",
                id.chars().count()
            ),
            "Check that you copied Client ID, not the name or the secret.",
        );
    }
    if target == Some(TargetId::Openmetadata) && id.chars().count() < 10 {
        r.error(
            F,
            "client_id.too_short_for_openmetadata",
            "OpenMetadata rejects client IDs shorter than 10 characters.",
            "Copy the full Client ID from the Auth0 dashboard.",
        );
        return None;
    }
    Some(id.to_owned())
}

fn om_client_type(extras: &std::collections::BTreeMap<String, String>) -> OmClientType {
    match extras.get("clientType").map(|s| s.trim()) {
        Some("public") => OmClientType::Public,
        _ => OmClientType::Confidential,
    }
}

/// `Some(None)` is "valid, no secret given"; `None` is "invalid".
fn check_secret(
    input: Option<&Secret>,
    client_id: &Option<String>,
    target: Option<TargetId>,
    extras: &std::collections::BTreeMap<String, String>,
    r: &mut Report,
) -> Option<Option<Secret>> {
    const F: &str = "clientSecret";
    let om = target == Some(TargetId::Openmetadata);
    let public = om && om_client_type(extras) == OmClientType::Public;
    let Some(secret) = input else {
        if !public {
            r.warn(F, "client_secret.missing", "No client secret was given: exports carry a named placeholder instead.", "Copy Client Secret from the application's Settings tab, or fill in the placeholder later.");
        }
        return Some(None);
    };
    let value = secret.expose();
    let trimmed = value.trim();
    if trimmed.is_empty() {
        r.error(F, "client_secret.empty", "The client secret is empty.", "Copy Client Secret from the application's Settings tab in the Auth0 dashboard (click the eye, then the copy button).");
        return None;
    }
    if trimmed != value {
        r.warn(
            F,
            "client_secret.whitespace",
            "The client secret has spaces or a line break around it; they were removed.",
            "Nothing to do: the trimmed value is used.",
        );
    }
    if trimmed.chars().any(char::is_whitespace) {
        r.error(
            F,
            "client_secret.spaces",
            "The client secret contains spaces or line breaks.",
            "Copy Client Secret again with the copy button in the Auth0 dashboard.",
        );
        return None;
    }
    if client_id.as_deref() == Some(trimmed) {
        r.error(F, "client_secret.equals_client_id", "The client secret is the same as the client ID.", "Copy Client Secret, not Client ID: it is the longer value under it, hidden behind the eye icon.");
        return None;
    }
    let n = trimmed.chars().count();
    if om && !public && n < 20 {
        r.error(
            F,
            "client_secret.too_short_for_openmetadata",
            format!(
                "OpenMetadata rejects client secrets shorter than 20 characters; this one has {n}."
            ),
            "Copy the full Client Secret from the Auth0 dashboard.",
        );
        return None;
    }
    if n < 32 {
        r.warn(
            F,
            "client_secret.short",
            format!("The client secret has only {n} characters; Auth0 secrets are usually 64."),
            "Check that you copied the whole Client Secret.",
        );
    }
    if public {
        r.warn(F, "client_secret.unused", "A public OpenMetadata client does not use a client secret; it is left out of the exports.", "Switch the client type to confidential if your Auth0 app is a Regular Web Application.");
        return Some(None);
    }
    Some(Some(Secret::new(trimmed)))
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost" || d.ends_with(".localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn check_public_url(input: &str, target: Option<TargetId>, r: &mut Report) -> Option<Url> {
    const F: &str = "publicUrl";
    let s = input.trim();
    let label = target
        .map(|t| target_info(t).url_label)
        .unwrap_or("public URL");
    let example = target
        .map(|t| target_info(t).url_placeholder)
        .unwrap_or("https://app.example.com");
    if s.is_empty() {
        r.error(
            F,
            "public_url.empty",
            format!("The {label} is empty."),
            format!("Enter the full URL, e.g. {example}."),
        );
        return None;
    }
    if s.chars().any(char::is_whitespace) {
        r.error(
            F,
            "public_url.spaces",
            "The URL contains spaces.",
            format!("Remove the spaces, e.g. {example}."),
        );
        return None;
    }
    let mut url = match Url::parse(s) {
        Ok(u) if u.has_host() => u,
        Ok(_) | Err(url::ParseError::RelativeUrlWithoutBase) => {
            r.error(
                F,
                "public_url.not_absolute",
                format!("{s:?} is not an absolute URL."),
                format!("Start with https://, e.g. {example}."),
            );
            return None;
        }
        Err(e) => {
            r.error(
                F,
                "public_url.invalid",
                format!("{s:?} is not a valid URL: {e}."),
                format!("Enter the full URL, e.g. {example}."),
            );
            return None;
        }
    };
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" if target == Some(TargetId::Pachyderm1x) => r.warn(F, "public_url.not_https", "The URL uses http on a host that is not this machine: the login and its tokens travel unencrypted.", "Use https (put TLS in front of pachd) if users reach it over a network."),
        "http" => {
            r.error(F, "public_url.not_https", "The URL uses http on a host that is not this machine; Auth0, browsers and the target need https there.", format!("Use https://, e.g. {example}."));
            return None;
        }
        other => {
            r.error(F, "public_url.scheme", format!("The URL's scheme is {other}:, not https:."), format!("Use https://, e.g. {example}."));
            return None;
        }
    }
    if url.fragment().is_some() {
        r.error(
            F,
            "public_url.fragment",
            "The URL has a #fragment, which a callback URL cannot have.",
            "Remove the # and everything after it.",
        );
        return None;
    }
    if url.query().is_some() {
        r.error(
            F,
            "public_url.query",
            "The URL has a ?query, which does not belong in a base URL.",
            "Remove the ? and everything after it.",
        );
        return None;
    }
    if !url.username().is_empty() || url.password().is_some() {
        r.error(
            F,
            "public_url.userinfo",
            "The URL contains a user name or password.",
            "Remove everything between :// and the @, and the @.",
        );
        return None;
    }
    let path = url.path().trim_end_matches('/').to_owned();
    if target == Some(TargetId::Pachyderm) && path.ends_with("/dex") {
        r.warn(
            F,
            "public_url.dex_suffix",
            "This looks like Dex's issuer; the wizard wants the proxy URL and adds /dex itself.",
            "Nothing to do: /dex was removed from the URL.",
        );
        url.set_path(path.trim_end_matches("/dex"));
    } else {
        url.set_path(&path);
    }
    Some(url)
}

fn check_issuer(
    input: &str,
    domain: Option<&Domain>,
    target: Option<TargetId>,
    r: &mut Report,
) -> Option<String> {
    const F: &str = "issuer";
    let s = input.trim();
    if s.is_empty() {
        // Auth0's own form; validation of the domain already reported any problem.
        return Some(domain.map(Domain::issuer).unwrap_or_default());
    }
    let dex_based = matches!(
        target,
        Some(TargetId::Pachyderm | TargetId::Pachyderm1x | TargetId::Dex)
    );
    if !s.starts_with("https://") {
        r.error(
            F,
            "issuer.scheme",
            format!("The issuer {s:?} does not start with https://."),
            "Use the issuer from the discovery document, e.g. https://dev-abc123.us.auth0.com/.",
        );
        return None;
    }
    if dex_based && !s.ends_with('/') {
        r.error(F, "issuer.trailing_slash", format!("The issuer {s:?} has no trailing slash; Dex compares it with Auth0's issuer (which ends in /) letter by letter and refuses to start the connector."), format!("Use {s}/ (with the slash)."));
        return None;
    }
    if let Some(d) = domain {
        if s.trim_end_matches('/') != d.base_url() {
            r.warn(F, "issuer.domain_mismatch", format!("The issuer {s} is not on the domain {d}: tokens carry the issuer of the domain the login used."), "Use one domain (tenant or custom) everywhere.");
        }
    }
    Some(s.to_owned())
}

fn check_connector_id(input: &str, r: &mut Report) -> Option<String> {
    let id = input.trim();
    if id.is_empty() {
        return Some("auth0".to_owned());
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        r.error("connectorId", "connector_id.invalid", format!("The connector ID {id:?} has characters other than letters, digits, '-', '_' and '.'; Dex puts it in URLs and user IDs."), "Use a short word such as auth0.");
        return None;
    }
    Some(id.to_owned())
}

fn check_groups_claim(input: &str, r: &mut Report) -> Option<String> {
    const F: &str = "groupsClaim";
    let c = input.trim();
    if c.is_empty() {
        return None;
    }
    if c.chars().any(char::is_whitespace) {
        r.error(
            F,
            "groups_claim.spaces",
            "The claim name contains spaces.",
            "Use a namespaced name such as https://example.com/groups.",
        );
        return None;
    }
    if RESTRICTED_CLAIMS.contains(&c.to_ascii_lowercase().as_str()) {
        r.error(F, "groups_claim.restricted", format!("Auth0 silently drops a custom claim named {c:?}: it is a restricted claim name."), "Namespace it, e.g. https://example.com/groups, and set that name in the post-login Action.");
        return None;
    }
    let lower = c.to_ascii_lowercase();
    if ["auth0.com", "webtask.io", "webtask.run"]
        .iter()
        .any(|d| lower.contains(d))
    {
        r.error(
            F,
            "groups_claim.auth0_namespace",
            "Auth0 does not allow auth0.com, webtask.io or webtask.run in a claim namespace.",
            "Use a domain you own, e.g. https://example.com/groups.",
        );
        return None;
    }
    if !c.contains('/') {
        r.warn(F, "groups_claim.not_namespaced", format!("{c:?} is not namespaced; Auth0 drops it from access tokens for its own APIs and it may collide with standard claims."), format!("Prefer a namespaced name such as https://example.com/{c}."));
    }
    Some(c.to_owned())
}

fn extra<'a>(raw: &'a RawSettings, key: &str) -> &'a str {
    raw.extras.get(key).map(|s| s.trim()).unwrap_or("")
}

fn extra_secret(raw: &RawSettings, key: &str) -> Option<Secret> {
    raw.extra_secrets
        .get(key)
        .map(|s| s.expose().trim())
        .filter(|s| !s.is_empty())
        .map(Secret::new)
}

fn check_extras(
    info: &TargetInfo,
    release: Release,
    raw: &RawSettings,
    gen: &mut dyn FnMut(&str) -> Secret,
    r: &mut Report,
) -> Option<TargetOptions> {
    for key in raw.extras.keys().chain(raw.extra_secrets.keys()) {
        let known = info.extras.iter().find(|e| e.key == key);
        match known {
            None => r.warn(
                &format!("extras.{key}"),
                "extras.unknown",
                format!("{} has no setting {key:?}; it is ignored.", info.name),
                "Remove it.",
            ),
            Some(f) if !f.releases.contains(&release) => r.warn(
                &format!("extras.{key}"),
                "extras.other_version",
                format!(
                    "{} applies to another version of {}; it is ignored.",
                    f.label, info.name
                ),
                "Remove it, or pick the version it belongs to.",
            ),
            Some(f)
                if matches!(f.kind, ExtraKind::Secret) != raw.extra_secrets.contains_key(key)
                    && !raw.extras.get(key).is_some_and(|v| v.trim().is_empty()) =>
            {
                r.warn(
                    &format!("extras.{key}"),
                    "extras.kind",
                    format!("{} was given as the wrong kind (secret or not).", f.label),
                    "Enter it in its own field.",
                )
            }
            Some(_) => {}
        }
    }
    let mut ok = true;
    let options = match info.id {
        TargetId::Pachyderm => {
            let name = match extra(raw, "secretName") {
                "" => "pachyderm-auth0-idps".to_owned(),
                n => n.to_owned(),
            };
            let dns1123 = name.len() <= 253
                && name.split('.').all(|l| {
                    !l.is_empty()
                        && !l.starts_with('-')
                        && !l.ends_with('-')
                        && l.chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                });
            if !dns1123 {
                r.error(
                    "extras.secretName",
                    "extras.secret_name.invalid",
                    format!("{name:?} is not a valid Kubernetes object name."),
                    "Use lower-case letters, digits, '-' and '.', e.g. pachyderm-auth0-idps.",
                );
                ok = false;
            }
            TargetOptions::Pachyderm { secret_name: name }
        }
        TargetId::Pachyderm1x => {
            let v = match extra(raw, "liveConfigVersion") {
                "" => Some(1),
                s => s.parse::<i64>().ok().filter(|v| *v >= 0),
            };
            if v.is_none() {
                r.error("extras.liveConfigVersion", "extras.live_config_version.invalid", "The live config version must be a whole number, 0 or more.", "Run pachctl auth get-config and copy live_config_version (1 on a fresh cluster).");
                ok = false;
            }
            TargetOptions::Pachyderm1x {
                live_config_version: v.unwrap_or(1),
            }
        }
        TargetId::Pomerium => {
            let mut secret_or_generate = |key: &str, r: &mut Report| match extra_secret(raw, key) {
                None => gen(key),
                Some(s) => {
                    let decoded = base64::engine::general_purpose::STANDARD.decode(s.expose());
                    if !matches!(decoded, Ok(ref b) if b.len() == 32) {
                        r.error(&format!("extras.{key}"), "extras.pomerium_secret.invalid", "Pomerium needs base64 of exactly 32 bytes here.", "Leave it empty to generate one, or run: head -c32 /dev/urandom | base64");
                        ok = false;
                    }
                    s
                }
            };
            let cookie_secret = secret_or_generate("cookieSecret", r);
            let shared_secret = secret_or_generate("sharedSecret", r);
            let (service_account_client_id, service_account_secret) = if release == Release::Legacy
            {
                let id =
                    Some(extra(raw, "serviceAccountClientId").to_owned()).filter(|s| !s.is_empty());
                let secret = extra_secret(raw, "serviceAccountSecret");
                if id.is_some() != secret.is_some() {
                    let (field, what) = if id.is_none() {
                        ("extras.serviceAccountClientId", "client ID")
                    } else {
                        ("extras.serviceAccountSecret", "client secret")
                    };
                    r.error(field, "extras.service_account.incomplete", format!("The service account {what} is missing: idp_service_account needs both."), "Enter both, or neither to leave directory sync out.");
                    ok = false;
                }
                (id, secret)
            } else {
                (None, None)
            };
            TargetOptions::Pomerium {
                cookie_secret,
                shared_secret,
                service_account_client_id,
                service_account_secret,
            }
        }
        TargetId::Openmetadata => {
            let client_type = match extra(raw, "clientType") {
                "" | "confidential" => OmClientType::Confidential,
                "public" => OmClientType::Public,
                other => {
                    r.error(
                        "extras.clientType",
                        "extras.client_type.invalid",
                        format!("{other:?} is not an OpenMetadata client type."),
                        "Choose confidential or public.",
                    );
                    ok = false;
                    OmClientType::Confidential
                }
            };
            let admin_principals: Vec<String> = match extra(raw, "adminPrincipals") {
                "" => vec!["admin".to_owned()],
                s => s
                    .split(',')
                    .map(|p| p.trim().to_owned())
                    .filter(|p| !p.is_empty())
                    .collect(),
            };
            if admin_principals.is_empty() {
                r.error(
                    "extras.adminPrincipals",
                    "extras.admin_principals.empty",
                    "No admin principal was given.",
                    "Enter at least one user name, e.g. admin.",
                );
                ok = false;
            }
            let principal_domain = match extra(raw, "principalDomain") {
                "" => "open-metadata.org".to_owned(),
                d => d.trim_start_matches('@').to_ascii_lowercase(),
            };
            if !principal_domain.contains('.') || principal_domain.contains(['/', ':', ' ']) {
                r.error(
                    "extras.principalDomain",
                    "extras.principal_domain.invalid",
                    format!("{principal_domain:?} is not an e-mail domain."),
                    "Enter the part of your users' e-mail after the @, e.g. example.com.",
                );
                ok = false;
            }
            let bot_jwt = if release == Release::Current {
                extra_secret(raw, "botJwt")
            } else {
                None
            };
            if let Some(jwt) = &bot_jwt {
                if jwt.expose().split('.').count() != 3 {
                    r.warn("extras.botJwt", "extras.bot_jwt.format", "The ingestion bot token does not look like a JWT (three parts separated by dots).", "Copy the token from Settings > Bots > ingestion-bot in OpenMetadata.");
                }
            }
            let (m2m_client_id, m2m_client_secret) = if release == Release::Legacy {
                let id = Some(extra(raw, "m2mClientId").to_owned()).filter(|s| !s.is_empty());
                let secret = extra_secret(raw, "m2mClientSecret");
                if id.is_some() != secret.is_some() {
                    let (field, what) = if id.is_none() {
                        ("extras.m2mClientId", "client ID")
                    } else {
                        ("extras.m2mClientSecret", "client secret")
                    };
                    r.error(
                        field,
                        "extras.m2m.incomplete",
                        format!("The M2M {what} is missing: ingestion needs both."),
                        "Copy both from the Machine to Machine application's Settings tab.",
                    );
                    ok = false;
                }
                (id, secret)
            } else {
                (None, None)
            };
            TargetOptions::Openmetadata {
                client_type,
                admin_principals,
                principal_domain,
                bot_jwt,
                m2m_client_id,
                m2m_client_secret,
            }
        }
        TargetId::Dex => TargetOptions::Dex,
    };
    ok.then_some(options)
}
