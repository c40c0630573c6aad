//! The Management API fake's writes answer like Auth0's recorded exchanges
//! (shared/reference/troubleshoot-and-registration.md A.2 to A.9).

use auth0_wizard_tests::{https_client, MgmtConfig, MgmtStub, ALL_SCOPES};
use reqwest::Method;
use serde_json::{json, Value};

struct Api {
    stub: MgmtStub,
    token: String,
}

impl Api {
    async fn new(scopes: &[&str]) -> Self {
        let stub = MgmtStub::start(MgmtConfig::default()).await.unwrap();
        let token = stub.token(scopes);
        Api { stub, token }
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let c = https_client(&self.stub.ca_pem).unwrap();
        let mut r = c
            .request(
                method,
                format!("https://{}/api/v2/{path}", self.stub.domain),
            )
            .bearer_auth(&self.token);
        if let Some(b) = body {
            r = r.json(&b);
        }
        let r = r.send().await.unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

#[tokio::test]
async fn clients_are_created_with_auth0s_defaults_and_patched_partially() {
    let api = Api::new(ALL_SCOPES).await;
    // Only a name: the recorded defaults, no alg (HS256 server-side), the secret returned.
    let (s, c) = api
        .call(Method::POST, "clients", Some(json!({"name": "bare"})))
        .await;
    assert_eq!(s, 201);
    assert_eq!(c["oidc_conformant"], false);
    assert_eq!(
        c["jwt_configuration"],
        json!({"secret_encoded": false, "lifetime_in_seconds": 36000})
    );
    assert_eq!(
        c["grant_types"],
        json!([
            "authorization_code",
            "implicit",
            "refresh_token",
            "client_credentials"
        ])
    );
    let id = c["client_id"].as_str().unwrap().to_string();
    assert_eq!(
        c["client_secret"].as_str(),
        api.stub.client_secret(&id).as_deref()
    );
    assert!(api.stub.client(&id).unwrap().get("client_secret").is_none());

    // PATCH: arrays replaced, objects merged key by key, null removes, the rest untouched.
    let path = format!("clients/{id}");
    let (s, _) = api
        .call(
            Method::PATCH,
            &path,
            Some(json!({"callbacks": ["https://a.example.com/cb"]})),
        )
        .await;
    assert_eq!(s, 200);
    let (s, c) = api.call(Method::PATCH, &path, Some(json!({"callbacks": ["https://b.example.com/cb"], "jwt_configuration": {"alg": "RS256"}}))).await;
    assert_eq!(s, 200);
    assert_eq!(c["callbacks"], json!(["https://b.example.com/cb"]));
    assert_eq!(
        c["jwt_configuration"],
        json!({"secret_encoded": false, "lifetime_in_seconds": 36000, "alg": "RS256"})
    );
    assert_eq!(c["name"], "bare");
    let (_, c) = api
        .call(
            Method::PATCH,
            &path,
            Some(json!({"jwt_configuration": {"alg": null}})),
        )
        .await;
    assert!(c["jwt_configuration"].get("alg").is_none());

    // Read-only fields and bad values are refused as payload validation errors.
    for (body, needle) in [
        (
            json!({"client_id": "x"}),
            "Additional properties not allowed: client_id",
        ),
        (
            json!({"jwt_configuration": {"secret_encoded": true}}),
            "secret_encoded",
        ),
        (
            json!({"callbacks": ["*.svc.cluster.local/callback"]}),
            "format callback-url: *.svc.cluster.local/callback' on property callbacks[0]",
        ),
        (
            json!({"initiate_login_uri": "http://localhost"}),
            "must be https",
        ),
        (
            json!({"token_endpoint_auth_method": "none"}),
            "Invalid grant types: client_credentials",
        ),
    ] {
        let (s, e) = api.call(Method::PATCH, &path, Some(body.clone())).await;
        assert_eq!((s, e["statusCode"].as_u64()), (400, Some(400)), "{body}");
        assert!(e["message"].as_str().unwrap().contains(needle), "{e}");
    }
    let (s, e) = api
        .call(Method::PATCH, "clients/nope", Some(json!({"name": "x"})))
        .await;
    assert_eq!(
        (s, e["errorCode"].as_str()),
        (404, Some("inexistent_client"))
    );
    let (s, _) = api.call(Method::DELETE, &path, None).await;
    assert_eq!(s, 204);
    assert_eq!(api.call(Method::DELETE, &path, None).await.0, 404);
}

#[tokio::test]
async fn a_missing_scope_is_auth0s_insufficient_scope() {
    let api = Api::new(&["read:clients"]).await;
    let (s, e) = api
        .call(Method::POST, "clients", Some(json!({"name": "x"})))
        .await;
    assert_eq!(s, 403);
    assert_eq!(
        e,
        json!({"statusCode": 403, "error": "Forbidden", "message": "Insufficient scope, expected any of: create:clients", "errorCode": "insufficient_scope"})
    );
    let (s, e) = api
        .call(Method::GET, "actions/triggers/post-login/bindings", None)
        .await;
    assert_eq!(
        (s, e["message"].as_str()),
        (
            403,
            Some("Insufficient scope, expected any of: read:triggers")
        )
    );
    assert!(api.stub.clients().len() == 1, "nothing created");
}

#[tokio::test]
async fn client_grants_are_one_per_client_and_audience() {
    let api = Api::new(ALL_SCOPES).await;
    let client = api.stub.web_client().unwrap().id;
    let aud = api.stub.audience();
    let body = json!({"client_id": client, "audience": aud, "scope": ["read:roles"]});
    let (s, g) = api
        .call(Method::POST, "client-grants", Some(body.clone()))
        .await;
    assert_eq!(s, 201);
    assert!(g["id"].as_str().unwrap().starts_with("cgr_"));
    assert_eq!(
        api.call(Method::POST, "client-grants", Some(body)).await.0,
        409
    );
    let (_, list) = api
        .call(
            Method::GET,
            &format!("client-grants?client_id={client}"),
            None,
        )
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let path = format!("client-grants/{}", g["id"].as_str().unwrap());
    assert_eq!(api.call(Method::DELETE, &path, None).await.0, 204);
    let (s, e) = api.call(Method::DELETE, &path, None).await;
    assert_eq!(
        (s, e["errorCode"].as_str()),
        (404, Some("inexistent_client_grant"))
    );
}

#[tokio::test]
async fn actions_build_deploy_and_bindings_are_replaced_as_a_whole() {
    let api = Api::new(ALL_SCOPES).await;
    let old = api.stub.put_action("Theirs");
    api.stub.set_bindings(&[&old]);
    let body = json!({"name": "Mine", "supported_triggers": [{"id": "post-login", "version": "v3"}], "code": "exports.onExecutePostLogin = async () => {};"});
    let (s, a) = api.call(Method::POST, "actions/actions", Some(body)).await;
    assert_eq!(
        (s, a["status"].as_str(), a["all_changes_deployed"].as_bool()),
        (201, Some("pending"), Some(false))
    );
    let id = a["id"].as_str().unwrap().to_string();
    let path = format!("actions/actions/{id}");
    let bind_mine =
        json!({"bindings": [{"ref": {"type": "action_id", "value": id}, "display_name": "Mine"}]});
    assert_eq!(
        api.call(
            Method::PATCH,
            "actions/triggers/post-login/bindings",
            Some(bind_mine.clone())
        )
        .await
        .0,
        400,
        "not deployed yet"
    );
    assert_eq!(
        api.call(Method::GET, &path, None).await.1["status"],
        "building"
    );
    assert_eq!(
        api.call(Method::GET, &path, None).await.1["status"],
        "built"
    );
    let (s, v) = api
        .call(Method::POST, &format!("{path}/deploy"), None)
        .await;
    assert_eq!(
        (s, v["deployed"].as_bool(), v["number"].as_u64()),
        (200, Some(false), Some(1))
    );
    assert_eq!(
        api.call(Method::GET, &path, None).await.1["deployed_version"]["deployed"],
        false
    );
    assert_eq!(
        api.call(Method::GET, &path, None).await.1["deployed_version"]["deployed"],
        true
    );

    // The list sent is the whole flow: "Theirs" is gone.
    let (s, b) = api
        .call(
            Method::PATCH,
            "actions/triggers/post-login/bindings",
            Some(bind_mine),
        )
        .await;
    assert_eq!((s, b["bindings"].as_array().unwrap().len()), (200, 1));
    assert_eq!(api.stub.bindings(), [(id.clone(), "Mine".to_string())]);
    let (s, e) = api.call(Method::DELETE, &path, None).await;
    assert_eq!(
        (s, e["message"].as_str()),
        (409, Some("Unable to delete an action bound to a trigger."))
    );
    let (_, b) = api
        .call(Method::GET, "actions/triggers/post-login/bindings", None)
        .await;
    assert_eq!(b["bindings"][0]["action"]["id"], id.as_str());
    let all = json!({"bindings": []});
    assert_eq!(
        api.call(
            Method::PATCH,
            "actions/triggers/post-login/bindings",
            Some(all)
        )
        .await
        .0,
        200
    );
    assert_eq!(api.call(Method::DELETE, &path, None).await.0, 204);
    let (s, e) = api.call(Method::GET, &path, None).await;
    assert_eq!(
        e,
        json!({"statusCode": 404, "error": "Not Found", "message": "That action does not exist."})
    );
    assert_eq!(s, 404);
    let (_, found) = api
        .call(Method::GET, "actions/actions?actionName=Theirs", None)
        .await;
    assert_eq!(found["actions"][0]["id"], old.as_str());
}
