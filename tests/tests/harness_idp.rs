//! The test IdP answers like Auth0 and can play the user.

use auth0_wizard_tests::{https_client, IdpOptions, PlayOptions, TestIdp};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{DecodingKey, Validation};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A one-shot loopback listener, like the app's: returns its port and the first request's target.
async fn one_shot_listener() -> (u16, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let (mut s, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 8192];
        let n = s.read(&mut buf).await.unwrap();
        let head = String::from_utf8_lossy(&buf[..n]).into_owned();
        s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
            .await
            .unwrap();
        head.lines()
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .to_string()
    });
    (port, task)
}

fn authorize_url(idp: &TestIdp, client_id: &str, redirect: &str, scope: &str) -> String {
    let mut u = url::Url::parse(&format!("{}authorize", idp.issuer)).unwrap();
    u.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect)
        .append_pair("scope", scope)
        .append_pair("state", "st-123")
        .append_pair("nonce", "n-456");
    u.to_string()
}

async fn post_token(idp: &TestIdp, form: &[(&str, &str)]) -> (u16, Value) {
    let c = https_client(&idp.ca_pem).unwrap();
    let r = c
        .post(format!("{}oauth/token", idp.issuer))
        .form(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

/// The test user logs in to `client_id` as `opts` says, back to a one-shot
/// listener: the redirect URI, the callback URL and what the listener got.
async fn play(
    idp: &TestIdp,
    client_id: &str,
    scope: &str,
    opts: PlayOptions,
) -> (String, String, String) {
    let (port, listener) = one_shot_listener().await;
    let redirect = format!("http://127.0.0.1:{port}/callback");
    let url = authorize_url(idp, client_id, &redirect, scope);
    let callback = idp.play_user_with(&url, opts).await.unwrap();
    (redirect, callback, listener.await.unwrap())
}

fn code_of(callback: &str) -> String {
    let cb = url::Url::parse(callback).unwrap();
    let code = cb.query_pairs().find(|(k, _)| k == "code");
    code.expect("code in the callback").1.into_owned()
}

/// The code exchanged with client_secret_post, as the web client is registered.
async fn exchange(idp: &TestIdp, code: &str, redirect: &str) -> (u16, Value) {
    let (id, secret) = (&idp.web_client.id, &idp.web_client.secret);
    let form = [
        ("grant_type", "authorization_code"),
        ("client_id", id.as_str()),
        ("client_secret", secret.as_str()),
        ("code", code),
        ("redirect_uri", redirect),
    ];
    post_token(idp, &form).await
}

#[tokio::test]
async fn discovery_token_errors_and_client_credentials_look_like_auth0() {
    let idp = TestIdp::start().await.unwrap();
    assert!(idp.domain.starts_with("127.0.0.1:"));
    assert_eq!(idp.issuer, format!("https://{}/", idp.domain));
    assert_eq!(std::fs::read_to_string(&idp.ca_file).unwrap(), idp.ca_pem);

    let c = https_client(&idp.ca_pem).unwrap();
    let d: Value = c
        .get(format!(
            "https://{}/.well-known/openid-configuration",
            idp.domain
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let b = format!("https://{}", idp.domain);
    assert_eq!(d["issuer"], format!("{b}/"));
    assert_eq!(d["authorization_endpoint"], format!("{b}/authorize"));
    assert_eq!(d["token_endpoint"], format!("{b}/oauth/token"));
    assert_eq!(d["jwks_uri"], format!("{b}/.well-known/jwks.json"));
    assert_eq!(d["userinfo_endpoint"], format!("{b}/userinfo"));
    assert!(d["id_token_signing_alg_values_supported"]
        .as_array()
        .unwrap()
        .contains(&json!("RS256")));
    let jwks: Value = c
        .get(format!("{b}/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(jwks["keys"][0]["kid"], "test-key-1");
    assert!(
        jwks["keys"][0].get("d").is_none(),
        "private key material must not be served"
    );

    let api = format!("{b}/api/v2/");
    let (web, m2m, no_cc) = (&idp.web_client, &idp.m2m_client, &idp.no_cc_client);

    // Auth0's answers to bad token requests, exactly.
    let unauthorized = json!({"error": "access_denied", "error_description": "Unauthorized"});
    let redirect = "http://127.0.0.1:1234/callback";
    let cc = |id: &str, secret: &str, audience: &str| {
        vec![
            ("grant_type", "client_credentials".to_owned()),
            ("client_id", id.to_owned()),
            ("client_secret", secret.to_owned()),
            ("audience", audience.to_owned()),
        ]
    };
    let code = |secret: &str| {
        vec![
            ("grant_type", "authorization_code".to_owned()),
            ("client_id", web.id.clone()),
            ("client_secret", secret.to_owned()),
            ("code", "abc".to_owned()),
            ("redirect_uri", redirect.to_owned()),
        ]
    };
    let cases = [
        (
            "wrong secret, client_credentials",
            cc(&m2m.id, "wrong", &api),
            401,
            unauthorized.clone(),
        ),
        (
            "wrong secret, code exchange",
            code("wrong"),
            401,
            unauthorized,
        ),
        (
            "a bad code with the right secret",
            code(&web.secret),
            403,
            json!({"error": "invalid_grant", "error_description": "Invalid authorization code"}),
        ),
        (
            "client_credentials on a client without it",
            cc(&no_cc.id, &no_cc.secret, &api),
            403,
            json!({
                "error": "unauthorized_client",
                "error_description": "Grant type 'client_credentials' not allowed for the client.",
                "error_uri": "https://auth0.com/docs/clients/client-grant-types"
            }),
        ),
        (
            "an audience nobody serves",
            cc(&m2m.id, &m2m.secret, "https://nope.example/"),
            403,
            json!({"error": "access_denied", "error_description": "Service not found: https://nope.example/"}),
        ),
    ];
    for (what, form, status, body) in cases {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(post_token(&idp, &form).await, (status, body), "{what}");
    }

    // The Management API audience, with client_secret_basic: a JWT signed by the served key.
    let r = c
        .post(format!("{b}/oauth/token"))
        .basic_auth(&m2m.id, Some(&m2m.secret))
        .form(&[("grant_type", "client_credentials"), ("audience", &api)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 86400);
    let set: JwkSet = serde_json::from_value(jwks).unwrap();
    let key = DecodingKey::from_jwk(&set.keys[0]).unwrap();
    let mut v = Validation::new(jsonwebtoken::Algorithm::RS256);
    v.set_audience(&[&api]);
    v.set_issuer(&[&idp.issuer]);
    let t =
        jsonwebtoken::decode::<Value>(body["access_token"].as_str().unwrap(), &key, &v).unwrap();
    assert_eq!(t.claims["sub"], format!("{}@clients", m2m.id));
}

#[tokio::test]
async fn play_user_returns_the_callback_with_a_code_that_exchanges_for_an_id_token() {
    let idp = TestIdp::start().await.unwrap();
    // Registered as http://127.0.0.1/callback: any loopback port is accepted (RFC 8252).
    let scope = "openid profile email offline_access";
    let (redirect, callback, target) =
        play(&idp, &idp.web_client.id, scope, PlayOptions::default()).await;
    let cb = url::Url::parse(&callback).unwrap();
    assert_eq!(
        format!("{}?{}", cb.path(), cb.query().unwrap()),
        target,
        "the listener got the callback"
    );
    assert!(callback.starts_with(&redirect));
    let q: std::collections::HashMap<_, _> = cb.query_pairs().into_owned().collect();
    assert_eq!(q["state"], "st-123");
    let code = code_of(&callback);

    // Exchange with client_secret_basic (the client is registered for client_secret_post).
    let c = https_client(&idp.ca_pem).unwrap();
    let r = c
        .post(format!("{}oauth/token", idp.issuer))
        .basic_auth(&idp.web_client.id, Some(&idp.web_client.secret))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &redirect),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let tokens: Value = r.json().await.unwrap();
    let claims = id_token_claims(&idp, tokens["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["sub"], "test-user");
    assert_eq!(claims["email"], "test.user@example.com");
    assert_eq!(claims["email_verified"], true);
    assert_eq!(claims["name"], "Test User");
    assert_eq!(claims["nonce"], "n-456");
    assert!(claims.get("https://example.com/groups").is_none());

    // The code is single-use: Auth0's answer.
    let (s, body) = exchange(&idp, &code, &redirect).await;
    assert_eq!((s, body["error"].as_str().unwrap()), (403, "invalid_grant"));
}

async fn id_token_claims(idp: &TestIdp, id_token: &str) -> Value {
    let c = https_client(&idp.ca_pem).unwrap();
    let jwks: JwkSet = c
        .get(format!("{}.well-known/jwks.json", idp.issuer))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let key = DecodingKey::from_jwk(&jwks.keys[0]).unwrap();
    let mut v = Validation::new(jsonwebtoken::Algorithm::RS256);
    v.set_audience(&[&idp.web_client.id]);
    v.set_issuer(&[&idp.issuer]);
    jsonwebtoken::decode::<Value>(id_token, &key, &v)
        .unwrap()
        .claims
}

#[tokio::test]
async fn configured_claims_tampered_state_and_denial() {
    let opts = IdpOptions::default()
        .claim("email_verified", json!(false))
        .claim("https://example.com/groups", json!(["admins", "devs"]))
        .claim("name", Value::Null);
    let idp = TestIdp::start_with(opts).await.unwrap();

    // Configured claims reach the ID token.
    let alice = PlayOptions {
        login: Some("alice".into()),
        ..Default::default()
    };
    let (redirect, callback, _) =
        play(&idp, &idp.web_client.id, "openid email profile", alice).await;
    let (s, tokens) = exchange(&idp, &code_of(&callback), &redirect).await;
    assert_eq!(s, 200);
    let claims = id_token_claims(&idp, tokens["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["sub"], "alice");
    assert_eq!(claims["email_verified"], false);
    assert_eq!(
        claims["https://example.com/groups"],
        json!(["admins", "devs"])
    );
    assert!(claims.get("name").is_none());

    // Tampered state: the listener sees a state the app never sent.
    let tamper = PlayOptions {
        tamper_state: true,
        ..Default::default()
    };
    let (_, callback, target) = play(&idp, &idp.no_cc_client.id, "openid", tamper).await;
    assert!(target.contains("state=tampered-st-123"));
    assert!(callback.contains("code="));

    // Denial: back to the app with error=access_denied, no code.
    let deny = PlayOptions {
        deny: true,
        ..Default::default()
    };
    let (_, callback, _) = play(&idp, &idp.web_client.id, "openid", deny).await;
    assert!(callback.contains("error=access_denied"), "{callback}");
    assert!(!callback.contains("code="));
}

#[tokio::test]
async fn a_redirect_uri_that_is_not_registered_stops_at_the_idp() {
    let idp = TestIdp::start().await.unwrap();
    let url = authorize_url(
        &idp,
        &idp.web_client.id,
        "http://127.0.0.1:9/elsewhere",
        "openid",
    );
    let err = idp.play_user(&url).await.unwrap_err().to_string();
    assert!(err.contains("400"), "{err}");
}
