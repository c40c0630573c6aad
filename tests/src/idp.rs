//! The test OpenID provider: `node tests/idp/server.mjs` (npm `oidc-provider` 9) made to look like Auth0.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{bail, Context};
use serde_json::{json, Map, Value};
use url::Url;

use crate::auth0::ClientCreds;
use crate::ca::TestCa;
use crate::https_client;

/// The test user's claims. The default user has `email`, `email_verified: true` and `name`;
/// other claims (e.g. `https://example.com/groups`) are released with the `openid` scope,
/// and a claim set to `null` is left out.
#[derive(Clone, Debug)]
pub struct IdpOptions {
    pub user: Map<String, Value>,
    /// A hostile mode: claims written over every ID token issued (then re-signed
    /// with the provider's key), e.g. `nbf` in the future or another `azp`.
    pub id_token: Map<String, Value>,
}

impl Default for IdpOptions {
    fn default() -> Self {
        let user = json!({
            "email": "test.user@example.com",
            "email_verified": true,
            "name": "Test User",
        });
        Self {
            user: user.as_object().cloned().unwrap_or_default(),
            id_token: Map::new(),
        }
    }
}

impl IdpOptions {
    /// Sets (or with `Value::Null` removes) one claim of the test user.
    pub fn claim(mut self, name: &str, value: Value) -> Self {
        self.user.insert(name.to_string(), value);
        self
    }

    /// Sets one claim of every ID token, whatever the provider put there; the string
    /// `"=aud"` (alone or in an array) stands for the audience the provider wrote
    /// (the client ID), and `Value::Null` removes the claim.
    pub fn id_token_claim(mut self, name: &str, value: Value) -> Self {
        self.id_token.insert(name.to_string(), value);
        self
    }
}

/// How [`TestIdp::play_user_with`] plays the user.
#[derive(Clone, Debug, Default)]
pub struct PlayOptions {
    /// Change the `state` of the callback URL before requesting it.
    pub tamper_state: bool,
    /// Abort at the login page: the IdP redirects back with `error=access_denied`.
    pub deny: bool,
    /// The login typed into the form; it becomes the `sub` (default `test-user`).
    pub login: Option<String>,
}

/// A running test OpenID provider on `https://127.0.0.1:PORT/`, killed on Drop.
///
/// Like Auth0: issuer with a trailing slash, `/authorize`, `/oauth/token`,
/// `/.well-known/jwks.json`, `/userinfo`, RS256, and Auth0's token-endpoint errors.
/// The clients accept client_secret_post and client_secret_basic.
pub struct TestIdp {
    /// "127.0.0.1:PORT"
    pub domain: String,
    /// "https://127.0.0.1:PORT/"
    pub issuer: String,
    pub ca_file: PathBuf,
    pub ca_pem: String,
    /// Native app, redirect `http://127.0.0.1/callback` on any port, authorization_code + refresh_token.
    pub web_client: ClientCreds,
    /// client_credentials, granted the Management API audience `https://<domain>/api/v2/`.
    pub m2m_client: ClientCreds,
    /// Like `web_client` but only authorization_code (so no client_credentials, no refresh_token).
    pub no_cc_client: ClientCreds,
    child: Child,
    stderr: Arc<Mutex<String>>,
    _ca: TestCa,
}

fn idp_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("idp")
}

