//! End to end, troubleshooting an existing setup (issue 9, sections 6 and 7):
//! a broken Pachyderm values file opened through the window (the open
//! dialog answered by AUTH0_WIZARD_E2E_OPEN_PATH), its findings at their
//! places, a pasted error explained, the values carried into the wizard and
//! checked against the test provider, the running system probed, the
//! corrected file (only the owned values change) and the report (no secret)
//! saved (AUTH0_WIZARD_E2E_SAVE_PATH).

use super::*;

const TS_PUBLIC_URL: &str = "https://pachyderm.example.com";

/// A values file as administrators have them: other keys, comments, and an
/// Auth0 upstream IdP whose issuer lacks the trailing slash (line 20) and
/// whose redirectURI is not under the proxy's host (line 24).
fn broken_values(idp: &auth0_wizard_tests::TestIdp) -> String {
    format!(
        r#"# Pachyderm Helm values of the platform team: comments and every other key stay.
deployTarget: LOCAL
pachd:
  # Resources tuned for the cluster.
  resources:
    requests:
      cpu: "1"
      memory: 2Gi
proxy:
  enabled: true
  host: pachyderm.example.com
  tls:
    enabled: true
oidc:
  upstreamIDPs:
  - type: oidc
    id: auth0
    name: Auth0
    config:
      issuer: https://{domain}
      clientID: {id}
      clientSecret: {secret}
      # Copied from the old cluster.
      redirectURI: https://pachyderm-old.example.com/dex/callback
console:
  enabled: true  # the web console
"#,
        domain = idp.domain,
        id = idp.web_client.id,
        secret = idp.web_client.secret,
    )
}

fn finding(code: &str) -> String {
    format!("[data-testid=finding][data-code=\"{code}\"]")
}

/// The line (`data-line`) and text of the finding `code`.
async fn finding_at(app: &App, code: &str) -> Result<(String, String)> {
    let e = app.visible(&finding(code)).await?;
    let line = e.attr("data-line").await?.unwrap_or_default();
    Ok((line, e.text().await?))
}

/// Scrolls `css` into view (the troubleshooting view is longer than the
/// window), then clicks it.
async fn press(app: &App, css: &str) -> Result<()> {
    app.scroll_to(css).await?;
    app.click(css).await
}

/// Waits until the keyboard focus is on `id`.
async fn focus_is(app: &App, id: &str) -> Result<()> {
    wait_for(WAIT, &format!("the focus on #{id}"), || async move {
        Ok((app.focused().await? == id).then_some(()))
    })
    .await
}

/// Waits for the file at `path` to hold text that satisfies `pred`.
async fn saved_where(path: &Path, what: &str, pred: impl Fn(&str) -> bool) -> Result<String> {
    let pred = &pred;
    wait_for(WAIT, what, || async move {
        Ok(std::fs::read_to_string(path).ok().filter(|t| pred(t)))
    })
    .await
}

