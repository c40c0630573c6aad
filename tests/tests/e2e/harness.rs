//! The end-to-end harness: the app in a real window over WebDriver, its
//! home, the selectors the UI documents, waits, keys and screenshots. The
//! scenarios are in e2e.rs and its modules.
#![allow(dead_code)]

pub use std::future::Future;
pub use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
pub use std::os::unix::fs::PermissionsExt;
pub use std::os::unix::process::CommandExt;
pub use std::path::{Path, PathBuf};
pub use std::process::{Child, Command, Stdio};
pub use std::time::{Duration, Instant};

pub use anyhow::{anyhow, bail, Context, Result};
pub use fantoccini::elements::Element;
pub use fantoccini::{Client, ClientBuilder, Locator};
pub use serde_json::json;

/// The bound of every wait for a condition in the window.
pub const WAIT: Duration = Duration::from_secs(20);
/// Live checks against a loopback provider (or a port that refuses) end well within this.
pub const WAIT_CHECKS: Duration = Duration::from_secs(40);
pub const POLL: Duration = Duration::from_millis(50);

/// The selectors the UI documents (ui/src/**/*.svelte), in one place.
pub mod ui {
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

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

pub fn app_bin() -> PathBuf {
    std::env::var_os("AUTH0_WIZARD_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/debug/auth0-wizard-app"))
}