impl TestIdp {
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_with(IdpOptions::default()).await
    }

    pub async fn start_with(opts: IdpOptions) -> anyhow::Result<Self> {
        Self::start_in(&idp_dir(), opts).await
    }

    async fn start_in(dir: &Path, opts: IdpOptions) -> anyhow::Result<Self> {
        if !dir.join("node_modules/oidc-provider/package.json").exists() {
            bail!(
                "{} is missing: run `make bootstrap` (or `npm ci` in tests/idp)",
                dir.join("node_modules").display()
            );
        }
        let ca = TestCa::new()?;
        let leaf = ca.leaf()?;
        let (web, m2m, no_cc) = (
            ClientCreds::random(),
            ClientCreds::random(),
            ClientCreds::random(),
        );
        let creds = |c: &ClientCreds| json!({ "id": c.id, "secret": c.secret });
        let config = json!({
            "clients": { "web": creds(&web), "m2m": creds(&m2m), "no_cc": creds(&no_cc) },
            "user": opts.user,
            "idToken": opts.id_token,
        });
        let mut child = Command::new("node")
            .arg("server.mjs")
            .current_dir(dir)
            .env("IDP_CERT", &leaf.cert_file)
            .env("IDP_KEY", &leaf.key_file)
            .env("IDP_CONFIG", config.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .context(
                "starting `node tests/idp/server.mjs` (is Node.js installed? run `make bootstrap`)",
            )?;

        let stderr = Arc::new(Mutex::new(String::new()));
        if let Some(mut err) = child.stderr.take() {
            let log = stderr.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = err.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    let mut log = log.lock().expect("stderr lock");
                    if log.len() < 64 * 1024 {
                        log.push_str(&String::from_utf8_lossy(&buf[..n]));
                    }
                }
            });
        }
        let (tx, rx) = tokio::sync::oneshot::channel::<String>();
        let out = child.stdout.take().context("node stdout")?;
        std::thread::spawn(move || {
            let mut lines = BufReader::new(out).lines();
            if let Some(Ok(first)) = lines.next() {
                let _ = tx.send(first);
            }
            for _ in lines {} // keep the pipe drained
        });

        let mut idp = Self {
            domain: String::new(),
            issuer: String::new(),
            ca_file: ca.ca_file.clone(),
            ca_pem: ca.ca_pem.clone(),
            web_client: web,
            m2m_client: m2m,
            no_cc_client: no_cc,
            child,
            stderr,
            _ca: ca,
        };
        // A guard against a hung start, not a timing assertion.
        let line = match tokio::time::timeout(Duration::from_secs(60), rx).await {
            Ok(Ok(line)) => line,
            Ok(Err(_)) => bail!(
                "the test IdP exited before it was ready:\n{}",
                idp.stderr_text()
            ),
            Err(_) => bail!(
                "the test IdP did not get ready in 60 s:\n{}",
                idp.stderr_text()
            ),
        };
        let Some(issuer) = line.strip_prefix("READY ") else {
            bail!(
                "unexpected first line from the test IdP: {line:?}\n{}",
                idp.stderr_text()
            );
        };
        let url = Url::parse(issuer).context("issuer URL")?;
        idp.issuer = issuer.to_string();
        idp.domain = format!(
            "{}:{}",
            url.host_str().unwrap_or_default(),
            url.port().unwrap_or(443)
        );
        Ok(idp)
    }

    /// What the IdP wrote to stderr so far (warnings, errors).
    pub fn stderr_text(&self) -> String {
        self.stderr.lock().expect("stderr lock").clone()
    }

    /// Plays the user in a scripted browser: opens `authorize_url`, submits the login form
    /// (any login/password) and the consent form, follows redirects up to the loopback
    /// `redirect_uri`, requests that callback URL (the app's listener) and returns it.
    pub async fn play_user(&self, authorize_url: &str) -> anyhow::Result<String> {
        self.play_user_with(authorize_url, PlayOptions::default())
            .await
    }

    pub async fn play_user_with(
        &self,
        authorize_url: &str,
        opts: PlayOptions,
    ) -> anyhow::Result<String> {
        let client = https_client(&self.ca_pem)?;
        let login = opts.login.clone().unwrap_or_else(|| "test-user".into());
        let mut url = Url::parse(authorize_url).context("authorize URL")?;
        let mut form: Option<Vec<(String, String)>> = None;
        for _ in 0..20 {
            let req = match form.take() {
                Some(fields) => client.post(url.clone()).form(&fields),
                None => client.get(url.clone()),
            };
            let resp = req
                .send()
                .await
                .with_context(|| format!("requesting {url}"))?;
            let status = resp.status();
            if status.is_redirection() {
                let location = resp
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .context("redirect without Location")?;
                let target = url.join(location)?;
                if target.scheme() == "http" {
                    return hit_callback(target, opts.tamper_state).await;
                }
                url = target;
                continue;
            }
            let body = resp.text().await.unwrap_or_default();
            if status.is_success() {
                if opts.deny {
                    if let Some(abort) = find_attr(&body, "href=\"", "/abort") {
                        url = url.join(&abort)?;
                        continue;
                    }
                }
                if let Some((action, mut fields)) = parse_form(&body) {
                    for (k, v) in fields.iter_mut() {
                        match k.as_str() {
                            "login" => *v = login.clone(),
                            "password" => *v = "any-password".into(),
                            _ => {}
                        }
                    }
                    url = url.join(&action)?;
                    form = Some(fields);
                    continue;
                }
            }
            let snippet: String = body.chars().take(2000).collect();
            bail!("the test IdP answered {status} at {url} (not a redirect or a form):\n{snippet}");
        }
        bail!("more than 20 steps without reaching the callback")
    }
}

