//! End-to-end: the real app (`auth0-wizard-app`) in a real window, driven over
//! WebDriver (tauri-driver -> WebKitWebDriver). Needs a display, a D-Bus session
//! and an unlocked Secret Service: `make e2e` (tests/e2e/run.sh) provides them.
//! Every step leaves a screenshot in artifacts/e2e/<scenario>-<nn>-<step>.png.
//!
//! Env: AUTH0_WIZARD_APP_BIN (default <repo>/target/debug/auth0-wizard-app),
//!      AUTH0_WIZARD_TAURI_DRIVER (default tests/e2e/node_modules/.bin/tauri-driver),
//!      AUTH0_WIZARD_E2E_ARTIFACTS (default <repo>/artifacts/e2e).

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// The bound of every wait for a condition in the window.
const WAIT: Duration = Duration::from_secs(20);
/// Live checks against a loopback provider (or a port that refuses) end well within this.
const WAIT_CHECKS: Duration = Duration::from_secs(40);
const POLL: Duration = Duration::from_millis(50);

/// The selectors the UI documents (ui/src/**/*.svelte), in one place.
mod ui {
    pub const NEXT: &str = "[data-testid=next]";
    pub const PUBLIC_URL: &str = "#public-url";
    pub const DOMAIN: &str = "#domain";
    pub const CLIENT_ID: &str = "#client-id";
    pub const CLIENT_SECRET: &str = "#client-secret";
    pub const REQUIREMENTS: &str = "[data-testid=requirements]";
    pub const RUN_CHECKS: &str = "[data-testid=run-checks]";
    pub const LOGIN_TEST: &str = "[data-testid=login-test]";
    pub const CLAIMS: &str = "[data-testid=claims]";
    pub const EXPORT_PREVIEW: &str = "[data-testid=export-preview]";
    pub const SAVE_EXPORT: &str = "[data-testid=save-export]";
    pub const REMEMBER: &str = "[data-testid=remember-secret]";
    pub const PROFILE_NAME: &str = "[data-testid=profile-name]";
    pub const SAVE_PROFILE: &str = "[data-testid=save-profile]";
    pub const LOAD_PROFILE: &str = "[data-testid=load-profile]";
    pub const DELETE_PROFILE: &str = "[data-testid=delete-profile]";
    pub const CONFIRM_DELETE: &str = "[data-testid=confirm-delete]";
    pub const CANCEL_DELETE: &str = "[data-testid=cancel-delete]";
    pub const CANCEL_CHECKS: &str = "[data-testid=cancel-checks]";
    pub const CANCEL_LOGIN: &str = "[data-testid=cancel-login]";
    pub const LOGIN_WAITING: &str = "[data-testid=login-waiting]";

    /// The first step once the page is interactive: it is painted before, from
    /// static markup (index.html), and made interactive (hydrated) after.
    pub const READY: &str = "body[data-ready] [data-testid=step-1]";

    pub fn step(n: u32) -> String {
        format!("[data-testid=step-{n}]")
    }
    pub fn target(id: &str) -> String {
        format!("[data-testid=target-{id}]")
    }
    pub fn issue(field: &str) -> String {
        format!("[data-testid=issue-{field}]")
    }
    pub fn check(id: &str) -> String {
        format!("[data-testid=check-{id}]")
    }
    pub fn format(id: &str) -> String {
        format!("[data-testid=format-{id}]")
    }
    pub fn profile(name: &str) -> String {
        format!("[data-testid=profile-{name}]")
    }
}

// ---------------------------------------------------------------------------
// Plumbing: tauri-driver in its own process group, one WebDriver session.
// ---------------------------------------------------------------------------

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

fn app_bin() -> PathBuf {
    std::env::var_os("AUTH0_WIZARD_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/debug/auth0-wizard-app"))
}

