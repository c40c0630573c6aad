//! Each FaultServer fault behaves as named.

use std::error::Error as _;
use std::time::Duration;

use auth0_wizard_tests::{https_client, Fault, FaultServer};
use serde_json::Value;

fn client(fs: &FaultServer) -> reqwest::Client {
    https_client(&fs.ca_pem).unwrap()
}

fn url(fs: &FaultServer, path: &str) -> String {
    format!("https://{}{path}", fs.domain)
}

/// The error and its causes, as text (the TLS reason is in a source).
fn chain(e: &reqwest::Error) -> String {
    let mut s = format!("{e:?}");
    let mut src = e.source();
    while let Some(x) = src {
        s.push_str(&format!(" / {x:?}"));
        src = x.source();
    }
    s
}

/// GET `path` on the fault server and parse the body as JSON.
async fn get_json(fs: &FaultServer, path: &str) -> Value {
    client(fs)
        .get(url(fs, path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn discovery(fs: &FaultServer) -> Value {
    get_json(fs, "/.well-known/openid-configuration").await
}

#[tokio::test]
async fn ok_and_delay_serve_auth0_documents_and_tokens() {
    for fault in [Fault::Ok, Fault::Delay(Duration::from_millis(20))] {
        let fs = FaultServer::start(fault).await.unwrap();
        let d = discovery(&fs).await;
        assert_eq!(d["issuer"], format!("https://{}/", fs.domain));
        assert_eq!(d["jwks_uri"], url(&fs, "/.well-known/jwks.json"));
        assert_eq!(d["token_endpoint"], url(&fs, "/oauth/token"));
        let jwks: Value = get_json(&fs, "/.well-known/jwks.json").await;
        assert_eq!(jwks["keys"][0]["kty"], "RSA");
        let r = client(&fs)
            .post(url(&fs, "/oauth/token"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", &fs.m2m_client.id),
                ("client_secret", &fs.m2m_client.secret),
                ("audience", &format!("https://{}/api/v2/", fs.domain)),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let r = client(&fs)
            .post(url(&fs, "/oauth/token"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", &fs.m2m_client.id),
                ("client_secret", "x"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
    }
}

#[tokio::test]
async fn status_html_and_malformed_json() {
    let fs = FaultServer::start(Fault::Status500).await.unwrap();
    for p in [
        "/.well-known/openid-configuration",
        "/.well-known/jwks.json",
    ] {
        assert_eq!(
            client(&fs).get(url(&fs, p)).send().await.unwrap().status(),
            500
        );
    }
    assert_eq!(
        client(&fs)
            .post(url(&fs, "/oauth/token"))
            .send()
            .await
            .unwrap()
            .status(),
        500
    );

    let fs = FaultServer::start(Fault::HtmlInsteadOfJson).await.unwrap();
    let r = client(&fs)
        .get(url(&fs, "/.well-known/jwks.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(r.json::<Value>().await.unwrap_err().is_decode());

    let fs = FaultServer::start(Fault::MalformedJson).await.unwrap();
    let r = client(&fs)
        .get(url(&fs, "/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/json");
    assert!(r.json::<Value>().await.unwrap_err().is_decode());
}

#[tokio::test]
async fn documents_with_wrong_or_missing_content() {
    let fs = FaultServer::start(Fault::WrongIssuer).await.unwrap();
    assert_eq!(
        discovery(&fs).await["issuer"],
        "https://wrong-tenant.example.com/"
    );
    let fs = FaultServer::start(Fault::IssuerWithoutTrailingSlash)
        .await
        .unwrap();
    assert_eq!(
        discovery(&fs).await["issuer"],
        format!("https://{}", fs.domain)
    );
    let fs = FaultServer::start(Fault::MissingFields).await.unwrap();
    let d = discovery(&fs).await;
    assert!(
        d.get("jwks_uri").is_none()
            && d.get("token_endpoint").is_none()
            && d.get("issuer").is_some()
    );
    let jwks: Value = get_json(&fs, "/.well-known/jwks.json").await;
    assert!(jwks.get("keys").is_none());
    let fs = FaultServer::start(Fault::EmptyJwks).await.unwrap();
    let jwks: Value = get_json(&fs, "/.well-known/jwks.json").await;
    assert_eq!(jwks["keys"], serde_json::json!([]));
}

#[tokio::test]
async fn hanging_and_slow_bodies_time_out() {
    let fs = FaultServer::start(Fault::HangAfterHeaders).await.unwrap();
    let r = client(&fs)
        .get(url(&fs, "/.well-known/jwks.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "headers come at once");
    let body = tokio::time::timeout(Duration::from_millis(300), r.bytes()).await;
    assert!(body.is_err(), "the body never comes");

    let fs = FaultServer::start(Fault::SlowBody).await.unwrap();
    let c = reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(fs.ca_pem.as_bytes()).unwrap())
        .timeout(Duration::from_millis(1500))
        .build()
        .unwrap();
    let mut r = c
        .get(url(&fs, "/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.chunk().await.unwrap().unwrap().as_ref(),
        b"{",
        "one byte at a time"
    );
    let err = loop {
        match r.chunk().await {
            Ok(Some(c)) => assert_eq!(c.len(), 1),
            Ok(None) => panic!("a ~1.5 KB body at 1 byte/s cannot end within the timeout"),
            Err(e) => break e,
        }
    };
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn connection_reset() {
    let fs = FaultServer::start(Fault::ConnectionReset).await.unwrap();
    let err = client(&fs)
        .get(url(&fs, "/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap_err();
    assert!(!err.is_timeout() && !err.is_status(), "{err:?}");
    let text = chain(&err).to_lowercase();
    assert!(text.contains("reset") || text.contains("closed"), "{text}");
}

#[tokio::test]
async fn bad_certificates_are_rejected_for_their_reason() {
    for (fault, reason) in [
        (Fault::UntrustedCert, "UnknownIssuer"),
        (Fault::ExpiredCert, "Expired"),
        (Fault::WrongHostCert, "NotValidForName"),
    ] {
        let fs = FaultServer::start(fault.clone()).await.unwrap();
        let err = client(&fs)
            .get(url(&fs, "/.well-known/openid-configuration"))
            .send()
            .await
            .unwrap_err();
        assert!(err.is_connect(), "{fault:?}: {err:?}");
        assert!(chain(&err).contains(reason), "{fault:?}: {}", chain(&err));
    }
}

#[tokio::test]
async fn huge_body_is_streamed() {
    let fs = FaultServer::start(Fault::HugeBody).await.unwrap();
    let mut r = client(&fs)
        .get(url(&fs, "/.well-known/jwks.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.content_length().is_none(),
        "no Content-Length: a client must cap what it reads"
    );
    let mut read = 0usize;
    while let Some(c) = r.chunk().await.unwrap() {
        read += c.len();
        if read > 8 * 1024 * 1024 {
            break;
        }
    }
    assert!(
        read > 8 * 1024 * 1024,
        "more than any document should be ({read} bytes)"
    );
}

#[tokio::test]
async fn redirects() {
    let fs = FaultServer::start(Fault::RedirectOtherHost).await.unwrap();
    let r = client(&fs)
        .get(url(&fs, "/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(
        r.headers()["location"],
        "https://other.invalid/.well-known/openid-configuration"
    );

    let fs = FaultServer::start(Fault::RedirectLoop).await.unwrap();
    let r = client(&fs)
        .get(url(&fs, "/.well-known/jwks.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        url(&fs, "/.well-known/jwks.json")
    );
    let following = reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(fs.ca_pem.as_bytes()).unwrap())
        .build()
        .unwrap();
    let err = following
        .get(url(&fs, "/.well-known/jwks.json"))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_redirect(), "{err:?}");
}