pub fn artifacts_dir() -> PathBuf {
    std::env::var_os("AUTH0_WIZARD_E2E_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("artifacts/e2e"))
}

pub fn tauri_driver() -> PathBuf {
    std::env::var_os("AUTH0_WIZARD_TAURI_DRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("tests/e2e/node_modules/.bin/tauri-driver"))
}

pub fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("bind a loopback port")
        .port()
}

/// tauri-driver and everything it starts (WebKitWebDriver, the app, WebKit's
/// processes) share one process group; dropping this kills the whole group with
/// SIGKILL, also when a test panics. WebKitWebDriver outlives tauri-driver otherwise.
pub struct DriverGroup {
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
pub async fn wait_for<T, F, Fut>(bound: Duration, what: &str, mut cond: F) -> Result<T>
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
pub struct AppHome {
    dir: tempfile::TempDir,
}

impl AppHome {
    pub fn new() -> Result<Self> {
        Ok(Self {
            dir: tempfile::Builder::new()
                .prefix("auth0-wizard-e2e-home")
                .tempdir()?,
        })
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn env(&self) -> Vec<(String, PathBuf)> {
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
pub struct App {
    client: Option<Client>,
    pub scenario: &'static str,
    /// The number of the next screenshot (a scenario may skip ahead).
    pub step: u32,
    // Dropped last: kills the process group.
    _group: DriverGroup,
}

impl App {
    /// Starts tauri-driver on free ports with `env` for the app (the app
    /// inherits tauri-driver's environment through WebKitWebDriver), opens a
    /// session that launches the app, and waits for the first step to paint.
    pub async fn launch(
        scenario: &'static str,
        home: &AppHome,
        env: &[(&str, &str)],
    ) -> Result<Self> {
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

    pub fn c(&self) -> &Client {
        self.client.as_ref().expect("session is open")
    }

    /// Saves a screenshot as <scenario>-<nn>-<step>.png.
    pub async fn shot(&mut self, step: &str) -> Result<()> {
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
    pub async fn scroll_to(&self, css: &str) -> Result<()> {
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
    pub async fn visible(&self, css: &str) -> Result<Element> {
        let c = self.c();
        wait_for(WAIT, &format!("{css} to be displayed"), || async move {
            match c.find(Locator::Css(css)).await {
                Ok(e) if e.is_displayed().await.unwrap_or(false) => Ok(Some(e)),
                _ => Ok(None),
            }
        })
        .await
    }

    pub async fn exists(&self, css: &str) -> Result<bool> {
        Ok(!self.c().find_all(Locator::Css(css)).await?.is_empty())
    }

    /// The element once it is displayed and enabled.
    pub async fn enabled(&self, css: &str) -> Result<Element> {
        let e = self.visible(css).await?;
        wait_for(WAIT, &format!("{css} to be enabled"), || {
            let e = e.clone();
            async move { Ok(e.is_enabled().await?.then_some(())) }
        })
        .await?;
        Ok(e)
    }

    /// Waits until `css` is displayed and enabled, then clicks it.
    pub async fn click(&self, css: &str) -> Result<()> {
        let e = self.enabled(css).await?;
        e.click().await.with_context(|| format!("click {css}"))
    }

    /// Ticks the checkbox `css` (a click, once more if the click did not take:
    /// a page still settling after scrolling it into view), and makes sure it is ticked.
    pub async fn tick(&self, css: &str) -> Result<()> {
        for _ in 0..3 {
            if self.visible(css).await?.prop("checked").await?.as_deref() == Some("true") {
                return Ok(());
            }
            self.click(css).await?;
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        bail!("{css} is not ticked after clicking it")
    }

    /// Replaces the value of the input `css` with `value`, as typed.
    pub async fn fill(&self, css: &str, value: &str) -> Result<()> {
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

    pub async fn value(&self, css: &str) -> Result<String> {
        Ok(self
            .visible(css)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    /// Waits until the text of `css` satisfies `pred`, at most `bound`; returns the text.
    pub async fn text_where(
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

    pub async fn text_contains(&self, css: &str, needle: &str) -> Result<String> {
        self.text_where(css, WAIT, &format!("to contain {needle:?}"), |t| {
            t.contains(needle)
        })
        .await
    }

    /// The value of `data-state` (or similar attribute) once it satisfies `pred`.
    pub async fn attr_where(
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

    pub async fn body_text(&self) -> String {
        match self.c().find(Locator::Css("body")).await {
            Ok(b) => b.text().await.unwrap_or_default(),
            Err(e) => format!("(no body: {e})"),
        }
    }

    /// Ends the session (the app quits) and kills what is left of the group.
    pub async fn quit(mut self) {
        if let Some(c) = self.client.take() {
            let _ = tokio::time::timeout(Duration::from_secs(10), c.close()).await;
        }
    }
}

impl App {
    /// Ends a scenario: on failure leaves a screenshot and the window's text in
    /// the error; then the app quits either way.
    pub async fn finish(mut self, r: Result<()>) -> Result<()> {
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

pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";
/// Control+V, then Control released (the NULL key).
pub const PASTE: &str = "\u{E009}v\u{E000}";
pub const ARROW_RIGHT: &str = "\u{E014}";
pub const ARROW_LEFT: &str = "\u{E012}";

impl App {
    /// What has the keyboard focus: its id, else the data-testid of it or of
    /// its nearest ancestor that has one, else its tag.
    pub async fn focused(&self) -> Result<String> {
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
    pub async fn press(&self, keys: &str) -> Result<()> {
        let e = self.c().active_element().await?;
        e.send_keys(keys).await.context("send keys")
    }

    /// Presses Tab until `want` (see `focused`) has the focus.
    pub async fn tab_to(&self, want: &str) -> Result<()> {
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

// ---------------------------------------------------------------------------
// The keyboard as a person uses it: WebDriver key actions (down, up) on
// whatever has the focus, and where the focus is after each.
// ---------------------------------------------------------------------------

pub mod key {
    pub const TAB: char = '\u{E004}';
    pub const ENTER: char = '\u{E007}';
    pub const SHIFT: char = '\u{E008}';
    pub const CONTROL: char = '\u{E009}';
    pub const ESCAPE: char = '\u{E00C}';
    pub const SPACE: char = '\u{E00D}';
    pub const PAGE_DOWN: char = '\u{E00F}';
    pub const END: char = '\u{E010}';
    pub const ARROW_LEFT: char = '\u{E012}';
    pub const ARROW_UP: char = '\u{E013}';
    pub const ARROW_RIGHT: char = '\u{E014}';
    pub const ARROW_DOWN: char = '\u{E015}';
    pub const BACKSPACE: char = '\u{E003}';
}

/// What has the focus, as `App::focused` names it, when the page itself has it.
pub const PAGE: &str = "BODY";

impl App {
    async fn key_actions(&self, keys: &[(char, bool)]) -> Result<()> {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut a = KeyActions::new("keyboard".into());
        for &(value, down) in keys {
            a = a.then(if down {
                KeyAction::Down { value }
            } else {
                KeyAction::Up { value }
            });
        }
        self.c()
            .perform_actions(a)
            .await
            .context("perform key actions")
    }

    /// Presses `key` (with `modifier` held, if any) and returns what has the
    /// focus then; fails if that is the page (the focus was dropped).
    pub async fn key_with(&self, modifier: Option<char>, key: char) -> Result<String> {
        let mut seq = Vec::new();
        if let Some(m) = modifier {
            seq.push((m, true));
        }
        seq.extend([(key, true), (key, false)]);
        if let Some(m) = modifier {
            seq.push((m, false));
        }
        self.key_actions(&seq).await?;
        let now = self.focused().await?;
        if now == PAGE || now.is_empty() {
            bail!("the focus went to the page after the key {key:?}");
        }
        Ok(now)
    }

    /// Presses `key` alone (see `key_with`).
    pub async fn key(&self, key: char) -> Result<String> {
        self.key_with(None, key).await
    }

    /// Types `text` key by key into whatever has the focus.
    pub async fn type_keys(&self, text: &str) -> Result<()> {
        let seq: Vec<(char, bool)> = text.chars().flat_map(|c| [(c, true), (c, false)]).collect();
        self.key_actions(&seq).await
    }

    /// Presses `key` (with `modifier`) until `want` has the focus, failing if
    /// the focus ever goes to the page or `want` is not reached in 60 presses.
    pub async fn key_until(&self, modifier: Option<char>, key: char, want: &str) -> Result<()> {
        let mut seen = vec![self.focused().await?];
        for _ in 0..60 {
            if seen.last().map(String::as_str) == Some(want) {
                return Ok(());
            }
            seen.push(
                self.key_with(modifier, key)
                    .await
                    .with_context(|| format!("on the way to {want}, through {seen:?}"))?,
            );
        }
        bail!("{key:?} never reached {want}; it went through {seen:?}")
    }

    /// Tab until `want` has the focus (see `key_until`).
    pub async fn tab_until(&self, want: &str) -> Result<()> {
        self.key_until(None, key::TAB, want).await
    }

    /// Shift+Tab until `want` has the focus (see `key_until`).
    pub async fn back_until(&self, want: &str) -> Result<()> {
        self.key_until(Some(key::SHIFT), key::TAB, want).await
    }

    /// Starts watching the focus in the page: from now on, every moment it
    /// sits on the page or on a disabled control is recorded (`focus_drops`).
    pub async fn watch_focus(&self) -> Result<()> {
        self.c()
            .execute(
                "if (window.__focusWatch) return;
                 const name = (t) => t ? (t.id || (t.closest && t.closest('[data-testid]') && t.closest('[data-testid]').getAttribute('data-testid')) || t.tagName) : '';
                 const w = window.__focusWatch = { drops: [], last: name(document.activeElement) };
                 document.addEventListener('focusin', (e) => { w.last = name(e.target); }, true);
                 setInterval(() => {
                   const a = document.activeElement;
                   let why = '';
                   if (!a || a === document.body || a === document.documentElement) why = 'to the page after ' + w.last;
                   else if (a.disabled === true) why = 'on the disabled ' + name(a);
                   if (why && w.drops[w.drops.length - 1] !== why) w.drops.push(why);
                 }, 5);",
                vec![],
            )
            .await
            .context("watch the focus")?;
        Ok(())
    }

    /// What `watch_focus` saw: empty when the focus was never dropped.
    pub async fn focus_drops(&self) -> Result<Vec<String>> {
        let v = self
            .c()
            .execute(
                "return window.__focusWatch ? window.__focusWatch.drops : ['not watched'];",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(v)?)
    }

    /// Fails if `watch_focus` saw the focus dropped; `when` says where in the scenario.
    pub async fn focus_kept(&self, when: &str) -> Result<()> {
        let drops = self.focus_drops().await?;
        if !drops.is_empty() {
            bail!("the focus was dropped {when}: {drops:?}");
        }
        Ok(())
    }

    /// The computed outline of `css` ("solid 2px rgb(...)"), failing unless
    /// one is drawn: the visible focus ring.
    pub async fn focus_ring(&self, css: &str) -> Result<String> {
        let v = self
            .c()
            .execute(
                "const e = document.querySelector(arguments[0]); if (!e) return null;
                 const s = getComputedStyle(e);
                 return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow];",
                vec![json!(css)],
            )
            .await?;
        let parts: Option<Vec<String>> = serde_json::from_value(v)?;
        let Some(p) = parts else {
            bail!("{css} is not in the page");
        };
        let width: f64 = p[1].trim_end_matches("px").parse().unwrap_or(0.0);
        if p[0] == "none" || width < 1.0 {
            bail!(
                "{css} shows no focus ring: outline {} {}, box-shadow {}",
                p[0],
                p[1],
                p[3]
            );
        }
        Ok(format!("{} {} {}", p[0], p[1], p[2]))
    }
}

/// `secret` with its last character changed (always to another one: a
/// random secret may end with the character put in).
pub fn altered_secret(secret: &str) -> String {
    let mut chars: Vec<char> = secret.chars().collect();
    let last = chars.pop().unwrap_or('x');
    chars.push(if last == 'x' { 'y' } else { 'x' });
    chars.into_iter().collect()
}

/// Items in the Secret Service (the keyring) with these attributes.
pub fn keyring_items(attrs: &[(&str, &str)]) -> Result<usize> {
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
