//! Each FaultServer fault behaves as named, and a held request waits for its release.

use std::error::Error as _;
use std::time::Duration;

use auth0_wizard_tests::{for_every_fault, https_client, Fault, FaultServer};
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

/// Every fault of the harness (`Fault::ALL` comes from the enum), each checked
/// by what it is named for; the match has no catch-all arm.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_behaves_as_named() {
    for_every_fault(|fault| async move {
        let fs = FaultServer::start(fault.clone()).await.unwrap();
        match fault {
            Fault::Ok | Fault::Delay(_) => serves_auth0_documents_and_tokens(&fs).await,
            Fault::Status500 => every_path_answers_500(&fs).await,
            Fault::HangAfterHeaders => the_body_never_comes(&fs).await,
            Fault::SlowBody => one_byte_a_second(&fs).await,
            Fault::MalformedJson => malformed_json(&fs).await,
            Fault::HtmlInsteadOfJson => html_instead_of_json(&fs).await,
            Fault::ConnectionReset => connection_reset(&fs).await,
            Fault::WrongIssuer => {
                assert_eq!(
                    discovery(&fs).await["issuer"],
                    "https://wrong-tenant.example.com/"
                )
            }
            Fault::IssuerWithoutTrailingSlash => {
                assert_eq!(
                    discovery(&fs).await["issuer"],
                    format!("https://{}", fs.domain)
                )
            }
            Fault::MissingFields => missing_fields(&fs).await,
            Fault::EmptyJwks => {
                let jwks: Value = get_json(&fs, "/.well-known/jwks.json").await;
                assert_eq!(jwks["keys"], serde_json::json!([]));
            }
            Fault::UntrustedCert => rejected_for(&fs, "UnknownIssuer").await,
            Fault::ExpiredCert => rejected_for(&fs, "Expired").await,
            Fault::WrongHostCert => rejected_for(&fs, "NotValidForName").await,
            Fault::HugeBody => huge_body_is_streamed(&fs).await,
            Fault::RedirectOtherHost => redirect_other_host(&fs).await,
            Fault::RedirectLoop => redirect_loop(&fs).await,
            Fault::ServiceNotEnabled => {
                let (status, body) = m2m_token(&fs).await;
                assert_eq!(status, 403);
                let want = format!(
                    "Service not enabled within domain: https://{}/api/v2/",
                    fs.domain
                );
                assert_eq!(
                    serde_json::from_str::<Value>(&body).unwrap()["error_description"],
                    want
                );
            }
            Fault::EndpointOtherHost => {
                let d = discovery(&fs).await;
                let port = fs.domain.rsplit(':').next().unwrap();
                assert_eq!(
                    d["token_endpoint"],
                    format!("https://localhost:{port}/oauth/token")
                );
                // The certificate covers localhost: a client that believed it would get there.
                let r = client(&fs)
                    .get(format!("https://localhost:{port}/x"))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 404);
                assert!(fs
                    .requests()
                    .iter()
                    .any(|s| s.host == format!("localhost:{port}")));
            }
            Fault::EndpointNotHttps => {
                let d = discovery(&fs).await;
                assert_eq!(
                    d["userinfo_endpoint"],
                    format!("http://{}/userinfo", fs.domain)
                );
            }
            Fault::ControlCharsInDiscovery => {
                let d = discovery(&fs).await;
                assert!(d["userinfo_endpoint"]
                    .as_str()
                    .unwrap()
                    .contains("\u{1b}[2J\r\n"));
            }
            Fault::EchoSecretInErrorDescription => {
                let (status, body) = m2m_token(&fs).await;
                assert_eq!(status, 401);
                let v: Value = serde_json::from_str(&body).unwrap();
                let desc = v["error_description"].as_str().unwrap();
                assert_eq!(
                    desc.matches(fs.m2m_client.secret.as_str()).count(),
                    2,
                    "{desc}"
                );
                assert!(
                    desc.contains('\u{1b}') && !body.contains('\u{1b}'),
                    "escaped in JSON"
                );
            }
            Fault::EchoSecretInHtml => {
                assert_eq!(m2m_token(&fs).await.0, 200);
                let r = client(&fs)
                    .get(url(&fs, "/api/v2/clients/x"))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 403);
                let page = r.text().await.unwrap();
                assert!(page.contains(&fs.m2m_client.secret) && page.contains('\u{1b}'));
            }
            Fault::EchoSecretInHeader => {
                let r = client(&fs)
                    .post(url(&fs, "/oauth/token"))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 302);
                for h in ["location", "www-authenticate"] {
                    let v = r.headers()[h].to_str().unwrap();
                    assert!(v.contains(&fs.m2m_client.secret), "{h}: {v}");
                }
            }
        }
    })
    .await;
}