async fn hit_callback(mut callback: Url, tamper_state: bool) -> anyhow::Result<String> {
    if tamper_state {
        let pairs: Vec<(String, String)> = callback
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let mut q = callback.query_pairs_mut();
        q.clear();
        let mut had_state = false;
        for (k, v) in pairs {
            if k == "state" {
                had_state = true;
                q.append_pair("state", &format!("tampered-{v}"));
            } else {
                q.append_pair(&k, &v);
            }
        }
        if !had_state {
            q.append_pair("state", "tampered");
        }
        drop(q);
    }
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()?;
    plain
        .get(callback.clone())
        .send()
        .await
        .with_context(|| format!("requesting the app's callback {callback}"))?;
    Ok(callback.to_string())
}

/// The first `<form>`'s action and its named inputs (with their values), from the
/// oidc-provider devInteractions pages.
fn parse_form(html: &str) -> Option<(String, Vec<(String, String)>)> {
    let start = html.find("<form")?;
    let end = html[start..]
        .find("</form>")
        .map_or(html.len(), |e| start + e);
    let form = &html[start..end];
    let action = attr(&form[..form.find('>')?], "action")?;
    let mut fields = Vec::new();
    let mut rest = form;
    while let Some(i) = rest.find("<input") {
        let tag_end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
        let tag = &rest[i..tag_end];
        if let Some(name) = attr(tag, "name") {
            fields.push((name, attr(tag, "value").unwrap_or_default()));
        }
        rest = &rest[tag_end..];
    }
    Some((unescape(&action), fields))
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    let j = tag[i..].find('"')?;
    Some(unescape(&tag[i..i + j]))
}

/// The first `prefix...` attribute value that contains `needle`.
fn find_attr(html: &str, prefix: &str, needle: &str) -> Option<String> {
    let mut rest = html;
    while let Some(i) = rest.find(prefix) {
        let v = &rest[i + prefix.len()..];
        let j = v.find('"')?;
        if v[..j].contains(needle) {
            return Some(unescape(&v[..j]));
        }
        rest = &v[j..];
    }
    None
}

fn unescape(s: &str) -> String {
    s.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

impl Drop for TestIdp {
    fn drop(&mut self) {
        // The child leads its own process group: end the whole group.
        if let Ok(pid) = i32::try_from(self.child.id()) {
            // SAFETY: kill(2) with a negative pid signals the process group we created.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn missing_node_modules_says_run_make_bootstrap() {
        let empty = tempfile::tempdir().unwrap();
        let err = TestIdp::start_in(empty.path(), IdpOptions::default())
            .await
            .err()
            .expect("no node_modules, no IdP")
            .to_string();
        assert!(err.contains("run `make bootstrap`"), "{err}");
    }

    #[test]
    fn parses_the_dev_interaction_form() {
        let html = r#"<form autocomplete="off" action="/interaction/abc/login" method="post">
  <input type="hidden" name="prompt" value="login"/>
  <input required type="text" name="login" placeholder="x" autofocus="on">
  <input required type="password" name="password" placeholder="y">
</form>"#;
        let (action, fields) = parse_form(html).unwrap();
        assert_eq!(action, "/interaction/abc/login");
        let names: Vec<_> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            names,
            [("prompt", "login"), ("login", ""), ("password", "")]
        );
    }
}