/// g. Troubleshoot a broken Pachyderm values file, from opening it to the report.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display: run with make e2e"]
async fn troubleshoot_broken_values() -> Result<()> {
    let idp = auth0_wizard_tests::TestIdp::start().await?;
    let home = AppHome::new()?;
    let work = home.path().join("work");
    std::fs::create_dir_all(&work)?;
    let values = work.join("values.yaml");
    let original = broken_values(&idp);
    std::fs::write(&values, &original)?;
    let saved = work.join("saved.out");
    let mut env = check_env(&idp);
    env.push(("AUTH0_WIZARD_E2E_OPEN_PATH", values.display().to_string()));
    env.push(("AUTH0_WIZARD_E2E_SAVE_PATH", saved.display().to_string()));
    let secret = idp.web_client.secret.clone();
    let mut app = App::launch("troubleshoot", &home, &env_refs(&env)).await?;
    let r = async {
        // The way in, on the first step; focus follows to the new view.
        app.click("[data-testid=troubleshoot]").await?;
        app.visible("[data-testid=troubleshoot-view]").await?;
        focus_is(&app, "ts-source-heading").await?;
        app.shot("open").await?;

        // Pasted text that is not a configuration: the error says where, and
        // the text area points at it.
        app.fill("[data-testid=doctor-paste]", "{\"oidc\": [1,")
            .await?;
        app.click("[data-testid=doctor-read-paste]").await?;
        let error = app
            .text_contains(
                "[data-testid=doctor-open-error]",
                "pasted text: cannot be parsed",
            )
            .await?;
        if !error.contains("line") {
            bail!("the parse error does not say where: {error}");
        }
        let described = app
            .visible("[data-testid=doctor-paste]")
            .await?
            .attr("aria-describedby")
            .await?;
        if described.as_deref() != Some("ts-open-error") {
            bail!("the text area is not described by the error ({described:?})");
        }
        app.shot("paste-error").await?;

        // Open: the dialog is answered by AUTH0_WIZARD_E2E_OPEN_PATH.
        app.click("[data-testid=doctor-open-file]").await?;
        let heading = app
            .text_contains("[data-testid=doctor-findings-heading]", "values.yaml")
            .await?;
        if !heading.contains(&values.display().to_string()) {
            bail!("the findings name {heading:?}, not the file opened");
        }
        focus_is(&app, "ts-findings-heading").await?;
        let detected = app.visible("[data-testid=doctor-detected]").await?;
        let target = detected.attr("data-target").await?.unwrap_or_default();
        let format = detected.attr("data-format").await?.unwrap_or_default();
        if (target.as_str(), format.as_str()) != ("pachyderm", "helm-values") {
            bail!("detected {target} {format}, not pachyderm helm-values");
        }
        // Each finding at its place (line and key path), with its fix.
        for (code, line, path, fix) in [
            (
                "pachyderm.issuer.no_trailing_slash",
                "20",
                "oidc.upstreamIDPs[0].config.issuer",
                format!("https://{}/", idp.domain),
            ),
            (
                "pachyderm.redirect.issuer_mismatch",
                "24",
                "oidc.upstreamIDPs[0].config.redirectURI",
                "Fix:".to_owned(),
            ),
        ] {
            let (got, text) = finding_at(&app, code).await?;
            if got != line || !text.contains(path) || !text.contains(&fix) {
                bail!(
                    "{code}: line {got:?} (want {line}), text {text:?} (want {path} and {fix:?})"
                );
            }
        }
        // Errors first.
        let severities: Vec<String> = {
            let mut v = Vec::new();
            for e in app
                .c()
                .find_all(Locator::Css("[data-testid=finding]"))
                .await?
            {
                v.push(e.attr("data-severity").await?.unwrap_or_default());
            }
            v
        };
        if severities.first().map(String::as_str) != Some("error")
            || severities
                .windows(2)
                .any(|w| w[0] != "error" && w[1] == "error")
        {
            bail!("the findings are not errors first: {severities:?}");
        }
        app.shot("findings").await?;

        // The error the administrator saw.
        app.fill(
            "[data-testid=doctor-symptom]",
            "failed to get token: oidc: issuer did not match the issuer returned by provider",
        )
        .await?;
        press(&app, "[data-testid=doctor-explain]").await?;
        app.text_contains("[data-testid=doctor-symptoms]", "Known error")
            .await?;
        app.shot("symptom").await?;

        // Continue: the wizard's steps hold the file's values.
        press(&app, "[data-testid=doctor-continue]").await?;
        app.visible(&ui::step(4)).await?;
        // The public URL the file's redirect URI is under is the old one: put it right.
        app.click("[data-testid=nav-step-1]").await?;
        if app.value(ui::PUBLIC_URL).await? != "https://pachyderm-old.example.com" {
            bail!("the public URL is not the file's");
        }
        app.fill(ui::PUBLIC_URL, TS_PUBLIC_URL).await?;
        app.click("[data-testid=nav-step-3]").await?;
        if app.value(ui::CLIENT_ID).await? != idp.web_client.id
            || app.value(ui::DOMAIN).await? != idp.domain
            || app.value(ui::CLIENT_SECRET).await? != secret
        {
            bail!("the credentials step does not hold the file's application");
        }
        app.click("[data-testid=nav-step-4]").await?;
        app.visible(&ui::step(4)).await?;

        // The checks against the test provider, on the file's application.
        all_checks_pass(&app).await?;
        // The probes of the running system: pachyderm.example.com is not this
        // machine's to reach, which is a warning, not a failure.
        press(&app, "[data-testid=doctor-probe]").await?;
        let status = app
            .attr_where(
                "[data-testid=doctor-probe-result]",
                "data-status",
                WAIT_CHECKS,
                |s| !s.is_empty(),
            )
            .await?;
        let probed = app
            .visible("[data-testid=doctor-probe-result]")
            .await?
            .text()
            .await?;
        if !probed.contains("pachyderm.example.com/dex") || probed.contains("pachyderm-old") {
            bail!("the probe did not ask the public URL the wizard holds: {probed}");
        }
        if status == "failed" {
            let text = app
                .visible("[data-testid=doctor-probes]")
                .await?
                .text()
                .await?;
            bail!("probing an unreachable system failed: {text}");
        }
        app.enabled("[data-testid=doctor-probe]").await?;
        app.scroll_to("[data-testid=doctor-probes]").await?;
        app.shot("checks-and-probes").await?;

        // Export: the corrected file and its diff.
        app.click(ui::NEXT).await?;
        app.visible(&ui::step(5)).await?;
        let diff = app
            .text_contains("[data-testid=doctor-diff]", "redirectURI")
            .await?;
        for want in [
            format!("-      issuer: https://{}", idp.domain),
            format!("+      issuer: https://{}/", idp.domain),
            "-      redirectURI: https://pachyderm-old.example.com/dex/callback".to_owned(),
            format!("+      redirectURI: {TS_PUBLIC_URL}/dex/callback"),
        ] {
            // Compared word by word: how the window's text keeps indentation is not the point.
            let words = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
            if !diff.lines().any(|l| words(l) == words(&want)) {
                bail!("the diff lacks {want:?}:\n{diff}");
            }
        }
        if diff.contains(&secret) {
            bail!("the diff shows the client secret");
        }
        app.scroll_to("[data-testid=doctor-diff]").await?;
        app.shot("corrected").await?;
        press(&app, "[data-testid=doctor-save-corrected]").await?;
        app.text_contains("[data-testid=doctor-save-notice]", "Saved")
            .await?;
        let fixed =
            saved_where(&saved, "the corrected file", |t| t.contains("deployTarget")).await?;
        // Only the owned values changed: every other key and every comment stays.
        let want = original
            .replace(
                &format!("issuer: https://{}\n", idp.domain),
                &format!("issuer: https://{}/\n", idp.domain),
            )
            .replace(
                "https://pachyderm-old.example.com/dex/callback",
                &format!("{TS_PUBLIC_URL}/dex/callback"),
            );
        if fixed != want {
            bail!("the corrected file is not the original with the two values put right:\n{fixed}");
        }
        let mode = std::fs::metadata(&saved)?.permissions().mode() & 0o777;
        if mode != 0o600 {
            bail!("the corrected file has mode {mode:o}, not 600");
        }
        if std::fs::read_to_string(&values)? != original {
            bail!("the original file was changed");
        }

        // Done: the report, without a secret.
        app.click(ui::NEXT).await?;
        app.visible(&ui::step(6)).await?;
        press(&app, "[data-testid=doctor-save-report]").await?;
        app.text_contains("[data-testid=doctor-report-notice]", "Saved")
            .await?;
        let report = saved_where(&saved, "the report", |t| {
            t.starts_with("# auth0-wizard doctor report")
        })
        .await?;
        for want in [
            "pachyderm.issuer.no_trailing_slash",
            "pachyderm.redirect.issuer_mismatch",
            "issuer did not match",
        ] {
            if !report.contains(want) {
                bail!("the report lacks {want:?}:\n{report}");
            }
        }
        if report.contains(&secret) {
            bail!("the report holds the client secret");
        }
        if app.body_text().await.contains(&secret) {
            bail!("the window shows the client secret");
        }
        app.shot("report").await?;
        Ok(())
    }
    .await;
    app.finish(r).await
}