/// The M2M client's client-credentials request: status and body.
async fn m2m_token(fs: &FaultServer) -> (u16, String) {
    let r = client(fs)
        .post(url(fs, "/oauth/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", fs.m2m_client.id.as_str()),
            ("client_secret", fs.m2m_client.secret.as_str()),
            ("audience", &format!("https://{}/api/v2/", fs.domain)),
        ])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn serves_auth0_documents_and_tokens(fs: &FaultServer) {
    let d = discovery(fs).await;
    assert_eq!(d["issuer"], format!("https://{}/", fs.domain));
    assert_eq!(d["jwks_uri"], url(fs, "/.well-known/jwks.json"));
    assert_eq!(d["token_endpoint"], url(fs, "/oauth/token"));
    let jwks: Value = get_json(fs, "/.well-known/jwks.json").await;
    assert_eq!(jwks["keys"][0]["kty"], "RSA");
    let token = |secret: &str| {
        client(fs).post(url(fs, "/oauth/token")).form(&[
            ("grant_type", "client_credentials"),
            ("client_id", fs.m2m_client.id.as_str()),
            ("client_secret", secret),
            ("audience", &format!("https://{}/api/v2/", fs.domain)),
        ])
    };
    let r = token(&fs.m2m_client.secret).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = token("x").send().await.unwrap();
    assert_eq!(r.status(), 401);
}

async fn every_path_answers_500(fs: &FaultServer) {
    for p in [
        "/.well-known/openid-configuration",
        "/.well-known/jwks.json",
    ] {
        assert_eq!(
            client(fs).get(url(fs, p)).send().await.unwrap().status(),
            500
        );
    }
    let r = client(fs)
        .post(url(fs, "/oauth/token"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 500);
}

async fn html_instead_of_json(fs: &FaultServer) {
    let r = client(fs)
        .get(url(fs, "/.well-known/jwks.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(r.json::<Value>().await.unwrap_err().is_decode());
}

async fn malformed_json(fs: &FaultServer) {
    let r = client(fs)
        .get(url(fs, "/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/json");
    assert!(r.json::<Value>().await.unwrap_err().is_decode());
}

async fn missing_fields(fs: &FaultServer) {
    let d = discovery(fs).await;
    assert!(
        d.get("jwks_uri").is_none()
            && d.get("token_endpoint").is_none()
            && d.get("issuer").is_some()
    );
    let jwks: Value = get_json(fs, "/.well-known/jwks.json").await;
    assert!(jwks.get("keys").is_none());
}

async fn the_body_never_comes(fs: &FaultServer) {
    let r = client(fs)
        .get(url(fs, "/.well-known/jwks.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "headers come at once");
    let body = tokio::time::timeout(Duration::from_millis(300), r.bytes()).await;
    assert!(body.is_err(), "the body never comes");
}

async fn one_byte_a_second(fs: &FaultServer) {
    let c = reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(fs.ca_pem.as_bytes()).unwrap())
        .timeout(Duration::from_millis(1500))
        .build()
        .unwrap();
    let mut r = c
        .get(url(fs, "/.well-known/openid-configuration"))
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

async fn connection_reset(fs: &FaultServer) {
    let err = client(fs)
        .get(url(fs, "/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap_err();
    assert!(!err.is_timeout() && !err.is_status(), "{err:?}");
    let text = chain(&err).to_lowercase();
    assert!(text.contains("reset") || text.contains("closed"), "{text}");
}

/// The certificate is rejected at connect time, for `reason` (rustls's name for it).
async fn rejected_for(fs: &FaultServer, reason: &str) {
    let err = client(fs)
        .get(url(fs, "/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert!(chain(&err).contains(reason), "{}", chain(&err));
}

async fn huge_body_is_streamed(fs: &FaultServer) {
    let mut r = client(fs)
        .get(url(fs, "/.well-known/jwks.json"))
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

async fn redirect_other_host(fs: &FaultServer) {
    let r = client(fs)
        .get(url(fs, "/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(
        r.headers()["location"],
        "https://other.invalid/.well-known/openid-configuration"
    );
}

async fn redirect_loop(fs: &FaultServer) {
    let r = client(fs)
        .get(url(fs, "/.well-known/jwks.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        url(fs, "/.well-known/jwks.json")
    );
    let following = reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(fs.ca_pem.as_bytes()).unwrap())
        .build()
        .unwrap();
    let err = following
        .get(url(fs, "/.well-known/jwks.json"))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_redirect(), "{err:?}");
}

/// A held path answers only once released; other paths answer meanwhile.
#[tokio::test]
async fn a_held_request_waits_for_its_release() {
    let fs = FaultServer::start(Fault::Ok).await.unwrap();
    let held = fs.hold("/.well-known/jwks.json");
    let mut pending = tokio::spawn(get_json_owned(
        client(&fs),
        url(&fs, "/.well-known/jwks.json"),
    ));
    tokio::select! {
        () = held.arrived(1) => {}
        r = &mut pending => panic!("the JWKS answered while held: {r:?}"),
    }
    assert_eq!(held.count(), 1);
    // The discovery document is not held.
    assert_eq!(
        discovery(&fs).await["issuer"],
        format!("https://{}/", fs.domain)
    );
    assert!(!pending.is_finished(), "the JWKS answered while held");
    held.release();
    assert_eq!(pending.await.unwrap()["keys"][0]["kty"], "RSA");
    // Released for good: later requests are not held.
    let jwks: Value = get_json(&fs, "/.well-known/jwks.json").await;
    assert_eq!(jwks["keys"][0]["kty"], "RSA");
}

async fn get_json_owned(client: reqwest::Client, url: String) -> Value {
    client.get(url).send().await.unwrap().json().await.unwrap()
}
