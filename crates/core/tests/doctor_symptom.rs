//! Every known symptom, as administrators paste it (Auth0's pages, log lines
//! with their noise, escaped JSON, entities), and what it means for the setup.

use auth0_wizard_core::checks::CheckId;
use auth0_wizard_core::doctor::probe::ProbeKind;
use auth0_wizard_core::doctor::symptom::{self, known_codes, Setup};
use auth0_wizard_core::{RawSettings, Secret, TargetId};
use std::collections::BTreeSet;

const DOMAIN: &str = "t.us.auth0.com";

fn settings(target: TargetId, public_url: &str) -> RawSettings {
    let mut extras = std::collections::BTreeMap::new();
    if target == TargetId::Openmetadata {
        extras.insert("clientType".to_owned(), "public".to_owned());
    }
    RawSettings {
        target: target.as_str().to_owned(),
        domain: DOMAIN.to_owned(),
        client_id: "AbCdEfGhIjKlMnOpQrStUvWxYz012345".to_owned(),
        client_secret: Some(Secret::new("s3cr3t-value-from-the-file")),
        public_url: public_url.to_owned(),
        issuer: "https://t.us.auth0.com".to_owned(),
        extras,
        ..RawSettings::default()
    }
}

/// (setup, pasted text, the codes recognized, what the meaning or fix must say).
type Row = (
    Option<TargetId>,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

const PACH: Option<TargetId> = Some(TargetId::Pachyderm);
const POM: Option<TargetId> = Some(TargetId::Pomerium);
const OM: Option<TargetId> = Some(TargetId::Openmetadata);

const TABLE: &[Row] = &[
    // Auth0's pages (reference D).
    (PACH, "Callback URL mismatch. The provided redirect_uri is not in the list of allowed callback URLs. Please go to the Application Settings page and make sure you are sending a valid callback url from your application.",
        &["auth0.callback_url_mismatch"], &["add https://pach.example.com/dex/callback exactly", "/dex/ (C3)"]),
    (None, "Oops!, something went wrong\n\nCALLBACK URL MISMATCH. The url \u{201C}https://pach.example.com/callback\u{201D} is not in the list of allowed callback URLs: https://a/cb",
        &["auth0.callback_url_mismatch"], &["It sent https://pach.example.com/callback."]),
    (POM, "Callback URL mismatch.", &["auth0.callback_url_mismatch"], &["https://auth.example.com/oauth2/callback", "C7"]),
    (PACH, "invalid_request: The redirect_uri parameter is not valid: \"pach.example.com/dex/callback\" If url looks fine, check that you are not including non printable chars",
        &["auth0.redirect_uri_invalid"], &["no scheme", "https://pach.example.com/dex/callback"]),
    (POM, "invalid_request: The &quot;returnTo&quot; querystring parameter &quot;https://auth.example.com/.pomerium/signed_out&quot; is not defined as a valid URL in &quot;Allowed Logout URLs&quot;. To add a new URL, please do it here: https://manage.auth0.com/#/applications/abc/settings",
        &["auth0.logout_url_not_allowed"], &["add https://auth.example.com/.pomerium/signed_out"]),
    (OM, "https://om.example.com/callback?error=access_denied&error_description=Service%20not%20found%3A%20https%3A%2F%2Fapi.example.com&state=xyz",
        &["auth0.service_not_found"], &["API https://api.example.com", "t.us.auth0.com"]),
    (OM, r#"{"error":"access_denied","error_description":"Service not enabled within domain: https://t.us.auth0.com/api/v2/"}"#,
        &["auth0.service_not_enabled"], &["https://t.us.auth0.com/api/v2/", "Test Configuration"]),
    (None, "403 Client is not authorized to access \"https://t.us.auth0.com/api/v2/\". You need to create a client-grant",
        &["auth0.service_not_enabled"], &["Machine To Machine Applications"]),
    (POM, r#"{"error":"access_denied","error_description":"Unauthorized"}"#, &["auth0.unauthorized"], &["Regular Web Application", "C9"]),
    (OM, "Oops... Unauthorized", &["auth0.unauthorized"], &["public client", "Single Page Application", "C16"]),
    (PACH, r#"{"date":"2024-05-01T10:00:00.000Z","type":"feacft","description":"Unauthorized","client_id":"x"}"#, &["auth0.unauthorized"], &["Client Secret (Post)"]),
    (PACH, "time=\"2024-05-01T10:00:00Z\" level=error msg=\"Failed to authenticate: oidc: failed to get token: oauth2: cannot fetch token: 401 Unauthorized\\nResponse: {\\\"error\\\":\\\"access_denied\\\",\\\"error_description\\\":\\\"Unauthorized\\\"}\"",
        &["auth0.unauthorized"], &["client secret"]),
    (PACH, "Oops!, something went wrong\nunauthorized_client: Grant type 'authorization_code' not allowed for the client.", &["auth0.grant_type_not_allowed"], &["tick Authorization Code", "client ID AbCdEf"]),
    (None, "Error: 400 Bad Request: Invalid grant types: client_credentials", &["auth0.invalid_grant_types"], &["client_credentials"]),
    (None, r#"{"error":"access_denied","error_description":"Global limit has been reached"}"#, &["auth0.rate_limited"], &["rate limit"]),
    (POM, "{\"level\":\"error\",\"error\":\"failed to sign in: identity/oidc: could not connect to auth0: oidc: issuer did not match the issuer returned by provider, expected \\\"https://t.us.auth0.com\\\" got \\\"https://t.us.auth0.com/\\\"\",\"time\":\"2024-05-01T10:00:00Z\",\"message\":\"httputil: error\"}",
        &["oidc.issuer_mismatch"], &["only by the trailing slash", "exactly as https://t.us.auth0.com/"]),
    (OM, "Error: Issuer (iss) claim mismatch in the ID token; expected \"https://t.us.auth0.com//\", found \"https://t.us.auth0.com/\"",
        &["oidc.issuer_mismatch"], &["C14", "authority to https://t.us.auth0.com (no trailing slash)"]),
    (None, "UnauthorizedError: jwt issuer invalid. expected: https://t.us.auth0.com", &["oidc.issuer_mismatch"], &["letter for letter"]),
    (None, "oidc: id token signed with unsupported algorithm, expected [\"RS256\"] got \"HS256\"", &["oidc.hs256"], &["RS256"]),
    (None, "Signature algorithm of \"HS256\" is not supported. Expected the ID token to be signed with \"RS256\".", &["oidc.hs256"], &["HS256"]),
    (None, "Error: Invalid state", &["client.invalid_state"], &["cookies"]),
    // Logs and pages of the systems (reference B, C).
    (PACH, "time=\"2024-05-01T10:00:00Z\" level=error msg=\"dex web server failed to start\" error=\"server: Failed to open connector auth0: failed to get provider: oidc: issuer did not match the issuer returned by provider, expected \\\"https://t.us.auth0.com\\\" got \\\"https://t.us.auth0.com/\\\"\"",
        &["oidc.issuer_mismatch", "pachyderm.dex_not_started"], &["The file's issuer https://t.us.auth0.com is not in that form", "exactly as https://t.us.auth0.com/"]),
    (PACH, "$ curl -s https://pach.example.com/dex/.well-known/openid-configuration\nunable to start Dex server, check logs", &["pachyderm.dex_not_started"], &["C2"]),
    (PACH, "HTTP/1.1 500 Internal Server Error ... Login error. ... level=error msg=\"Connector \\\"auth0\\\" returned error when creating callback: expected callback URL \\\"https://pach.example.com/dex/callback\\\" did not match the URL in the config \\\"https://pach.example.com/callback\\\"\"",
        &["dex.callback_mismatch"], &["redirectURI to https://pach.example.com/dex/callback"]),
    (Some(TargetId::Dex), "Internal Server Error\nFailed to authenticate: missing \"email_verified\" claim", &["dex.email_verified_missing"], &["insecureSkipEmailVerified"]),
    (PACH, "pachd-5d8f: unmarshal connector 0/1: proto: (line 1:67): unknown field \"version\"", &["pachyderm.unknown_field_version"], &["Remove version:"]),
    (PACH, "Error: execution error at (pachyderm/templates/pachd/deployment.yaml:12:4): With the proxy enabled, oidc.issuerURI must end with /dex, not https://pach.example.com", &["pachyderm.issuer_uri_not_dex"], &["/dex"]),
    (PACH, "Bad Request\nRequested resource does not exist", &["dex.connector_not_open"], &["Failed to get connector"]),
    (PACH, "Not Found\nInvalid client_id (&#34;pachd&#34;).", &["dex.client_unknown"], &["pachd.oauthRedirectURI"]),
    (POM, "{\"level\":\"error\",\"option\":\"idp_service_account\",\"message\":\"config option was removed\"}\n{\"level\":\"fatal\",\"error\":\"some configuration options are no longer supported, please check logs for details\"}",
        &["pomerium.option_removed"], &["idp_service_account"]),
    (POM, "{\"level\":\"warn\",\"option\":\"authenticate_callback_path\",\"message\":\"unknown config option\"}", &["pomerium.unknown_option"], &["register https://auth.example.com/oauth2/callback"]),
    (POM, "{\"level\":\"warn\",\"option\":\"idp_service_acount\",\"message\":\"unknown config option\"}", &["pomerium.unknown_option"], &["typo"]),
    (OM, "ERROR [2024-05-01 10:00:00,000] o.o.s.s.JwtFilter - No key found in with kid Zx9ab", &["openmetadata.jwks_key_missing"], &["https://t.us.auth0.com/.well-known/jwks.json"]),
    (OM, "JWT Token keyID doesn't match the configured keyID. This usually happens if you didn't configure proper publicKeyUrls under authentication configuration.", &["openmetadata.jwks_key_missing"], &["C11"]),
    (OM, "com.fasterxml.jackson.core.JsonParseException: Unrecognized token 'Moved': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", &["openmetadata.jwks_redirect"], &["https://"]),
    (OM, "Security configuration validation failed: Auth0 issuers must use HTTPS", &["openmetadata.authority_not_https"], &["https://t.us.auth0.com"]),
    (OM, "At least one public key URL must be the Okta JWKS endpoint", &["openmetadata.config_in_database"], &["update-security-config"]),
];

fn check(target: Option<TargetId>, text: &str, codes: &[&str], says: &[&str]) {
    let raw = target.map(|t| {
        let url = match t {
            TargetId::Pomerium => "https://auth.example.com",
            TargetId::Openmetadata => "https://om.example.com",
            _ => "https://pach.example.com",
        };
        settings(t, url)
    });
    let found = symptom::recognize(text, &Setup::new(target, raw.as_ref()));
    let got: Vec<&str> = found.iter().filter_map(|s| s.code.as_deref()).collect();
    assert_eq!(got, codes, "{text}");
    for s in &found {
        assert!(s.known && !s.run.all, "{text}");
        let said = format!("{} {}", s.meaning, s.fix);
        for want in says
            .iter()
            .filter(|_| s.code.as_deref() == codes.last().copied())
        {
            assert!(said.contains(want), "{text}\n=> {said}\nlacks {want:?}");
        }
    }
}

#[test]
fn every_known_message_is_recognized_and_explained_for_the_setup() {
    for (target, text, codes, says) in TABLE {
        check(*target, text, codes, says);
    }
    let covered: BTreeSet<&str> = TABLE.iter().flat_map(|r| r.2.iter().copied()).collect();
    let known: BTreeSet<&str> = known_codes().into_iter().collect();
    assert_eq!(covered, known, "every known message has a row");
}

#[test]
fn what_to_run_confirms_the_symptom() {
    let setup = Setup::new(None, None);
    let cb = &symptom::recognize("Callback URL mismatch", &setup)[0];
    assert!(
        cb.run.checks.contains(&CheckId::AppAudit)
            && cb.run.probes.contains(&ProbeKind::Auth0Redirect)
            && cb.run.lint
    );
    let down = &symptom::recognize("unable to start Dex server, check logs", &setup)[0];
    assert_eq!(down.run.probes, [ProbeKind::Discovery]);
    assert!(down.run.checks.contains(&CheckId::Issuer));
}

#[test]
fn an_unknown_message_says_so_and_asks_for_every_check() {
    let raw = settings(TargetId::Pachyderm, "https://pach.example.com");
    let text = "panic: runtime error: index out of range [3] with length 3\nusing s3cr3t-value-from-the-file as the secret";
    let found = symptom::recognize(text, &Setup::new(Some(TargetId::Pachyderm), Some(&raw)));
    assert_eq!(found.len(), 1);
    let s = &found[0];
    assert!(
        !s.known && s.code.is_none() && s.run.all && s.run.lint,
        "{s:?}"
    );
    assert!(s.meaning.contains("does not recognize") && s.fix.contains("--check --probe"));
    assert!(
        !s.text.contains("s3cr3t-value-from-the-file") && !s.text.contains('\n'),
        "{}",
        s.text
    );
    assert!(symptom::recognize("", &Setup::new(None, None))[0].run.all);
}

#[test]
fn the_json_has_text_known_meaning_fix_and_what_to_run() {
    let s = &symptom::recognize("Invalid state", &Setup::new(None, None))[0];
    let v = serde_json::to_value(s).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["code", "fix", "known", "meaning", "run", "text"]);
    assert_eq!(v["run"]["checks"], serde_json::json!(["login"]));
}
