//! The Management API stub answers like Auth0 (targets.md §5.4).

use auth0_wizard_tests::{https_client, MgmtConfig, MgmtStub, StubClient};
use serde_json::{json, Value};

async fn token(stub: &MgmtStub, id: &str, secret: &str, audience: &str) -> (u16, Value) {
    let c = https_client(&stub.ca_pem).unwrap();
    let r = c
        .post(format!("https://{}/oauth/token", stub.domain))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", id),
            ("client_secret", secret),
            ("audience", audience),
        ])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn get(stub: &MgmtStub, path: &str, bearer: Option<&str>) -> reqwest::Response {
    let c = https_client(&stub.ca_pem).unwrap();
    let mut r = c.get(format!("https://{}{path}", stub.domain));
    if let Some(t) = bearer {
        r = r.bearer_auth(t);
    }
    r.send().await.unwrap()
}

#[tokio::test]
async fn token_errors_auth_not_found_and_field_filtering() {
    let web =
        StubClient::regular_web().with("callbacks", json!(["https://dex.example.com/callback"]));
    let web_id = web.client_id();
    let stub = MgmtStub::start(MgmtConfig {
        clients: vec![web],
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(stub.web_client().unwrap().id, web_id);
    let m2m = stub.m2m_client.clone();
    let api = stub.audience();
    assert_eq!(api, format!("https://{}/api/v2/", stub.domain));

    // Discovery is Auth0's.
    let d: Value = get(&stub, "/.well-known/openid-configuration", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(d["issuer"], format!("https://{}/", stub.domain));

    assert_eq!(
        token(&stub, &m2m.id, "wrong", &api).await,
        (
            401,
            json!({"error": "access_denied", "error_description": "Unauthorized"})
        )
    );
    assert_eq!(
        token(&stub, &m2m.id, &m2m.secret, "https://other/api/v2/").await,
        (
            403,
            json!({"error": "access_denied", "error_description": "Service not found: https://other/api/v2/"})
        )
    );
    let web = stub.web_client().unwrap();
    assert_eq!(
        token(&stub, &web.id, &web.secret, &api).await.1["error"],
        "unauthorized_client"
    );
    let (s, t) = token(&stub, &m2m.id, &m2m.secret, &api).await;
    assert_eq!(s, 200);
    assert_eq!(
        (t["token_type"].as_str(), t["expires_in"].as_u64()),
        (Some("Bearer"), Some(86400))
    );
    let bearer = t["access_token"].as_str().unwrap().to_string();

    let path = format!("/api/v2/clients/{web_id}");
    let r = get(&stub, &path, None).await;
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"statusCode": 401, "error": "Unauthorized", "message": "Missing authentication"})
    );
    assert_eq!(get(&stub, &path, Some("not-a-token")).await.status(), 401);

    let r = get(&stub, "/api/v2/clients/nope", Some(&bearer)).await;
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"statusCode": 404, "error": "Not Found", "message": "The client does not exist", "errorCode": "inexistent_client"})
    );

    let r = get(&stub, &format!("{path}?fields=client_id,callbacks,jwt_configuration,initiate_login_uri&include_fields=true"), Some(&bearer)).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("x-ratelimit-limit"));
    let rec: Value = r.json().await.unwrap();
    assert_eq!(
        rec,
        json!({"client_id": web_id, "callbacks": ["https://dex.example.com/callback"], "jwt_configuration": {"alg": "RS256", "lifetime_in_seconds": 36000, "secret_encoded": false}})
    );
    let all: Value = get(&stub, &path, Some(&bearer)).await.json().await.unwrap();
    assert_eq!(all["app_type"], "regular_web");
    assert_eq!(all["oidc_conformant"], true);
    assert!(
        all.get("client_secret").is_none(),
        "no read:client_keys, no secret"
    );

    // A changed record is served from then on.
    stub.put_client(StubClient {
        record: json!({"client_id": web_id, "app_type": "spa"}),
        secret: "s".into(),
        granted_audiences: vec![],
    });
    let rec: Value = get(&stub, &path, Some(&bearer)).await.json().await.unwrap();
    assert_eq!(rec, json!({"client_id": web_id, "app_type": "spa"}));

    // Requests were recorded, Authorization included.
    let reqs = stub.requests();
    let last = reqs.last().unwrap();
    assert_eq!(
        (last.method.as_str(), last.path.as_str()),
        ("GET", path.as_str())
    );
    assert_eq!(
        last.authorization.as_deref(),
        Some(format!("Bearer {bearer}").as_str())
    );
    let token_req = reqs.iter().find(|r| r.path == "/oauth/token").unwrap();
    assert!(token_req.body.contains("grant_type=client_credentials"));
    assert!(
        !format!("{token_req:?}").contains(&m2m.secret),
        "Debug must not show secrets"
    );
}

#[tokio::test]
async fn rate_limits_scopes_and_missing_grant() {
    let cfg = MgmtConfig {
        rate_limited_requests: 2,
        m2m_scopes: vec!["read:users".into()],
        ..Default::default()
    };
    let stub = MgmtStub::start(cfg).await.unwrap();
    let m2m = stub.m2m_client.clone();
    // client_secret_basic works too.
    let c = https_client(&stub.ca_pem).unwrap();
    let t: Value = c
        .post(format!("https://{}/oauth/token", stub.domain))
        .basic_auth(&m2m.id, Some(&m2m.secret))
        .json(&json!({"grant_type": "client_credentials", "audience": stub.audience()}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bearer = t["access_token"].as_str().unwrap().to_string();
    let path = format!("/api/v2/clients/{}", stub.web_client().unwrap().id);

    for _ in 0..2 {
        let r = get(&stub, &path, Some(&bearer)).await;
        assert_eq!(r.status(), 429);
        for h in [
            "x-ratelimit-limit",
            "x-ratelimit-remaining",
            "x-ratelimit-reset",
            "retry-after",
        ] {
            assert!(r.headers().contains_key(h), "{h}");
        }
        assert_eq!(r.headers()["x-ratelimit-remaining"], "0");
        assert_eq!(r.json::<Value>().await.unwrap()["statusCode"], 429);
    }
    let r = get(&stub, &path, Some(&bearer)).await;
    assert_eq!(r.status(), 200);
    // Without read:clients only the basic fields are shown.
    let rec: Value = r.json().await.unwrap();
    let mut keys: Vec<_> = rec.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["app_type", "client_id", "description", "name"]);

    stub.rate_limit_next(1);
    assert_eq!(get(&stub, &path, Some(&bearer)).await.status(), 429);
    assert_eq!(get(&stub, &path, Some(&bearer)).await.status(), 200);

    let stub = MgmtStub::start(MgmtConfig {
        m2m_granted: false,
        ..Default::default()
    })
    .await
    .unwrap();
    let (s, body) = token(
        &stub,
        &stub.m2m_client.id,
        &stub.m2m_client.secret,
        &stub.audience(),
    )
    .await;
    assert_eq!(s, 403);
    assert_eq!(body["error"], "access_denied");
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .starts_with(&format!(
            "Client is not authorized to access \"{}\"",
            stub.audience()
        )));
}