fn artifacts_dir() -> PathBuf {
    std::env::var_os("AUTH0_WIZARD_E2E_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("artifacts/e2e"))
}

fn tauri_driver() -> PathBuf {
    std::env::var_os("AUTH0_WIZARD_TAURI_DRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("tests/e2e/node_modules/.bin/tauri-driver"))
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("bind a loopback port")
        .port()
}

/// tauri-driver and everything it starts (WebKitWebDriver, the app, WebKit's
/// processes) share one process group; dropping this kills the whole group with
/// SIGKILL, also when a test panics. WebKitWebDriver outlives tauri-driver otherwise.
struct DriverGroup {
    child: Child,
}

impl Drop for DriverGroup {
    fn drop(&mut self) {
        let pgid = self.child.id() as libc::pid_t;
        // SAFETY: kill(2) with a negative pid signals that process group; no memory involved.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
        let _ = self.child.wait();
    }
}

/// Polls `cond` until it returns `Some`, at most `bound`; the error names `what`.
async fn wait_for<T, F, Fut>(bound: Duration, what: &str, mut cond: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let deadline = Instant::now() + bound;
    let mut last_err = None;
    loop {
        match cond().await {
            Ok(Some(v)) => return Ok(v),
            Ok(None) => {}
            Err(e) => last_err = Some(e),
        }
        if Instant::now() >= deadline {
            return Err(match last_err {
                Some(e) => e.context(format!("timed out after {bound:?} waiting for {what}")),
                None => anyhow!("timed out after {bound:?} waiting for {what}"),
            });
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Per-scenario folders for the app: HOME, XDG config/data/cache (the app's data
/// dir and profiles live there). Kept across restarts of the app within a scenario.
struct AppHome {
    dir: tempfile::TempDir,
}

impl AppHome {
    fn new() -> Result<Self> {
        Ok(Self {
            dir: tempfile::Builder::new()
                .prefix("auth0-wizard-e2e-home")
                .tempdir()?,
        })
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn env(&self) -> Vec<(String, PathBuf)> {
        let h = self.path();
        vec![
            ("HOME".into(), h.to_path_buf()),
            ("XDG_CONFIG_HOME".into(), h.join(".config")),
            ("XDG_DATA_HOME".into(), h.join(".local/share")),
            ("XDG_CACHE_HOME".into(), h.join(".cache")),
        ]
    }
}

/// One run of the app under WebDriver.
struct App {
    client: Option<Client>,
    scenario: &'static str,
    step: u32,
    // Dropped last: kills the process group.
    _group: DriverGroup,
}

impl App {
    /// Starts tauri-driver on free ports with `env` for the app (the app
    /// inherits tauri-driver's environment through WebKitWebDriver), opens a
    /// session that launches the app, and waits for the first step to paint.
    async fn launch(scenario: &'static str, home: &AppHome, env: &[(&str, &str)]) -> Result<Self> {
        let bin = app_bin();
        if !bin.is_file() {
            bail!(
                "no app binary at {}: build it with `cargo build -p auth0-wizard-app`",
                bin.display()
            );
        }
        let bin = bin.canonicalize()?;
        let port = free_port();
        let native_port = loop {
            let p = free_port();
            if p != port {
                break p;
            }
        };
        let mut cmd = Command::new(tauri_driver());
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .stdin(Stdio::null())
        .process_group(0);
        for (k, v) in home.env() {
            std::fs::create_dir_all(&v).ok();
            cmd.env(k, v);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().with_context(|| {
            format!(
                "start {} (run `npm ci` in tests/e2e)",
                tauri_driver().display()
            )
        })?;
        let group = DriverGroup { child };

        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        wait_for(WAIT, "tauri-driver to listen", || async move {
            Ok(
                TcpStream::connect_timeout(&addr, Duration::from_millis(200))
                    .ok()
                    .map(|_| ()),
            )
        })
        .await?;

        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert("tauri:options".into(), json!({ "application": bin }));
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = tokio::time::timeout(
            WAIT,
            ClientBuilder::new(connector)
                .capabilities(caps)
                .connect(&format!("http://127.0.0.1:{port}")),
        )
        .await
        .map_err(|_| {
            anyhow!("timed out after {WAIT:?} opening a WebDriver session (launching the app)")
        })?
        .context("open a WebDriver session (launch the app)")?;
        let app = Self {
            client: Some(client),
            scenario,
            step: 0,
            _group: group,
        };
        app.visible(ui::READY)
            .await
            .context("the first step never appeared or never became interactive")?;
        Ok(app)
    }

    fn c(&self) -> &Client {
        self.client.as_ref().expect("session is open")
    }

    /// Saves a screenshot as <scenario>-<nn>-<step>.png.
    async fn shot(&mut self, step: &str) -> Result<()> {
        self.step += 1;
        // What the page changed last is painted two frames later.
        self.c()
            .execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));",
                vec![],
            )
            .await
            .context("wait for the page to paint")?;
        let png = self
            .c()
            .screenshot()
            .await
            .with_context(|| format!("screenshot {step}"))?;
        let dir = artifacts_dir();
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{}-{:02}-{step}.png", self.scenario, self.step));
        std::fs::write(&path, png).with_context(|| format!("write {}", path.display()))?;
        Ok(())
    }

    /// Scrolls `css` to the middle of the window (for the screenshot that follows).
    async fn scroll_to(&self, css: &str) -> Result<()> {
        let e = self.visible(css).await?;
        let arg = serde_json::to_value(&e)?;
        self.c()
            .execute_async(
                "const [el, done] = arguments; el.scrollIntoView({block: 'center'}); \
                 requestAnimationFrame(() => requestAnimationFrame(() => done()));",
                vec![arg],
            )
            .await
            .with_context(|| format!("scroll to {css}"))?;
        Ok(())
    }

    /// The element once it is in the page and displayed.
    async fn visible(&self, css: &str) -> Result<Element> {
        let c = self.c();
        wait_for(WAIT, &format!("{css} to be displayed"), || async move {
            match c.find(Locator::Css(css)).await {
                Ok(e) if e.is_displayed().await.unwrap_or(false) => Ok(Some(e)),
                _ => Ok(None),
            }
        })
        .await
    }

    async fn exists(&self, css: &str) -> Result<bool> {
        Ok(!self.c().find_all(Locator::Css(css)).await?.is_empty())
    }

    /// The element once it is displayed and enabled.
    async fn enabled(&self, css: &str) -> Result<Element> {
        let e = self.visible(css).await?;
        wait_for(WAIT, &format!("{css} to be enabled"), || {
            let e = e.clone();
            async move { Ok(e.is_enabled().await?.then_some(())) }
        })
        .await?;
        Ok(e)
    }

    /// Waits until `css` is displayed and enabled, then clicks it.
    async fn click(&self, css: &str) -> Result<()> {
        let e = self.enabled(css).await?;
        e.click().await.with_context(|| format!("click {css}"))
    }

    /// Replaces the value of the input `css` with `value`, as typed.
    async fn fill(&self, css: &str, value: &str) -> Result<()> {
        let e = self.visible(css).await?;
        e.clear().await.with_context(|| format!("clear {css}"))?;
        e.send_keys(value)
            .await
            .with_context(|| format!("type into {css}"))?;
        let got = e.prop("value").await?.unwrap_or_default();
        if got != value {
            bail!("{css} holds {got:?} after typing {value:?}");
        }
        Ok(())
    }

    async fn value(&self, css: &str) -> Result<String> {
        Ok(self
            .visible(css)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    /// Waits until the text of `css` satisfies `pred`, at most `bound`; returns the text.
    async fn text_where(
        &self,
        css: &str,
        bound: Duration,
        what: &str,
        pred: impl Fn(&str) -> bool,
    ) -> Result<String> {
        let c = self.c();
        let pred = &pred;
        let r = wait_for(bound, &format!("{css} {what}"), || async move {
            match c.find(Locator::Css(css)).await {
                Ok(e) => {
                    let t = e.text().await?;
                    Ok(pred(&t).then_some(t))
                }
                Err(_) => Ok(None),
            }
        })
        .await;
        match r {
            Ok(t) => Ok(t),
            Err(e) => {
                let now = match c.find(Locator::Css(css)).await {
                    Ok(el) => el.text().await.unwrap_or_default(),
                    Err(_) => "(not in the page)".into(),
                };
                Err(e.context(format!("{css} now reads: {now:?}")))
            }
        }
    }

    async fn text_contains(&self, css: &str, needle: &str) -> Result<String> {
        self.text_where(css, WAIT, &format!("to contain {needle:?}"), |t| {
            t.contains(needle)
        })
        .await
    }

    /// The value of `data-state` (or similar attribute) once it satisfies `pred`.
    async fn attr_where(
        &self,
        css: &str,
        attr: &str,
        bound: Duration,
        pred: impl Fn(&str) -> bool,
    ) -> Result<String> {
        let c = self.c();
        let pred = &pred;
        wait_for(bound, &format!("{css}[{attr}] to settle"), || async move {
            match c.find(Locator::Css(css)).await {
                Ok(e) => Ok(e.attr(attr).await?.filter(|v| pred(v))),
                Err(_) => Ok(None),
            }
        })
        .await
    }

    async fn body_text(&self) -> String {
        match self.c().find(Locator::Css("body")).await {
            Ok(b) => b.text().await.unwrap_or_default(),
            Err(e) => format!("(no body: {e})"),
        }
    }

    /// Ends the session (the app quits) and kills what is left of the group.
    async fn quit(mut self) {
        if let Some(c) = self.client.take() {
            let _ = tokio::time::timeout(Duration::from_secs(10), c.close()).await;
        }
    }
}

impl App {
    /// Ends a scenario: on failure leaves a screenshot and the window's text in
    /// the error; then the app quits either way.
    async fn finish(mut self, r: Result<()>) -> Result<()> {
        let r = match r {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = self.shot("failed").await;
                let text = self.body_text().await;
                Err(e.context(format!(
                    "scenario {} failed; the window shows:\n{text}",
                    self.scenario
                )))
            }
        };
        self.quit().await;
        r
    }
}

// ---------------------------------------------------------------------------
// Shared steps
// ---------------------------------------------------------------------------

const PUBLIC_URL: &str = "https://pachyderm.example.com";

/// Step 1 (target and public URL) for Pachyderm 2.x, then step 2 (what to
/// register in Auth0), then on to step 3 (credentials).
async fn target_and_requirements(app: &mut App) -> Result<()> {
    app.shot("start").await?;
    app.click(&ui::target("pachyderm")).await?;
    app.fill(ui::PUBLIC_URL, PUBLIC_URL).await?;
    app.shot("target").await?;
    app.click(ui::NEXT).await?;
    app.visible(&ui::step(2)).await?;
    // The checklist derives the callback from the public URL (Dex under /dex).
    app.text_contains(ui::REQUIREMENTS, &format!("{PUBLIC_URL}/dex/callback"))
        .await?;
    app.shot("requirements").await?;
    app.click(ui::NEXT).await?;
    app.visible(&ui::step(3)).await?;
    Ok(())
}

/// Copy puts the value on the system clipboard (the web view's Clipboard API):
/// from step 2, the callback URLs, pasted with Ctrl+V into step 3's domain
/// field (which `credentials` then overwrites). Starts and ends on step 3.
async fn copy_reaches_the_clipboard(app: &App) -> Result<()> {
    const COPY: &str = "[data-testid=copy-callbacks]";
    app.click("[data-testid=back]").await?;
    app.visible(&ui::step(2)).await?;
    let want = app
        .visible("[data-testid=req-callbacks] code.value")
        .await?
        .text()
        .await?;
    app.click(COPY).await?;
    app.text_contains(COPY, "Copied").await?;
    app.click(ui::NEXT).await?;
    app.visible(&ui::step(3)).await?;
    app.visible(ui::DOMAIN).await?.click().await?;
    app.press(PASTE).await?;
    let got = app.value(ui::DOMAIN).await?;
    if got != want {
        bail!("pasting after Copy gave {got:?}, not the callback URLs {want:?}");
    }
    Ok(())
}

async fn credentials(app: &mut App, domain: &str, id: &str, secret: &str) -> Result<()> {
    app.fill(ui::DOMAIN, domain).await?;
    app.fill(ui::CLIENT_ID, id).await?;
    app.fill(ui::CLIENT_SECRET, secret).await?;
    app.shot("credentials").await?;
    Ok(())
}

/// The `data-status` of a check once it is final (not running or pending).
async fn check_status(app: &App, id: &str) -> Result<String> {
    app.attr_where(&ui::check(id), "data-status", WAIT_CHECKS, |s| {
        !matches!(s, "" | "running" | "pending" | "idle")
    })
    .await
}

fn check_env(idp: &auth0_wizard_tests::TestIdp) -> Vec<(&'static str, String)> {
    vec![("AUTH0_WIZARD_CA_FILE", idp.ca_file.display().to_string())]
}

fn env_refs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

// ---------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------

/// a. The whole happy path against the real test OpenID provider.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display: run with make e2e"]
async fn happy_path() -> Result<()> {
    let idp = auth0_wizard_tests::TestIdp::start().await?;
    let home = AppHome::new()?;
    let save_path = home.path().join("export/pachyderm-auth0-values.yaml");
    std::fs::create_dir_all(save_path.parent().unwrap())?;
    let login_url_file = home.path().join("login-url.txt");
    let mut env = check_env(&idp);
    env.push((
        "AUTH0_WIZARD_E2E_SAVE_PATH",
        save_path.display().to_string(),
    ));
    env.push((
        "AUTH0_WIZARD_LOGIN_URL_FILE",
        login_url_file.display().to_string(),
    ));
    let mut app = App::launch("happy", &home, &env_refs(&env)).await?;
    let r = async {
        target_and_requirements(&mut app).await?;
        copy_reaches_the_clipboard(&app).await?;
        credentials(
            &mut app,
            &idp.domain,
            &idp.web_client.id,
            &idp.web_client.secret,
        )
        .await?;
        app.click(ui::NEXT).await?;
        app.visible(&ui::step(4)).await?;

        // Live checks: every one passes (the app audit is skipped: no Management API credentials).
        app.click(ui::RUN_CHECKS).await?;
        for id in [
            "reachability",
            "discovery",
            "issuer",
            "jwks",
            "client_secret",
        ] {
            let status = check_status(&app, id).await?;
            if status != "pass" {
                let text = app.visible(&ui::check(id)).await?.text().await?;
                bail!("check {id} ended {status}: {text}");
            }
        }
        app.shot("checks-passed").await?;

        // The login test: the app writes the authorize URL instead of opening a browser.
        app.click(ui::LOGIN_TEST).await?;
        let url = wait_for(WAIT, "the login test's authorize URL", || {
            let f = login_url_file.clone();
            async move {
                Ok(std::fs::read_to_string(f)
                    .ok()
                    .filter(|s| !s.trim().is_empty()))
            }
        })
        .await?;
        idp.play_user(url.trim())
            .await
            .context("play the user at the test provider")?;
        let status = app
            .attr_where(&ui::check("login"), "data-status", WAIT, |s| s != "running")
            .await?;
        if status != "pass" {
            let text = app.visible(&ui::check("login")).await?.text().await?;
            bail!("the login test ended {status}: {text}");
        }
        // The claims of the verified ID token: the test user, from this issuer.
        let claims = app
            .text_contains(ui::CLAIMS, "test.user@example.com")
            .await?;
        if !claims.contains(&idp.issuer) || !claims.contains("test-user") {
            bail!("the claims lack the issuer or the subject: {claims}");
        }
        // The run is over once its button is back.
        app.enabled(ui::LOGIN_TEST).await?;
        app.scroll_to(ui::CLAIMS).await?;
        app.shot("login-claims").await?;
        app.click(ui::NEXT).await?;
        app.visible(&ui::step(5)).await?;

        // Export: Helm values, saved without the dialog to AUTH0_WIZARD_E2E_SAVE_PATH.
        app.click(&ui::format("helm-values")).await?;
        let preview = app.text_contains(ui::EXPORT_PREVIEW, &idp.issuer).await?;
        if !preview.contains(&idp.web_client.id) {
            bail!("the Helm values preview lacks the client id:\n{preview}");
        }
        app.shot("export-preview").await?;
        app.click(ui::SAVE_EXPORT).await?;
        let saved = wait_for(WAIT, "the export file", || {
            let p = save_path.clone();
            async move { Ok(std::fs::read_to_string(p).ok().filter(|s| !s.is_empty())) }
        })
        .await?;
        if !saved.contains(&idp.issuer) || !idp.issuer.ends_with('/') {
            bail!(
                "the saved Helm values lack the issuer {} (with its trailing slash):\n{saved}",
                idp.issuer
            );
        }
        if !saved.contains(&idp.web_client.id) {
            bail!("the saved Helm values lack the client id");
        }
        let mode = std::fs::metadata(&save_path)?.permissions().mode() & 0o777;
        if mode != 0o600 {
            bail!("the saved export has mode {mode:o}, not 600");
        }
        app.shot("saved").await?;
        Ok(())
    }
    .await;
    app.finish(r).await
}

/// b. A wrong client secret: the Test step names the diagnosis and the fix.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display: run with make e2e"]
async fn wrong_secret() -> Result<()> {
    let idp = auth0_wizard_tests::TestIdp::start().await?;
    let home = AppHome::new()?;
    let env = check_env(&idp);
    let mut app = App::launch("wrong-secret", &home, &env_refs(&env)).await?;
    let r = async {
        target_and_requirements(&mut app).await?;
        let wrong = format!(
            "{}x",
            &idp.web_client.secret[..idp.web_client.secret.len() - 1]
        );
        credentials(&mut app, &idp.domain, &idp.web_client.id, &wrong).await?;
        app.click(ui::NEXT).await?;
        app.visible(&ui::step(4)).await?;
        app.click(ui::RUN_CHECKS).await?;
        // Discovery works: the failure is the secret's alone.
        let status = check_status(&app, "discovery").await?;
        if status != "pass" {
            bail!("discovery ended {status}");
        }
        let status = check_status(&app, "client_secret").await?;
        if status != "fail" {
            bail!("the client-secret check ended {status}, not fail");
        }
        let e = app.visible(&ui::check("client_secret")).await?;
        let diagnosis = e.attr("data-diagnosis").await?.unwrap_or_default();
        let text = e.text().await?;
        if diagnosis != "secret_rejected" {
            bail!(
                "the client-secret check's diagnosis is {diagnosis:?}, not secret_rejected: {text}"
            );
        }
        // The fix tells where to copy the secret from.
        if !text.to_lowercase().contains("client secret") {
            bail!("the client-secret check shows no fix naming the client secret: {text}");
        }
        if text.contains(&wrong) {
            bail!("the window shows the secret");
        }
        app.shot("secret-rejected").await?;
        Ok(())
    }
    .await;
    app.finish(r).await
}

/// Runs the checks against `domain` (with made-up credentials) and waits until
/// the reachability check fails with `diagnosis`, naming the host.
async fn reachability_fails(app: &mut App, domain: &str, diagnosis: &str) -> Result<()> {
    target_and_requirements(app).await?;
    credentials(
        app,
        domain,
        "abcdefghijklmnopqrstuvwxyz012345",
        "not-a-real-secret",
    )
    .await?;
    app.click(ui::NEXT).await?;
    app.visible(&ui::step(4)).await?;
    app.click(ui::RUN_CHECKS).await?;
    let status = check_status(app, "reachability").await?;
    if status != "fail" {
        bail!("reachability ended {status}, not fail");
    }
    let got = app
        .visible(&ui::check("reachability"))
        .await?
        .attr("data-diagnosis")
        .await?
        .unwrap_or_default();
    if got != diagnosis {
        bail!("reachability's diagnosis is {got:?}, not {diagnosis}");
    }
    app.text_contains(&ui::check("reachability"), domain)
        .await?;
    // What depends on discovery does not claim success.
    let status = check_status(app, "jwks").await?;
    if status == "pass" {
        bail!("the JWKS check passed without a reachable domain");
    }
    Ok(())
}

/// c. A domain where nothing listens: the checks fail, naming the host.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display: run with make e2e"]
async fn unreachable_domain() -> Result<()> {
    let home = AppHome::new()?;
    // A port that was free a moment ago: connecting is refused.
    let domain = format!("127.0.0.1:{}", free_port());
    let mut app = App::launch("unreachable", &home, &[]).await?;
    let r = async {
        reachability_fails(&mut app, &domain, "connection_refused").await?;
        app.shot("unreachable").await?;
        Ok(())
    }
    .await;
    app.finish(r).await
}

/// c'. A domain that accepts connections and never answers (a hung IdP): the
/// checks time out within the request timeout, with a message naming the host.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display: run with make e2e"]
async fn hung_domain_times_out() -> Result<()> {
    let home = AppHome::new()?;
    // Accepts every connection and never writes a byte (not even a TLS handshake).
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    let domain = format!("127.0.0.1:{}", listener.local_addr()?.port());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming().flatten() {
            held.push(conn);
        }
    });
    let mut app = App::launch("hung", &home, &[]).await?;
    let r = async {
        reachability_fails(&mut app, &domain, "timeout").await?;
        app.text_contains(&ui::check("reachability"), "did not answer within")
            .await?;
        app.shot("timed-out").await?;
        Ok(())
    }
    .await;
    app.finish(r).await
}

/// The `data-status` and `data-diagnosis` of check `id` once it is final.
async fn check_outcome(app: &App, id: &str) -> Result<(String, String)> {
    let status = check_status(app, id).await?;
    let diagnosis = app
        .visible(&ui::check(id))
        .await?
        .attr("data-diagnosis")
        .await?
        .unwrap_or_default();
    Ok((status, diagnosis))
}

/// Waits (at most WAIT) for the provider to hold a request; `what` names it.
async fn held(h: &auth0_wizard_tests::Held, n: usize, what: &str) -> Result<()> {
    tokio::time::timeout(WAIT, h.arrived(n))
        .await
        .map_err(|_| anyhow!("the app never asked for {what}"))
}

/// f. Cancel, against a provider that holds its JWKS and token answers: the
/// rows show each result as it comes (discovery passed, the JWKS still
/// checking), Cancel ends the held checks as cancelled; then the login test,
/// cancelled while it waits for the browser.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display: run with make e2e"]
async fn cancel_checks_and_login() -> Result<()> {
    use auth0_wizard_tests::{Fault, FaultServer};
    let fs = FaultServer::start(Fault::Ok).await?;
    let home = AppHome::new()?;
    let login_url_file = home.path().join("login-url.txt");
    let env = [
        ("AUTH0_WIZARD_CA_FILE", fs.ca_file.display().to_string()),
        (
            "AUTH0_WIZARD_LOGIN_URL_FILE",
            login_url_file.display().to_string(),
        ),
    ];
    let mut app = App::launch("cancel", &home, &env_refs(&env)).await?;
    let r = async {
        target_and_requirements(&mut app).await?;
        credentials(
            &mut app,
            &fs.domain,
            &fs.m2m_client.id,
            &fs.m2m_client.secret,
        )
        .await?;
        app.click(ui::NEXT).await?;
        app.visible(&ui::step(4)).await?;

        let jwks = fs.hold("/.well-known/jwks.json");
        let token = fs.hold("/oauth/token");
        app.click(ui::RUN_CHECKS).await?;
        let status = check_status(&app, "discovery").await?;
        if status != "pass" {
            bail!("discovery ended {status}");
        }
        held(&jwks, 1, "the JWKS").await?;
        held(&token, 1, "a token (the client-secret check)").await?;
        for id in ["jwks", "client_secret"] {
            let row = app.visible(&ui::check(id)).await?;
            let status = row.attr("data-status").await?.unwrap_or_default();
            if status != "running" {
                bail!("{id} shows {status:?} while its request is held, not running");
            }
        }
        app.shot("checks-held").await?;
        app.click(ui::CANCEL_CHECKS).await?;
        for id in ["jwks", "client_secret"] {
            let got = check_outcome(&app, id).await?;
            if got != ("skipped".into(), "cancelled".into()) {
                let text = app.visible(&ui::check(id)).await?.text().await?;
                bail!("{id} ended {got:?} after Cancel, not skipped/cancelled: {text}");
            }
        }
        // The run is over; nothing was answered: Cancel alone ended it.
        app.enabled(ui::RUN_CHECKS).await?;
        if app.exists(ui::CANCEL_CHECKS).await? {
            bail!("Cancel is still shown after the run ended");
        }
        if (jwks.count(), token.count()) != (1, 1) {
            bail!(
                "held requests: jwks {}, token {}",
                jwks.count(),
                token.count()
            );
        }
        app.shot("checks-cancelled").await?;
        jwks.release();
        token.release();

        // The login test waits for the browser (the URL goes to a file); Cancel ends it.
        // (Centred first: scrolled only into view, the button is under the footer bar.)
        app.scroll_to(ui::LOGIN_TEST).await?;
        app.click(ui::LOGIN_TEST).await?;
        wait_for(WAIT, "the login test's authorize URL", || {
            let f = login_url_file.clone();
            async move {
                Ok(std::fs::read_to_string(f)
                    .ok()
                    .filter(|s| !s.trim().is_empty()))
            }
        })
        .await?;
        app.visible(ui::LOGIN_WAITING).await?;
        app.shot("login-waiting").await?;
        app.click(ui::CANCEL_LOGIN).await?;
        let got = check_outcome(&app, "login").await?;
        if got != ("skipped".into(), "cancelled".into()) {
            let text = app.visible(&ui::check("login")).await?.text().await?;
            bail!("the login test ended {got:?} after Cancel, not skipped/cancelled: {text}");
        }
        app.enabled(ui::LOGIN_TEST).await?;
        if app.exists(ui::LOGIN_WAITING).await? {
            bail!("the window still says it waits for the browser");
        }
        app.shot("login-cancelled").await?;
        Ok(())
    }
    .await;
    app.finish(r).await
}

/// g. The window enforces tauri.conf.json's CSP (tests/tests/app_security.rs
/// reads the policy; this shows WebKit applies it): `eval`, an inline script
/// and an image from elsewhere are refused, the last two reported as violations.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display: run with make e2e"]
async fn the_window_enforces_its_csp() -> Result<()> {
    let home = AppHome::new()?;
    let app = App::launch("csp", &home, &[]).await?;
    let r = async {
        // Reports once both violations are in (or after 5 s, as a bound: then they are missing).
        let got = app
            .c()
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 let evalRan;
                 try { evalRan = eval('1') === 1; } catch (e) { evalRan = false; }
                 const seen = new Set();
                 const report = () => done({
                   eval: evalRan, inline: window.__cspProbe === true, seen: [...seen].sort(),
                 });
                 document.addEventListener('securitypolicyviolation', (e) => {
                   seen.add(e.effectiveDirective);
                   if (seen.has('img-src') && seen.has('script-src-elem')) report();
                 });
                 const s = document.createElement('script');
                 s.textContent = 'window.__cspProbe = true';
                 document.body.appendChild(s);
                 const img = document.createElement('img');
                 img.src = 'https://csp-probe.invalid/x.png';
                 document.body.appendChild(img);
                 setTimeout(report, 5000);",
                vec![],
            )
            .await?;
        if got["eval"] != json!(false) || got["inline"] != json!(false) {
            bail!("eval or an inline script ran: {got}");
        }
        let seen = got["seen"].as_array().cloned().unwrap_or_default();
        for directive in ["img-src", "script-src-elem"] {
            if !seen.contains(&json!(directive)) {
                bail!("no {directive} violation was reported: {got}");
            }
        }
        Ok(())
    }
    .await;
    app.finish(r).await
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
/// Control+V, then Control released (the NULL key).
const PASTE: &str = "\u{E009}v\u{E000}";
const ARROW_RIGHT: &str = "\u{E014}";
const ARROW_LEFT: &str = "\u{E012}";

impl App {
    /// What has the keyboard focus: its id, else the data-testid of it or of
    /// its nearest ancestor that has one, else its tag.
    async fn focused(&self) -> Result<String> {
        let v = self
            .c()
            .execute(
                "const e = document.activeElement; if (!e) return ''; \
                 const t = e.closest('[data-testid]'); \
                 return e.id || (t && t.getAttribute('data-testid')) || e.tagName;",
                vec![],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Sends keys to whatever has the focus.
    async fn press(&self, keys: &str) -> Result<()> {
        let e = self.c().active_element().await?;
        e.send_keys(keys).await.context("send keys")
    }

    /// Presses Tab until `want` (see `focused`) has the focus.
    async fn tab_to(&self, want: &str) -> Result<()> {
        let mut seen = Vec::new();
        for _ in 0..40 {
            let now = self.focused().await?;
            if now == want {
                return Ok(());
            }
            seen.push(now);
            self.press(TAB).await?;
        }
        bail!("Tab never reached {want}; it went through {seen:?}")
    }
}

/// e. The first steps by keyboard alone, in the smallest window the app allows
/// (900x650): every control reachable with Tab, the target chosen with the
/// arrow keys, Next pressed with Enter, the focus on the new step's heading.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display: run with make e2e"]
async fn keyboard_in_the_smallest_window() -> Result<()> {
    let home = AppHome::new()?;
    let mut app = App::launch("keyboard", &home, &[]).await?;
    let r = async {
        app.c().set_window_size(900, 650).await?;
        // The resize reaches the page asynchronously: wait for the viewport to follow.
        let c = app.c().clone();
        wait_for(Duration::from_secs(10), "a 900x650 viewport", || {
            let c = c.clone();
            async move {
                let inner = c
                    .execute("return [window.innerWidth, window.innerHeight];", vec![])
                    .await?;
                let (w, h) = (inner[0].as_f64().unwrap_or(0.0), inner[1].as_f64().unwrap_or(0.0));
                Ok((w <= 900.0 && h <= 650.0 && w >= 600.0).then_some(()))
            }
        })
        .await?;
        app.tab_to("target-pachyderm").await?;
        app.press(ARROW_RIGHT).await?;
        app.visible("[data-testid=target-pachyderm-1x].selected")
            .await
            .context("the right arrow did not choose the next target")?;
        app.press(ARROW_LEFT).await?;
        app.visible("[data-testid=target-pachyderm].selected").await?;
        app.tab_to("public-url").await?;
        app.press(PUBLIC_URL).await?;
        app.tab_to("next").await?;
        // Next is inside the viewport, not cut off, at the smallest size.
        let fits = app
            .c()
            .execute(
                "const r = document.querySelector('[data-testid=next]').getBoundingClientRect(); \
                 return r.bottom <= window.innerHeight && r.right <= window.innerWidth && r.top >= 0;",
                vec![],
            )
            .await?;
        if fits != json!(true) {
            bail!("the Next button is outside the 900x650 window");
        }
        app.shot("smallest-window").await?;
        app.press(ENTER).await?;
        app.visible(&ui::step(2)).await?;
        wait_for(WAIT, "the focus on the step's heading", || async {
            Ok((app.focused().await? == "step-heading").then_some(()))
        })
        .await?;
        app.shot("step-2-by-keyboard").await?;
        Ok(())
    }
    .await;
    app.finish(r).await
}

/// d. A validation error shows at its field, with the fix.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display: run with make e2e"]
async fn field_validation() -> Result<()> {
    let home = AppHome::new()?;
    let mut app = App::launch("validation", &home, &[]).await?;
    let r = async {
        target_and_requirements(&mut app).await?;
        app.fill(ui::DOMAIN, "https://x.auth0.com/foo").await?;
        // validate.rs: domain.path, "... (/foo) ...", fix "Remove /foo: enter only x.auth0.com."
        let text = app.text_contains(&ui::issue("domain"), "/foo").await?;
        if !text.contains("x.auth0.com") {
            bail!("the domain issue does not give the fix (enter only x.auth0.com): {text}");
        }
        if !app
            .exists(&format!(
                "{} [data-code='domain.path']",
                ui::issue("domain")
            ))
            .await?
        {
            bail!("the domain issue is not domain.path");
        }
        // An error at a field holds the wizard on this step.
        if app.visible(ui::NEXT).await?.is_enabled().await? {
            bail!("Next is enabled with an invalid domain");
        }
        app.shot("domain-error").await?;
        // Fixing the value clears the message (the issue element may go entirely).
        app.fill(ui::DOMAIN, "x.auth0.com").await?;
        let c = app.c();
        wait_for(WAIT, "the /foo error to go", || async move {
            for e in c.find_all(Locator::Css(&ui::issue("domain"))).await? {
                if e.text().await?.contains("/foo") {
                    return Ok(None);
                }
            }
            Ok(Some(()))
        })
        .await?;
        app.shot("domain-fixed").await?;
        Ok(())
    }
    .await;
    app.finish(r).await
}

/// Items in the Secret Service (the keyring) with these attributes.
fn keyring_items(attrs: &[(&str, &str)]) -> Result<usize> {
    let dict: Vec<String> = attrs.iter().map(|(k, v)| format!("'{k}': '{v}'")).collect();
    let out = Command::new("gdbus")
        .args([
            "call",
            "--session",
            "--dest",
            "org.freedesktop.secrets",
            "--object-path",
            "/org/freedesktop/secrets",
        ])
        .args([
            "--method",
            "org.freedesktop.Secret.Service.SearchItems",
            &format!("{{{}}}", dict.join(", ")),
        ])
        .output()
        .context("run gdbus")?;
    if !out.status.success() {
        bail!(
            "gdbus SearchItems failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // "([objectpath '/org/.../1'], @ao [])": count object paths.
    Ok(String::from_utf8_lossy(&out.stdout)
        .matches("/org/freedesktop/secrets/collection/")
        .count())
}

/// e. The keyring round trip: remember the secret, restart, load, delete.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display: run with make e2e"]
async fn keyring_round_trip() -> Result<()> {
    const PROFILE: &str = "e2e-keyring";
    const DOMAIN: &str = "dev-e2e.us.auth0.com";
    const ID: &str = "abcdefghijklmnopqrstuvwxyz012345";
    // Auth0-like: 64 letters and digits, different every run.
    let secret = format!(
        "{:0>64}",
        format!("e2e{}x{}", std::process::id(), free_port())
    );
    let entry = [
        ("service", "auth0-wizard"),
        ("username", "e2e-keyring/clientSecret"),
    ];
    if keyring_items(&entry)? != 0 {
        bail!("the keyring already holds {entry:?}");
    }
    let home = AppHome::new()?;

    // First session: fill in, tick "Remember in the system keyring", save the profile.
    let mut app = App::launch("keyring", &home, &[]).await?;
    let r = async {
        target_and_requirements(&mut app).await?;
        credentials(&mut app, DOMAIN, ID, &secret).await?;
        app.click(ui::REMEMBER).await?;
        app.fill(ui::PROFILE_NAME, PROFILE).await?;
        app.click(ui::SAVE_PROFILE).await?;
        wait_for(WAIT, "the secret in the keyring", || async {
            Ok((keyring_items(&entry)? == 1).then_some(()))
        })
        .await?;
        app.shot("saved-profile").await?;
        Ok(())
    }
    .await;
    app.finish(r).await?;

    // No profile file holds the secret.
    for f in walk(home.path()) {
        if std::fs::read(&f)
            .map(|b| b.windows(secret.len()).any(|w| w == secret.as_bytes()))
            .unwrap_or(false)
        {
            bail!("{} holds the secret", f.display());
        }
    }

    // Second session: load the profile; the secret comes back from the keyring.
    let mut app = App::launch("keyring", &home, &[]).await?;
    app.step = 10;
    let r = async {
        app.click(&ui::profile(PROFILE)).await?;
        app.click(ui::LOAD_PROFILE).await?;
        let url = app.value(ui::PUBLIC_URL).await;
        app.shot("loaded-profile").await?;
        // The secret field may be on a later step: go there.
        while !app.exists(ui::CLIENT_SECRET).await? {
            app.click(ui::NEXT).await?;
        }
        let (c, want) = (app.c(), secret.as_str());
        wait_for(
            WAIT,
            "the secret to be filled from the keyring",
            || async move {
                let e = c.find(Locator::Css(ui::CLIENT_SECRET)).await?;
                Ok((e.prop("value").await?.as_deref() == Some(want)).then_some(()))
            },
        )
        .await?;
        if app.value(ui::DOMAIN).await? != DOMAIN {
            bail!("the domain was not loaded from the profile (public URL: {url:?})");
        }
        app.shot("secret-from-keyring").await?;
        // Delete asks first: cancelling keeps the profile and its keyring entry.
        app.click(ui::DELETE_PROFILE).await?;
        app.click(ui::CANCEL_DELETE).await?;
        app.visible(ui::DELETE_PROFILE).await?;
        if keyring_items(&entry)? != 1 {
            bail!("cancelling the deletion removed the keyring entry");
        }
        app.click(ui::DELETE_PROFILE).await?;
        app.visible(ui::CONFIRM_DELETE).await?;
        app.shot("confirm-delete").await?;
        app.click(ui::CONFIRM_DELETE).await?;
        wait_for(WAIT, "the keyring entry to go", || async {
            Ok((keyring_items(&entry)? == 0).then_some(()))
        })
        .await?;
        app.shot("deleted-profile").await?;
        Ok(())
    }
    .await;
    app.finish(r).await
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
