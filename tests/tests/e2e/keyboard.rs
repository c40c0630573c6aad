//! The window by keyboard alone (issue 7, section 4): the whole flow, all six
//! steps to a saved export, with WebDriver key actions only (Tab, the arrows,
//! Space, Enter; no click), in the smallest window the app allows. After every
//! key the focus is somewhere (never the page), and a watcher in the page
//! records any moment it was dropped (a control disabled or removed under it).

use super::harness::*;
use super::{check_env, check_status, env_refs};

const PROFILE: &str = "e2e-keyboard";

/// Resizes the window to the smallest size the app allows and waits for the page to follow.
async fn smallest_window(app: &App) -> Result<()> {
    app.c().set_window_size(900, 650).await?;
    let c = app.c().clone();
    wait_for(Duration::from_secs(10), "a 900x650 viewport", || {
        let c = c.clone();
        async move {
            let inner = c
                .execute("return [window.innerWidth, window.innerHeight];", vec![])
                .await?;
            let (w, h) = (
                inner[0].as_f64().unwrap_or(0.0),
                inner[1].as_f64().unwrap_or(0.0),
            );
            Ok((w <= 900.0 && h <= 650.0 && w >= 600.0).then_some(()))
        }
    })
    .await?;
    Ok(())
}

/// Tab to Next, check it is inside the window, press Enter: step `n` shows
/// with the focus on its heading.
async fn next_step(app: &mut App, n: u32) -> Result<()> {
    app.tab_until("next").await?;
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
    app.key(key::ENTER).await?;
    app.visible(&ui::step(n)).await?;
    wait_for(WAIT, "the focus on the step's heading", || async {
        Ok((app.focused().await? == "step-heading").then_some(()))
    })
    .await?;
    app.focus_kept(&format!("on the way to step {n}")).await?;
    app.shot(&format!("step-{n}")).await
}

/// Selects everything in the focused field and deletes it.
async fn clear_field(app: &App) -> Result<()> {
    app.key_with(Some(key::CONTROL), 'a').await?;
    app.key(key::BACKSPACE).await?;
    Ok(())
}

/// A field's error region is in the page before its first error (an empty
/// live region the field refers to), and what typing a burst of keys puts in
/// it is set once, after the typing settles.
async fn error_region_speaks_once(app: &App, input: &str, typed: &str, needle: &str) -> Result<()> {
    let region = format!("{input}-issues");
    let before = app
        .c()
        .execute(
            "const [f, id] = arguments; const r = document.getElementById(id); const i = document.getElementById(f);
             if (!r) return 'missing';
             const w = window.__regionLog = { sets: [], lastKey: 0 };
             i.addEventListener('keydown', () => { w.lastKey = performance.now(); });
             new MutationObserver(() => {
               const t = r.textContent.trim();
               if (t && w.sets[w.sets.length - 1]?.text !== t) w.sets.push({ text: t, at: performance.now() });
               if (!t) w.sets.push({ text: '', at: performance.now() });
             }).observe(r, { childList: true, subtree: true, characterData: true });
             return [r.textContent.trim(), r.getAttribute('aria-live'), (i.getAttribute('aria-describedby') || '').split(' ').includes(id)];",
            vec![json!(input.trim_start_matches('#')), json!(region.trim_start_matches('#'))],
        )
        .await?;
    if before != json!(["", "polite", true]) {
        bail!("before any error, {region} is not an empty polite live region that {input} refers to: {before}");
    }
    app.type_keys(typed).await?;
    app.text_contains(&region, needle).await?;
    // Longer than the validation's debounce: anything more would have come by now.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let log = app
        .c()
        .execute("return window.__regionLog;", vec![])
        .await?;
    let sets: Vec<&serde_json::Value> = log["sets"]
        .as_array()
        .map(|a| a.iter().filter(|s| s["text"] != json!("")).collect())
        .unwrap_or_default();
    let last_key = log["lastKey"].as_f64().unwrap_or(f64::MAX);
    if sets.len() != 1 || sets[0]["at"].as_f64().unwrap_or(0.0) < last_key {
        bail!(
            "typing {typed:?} set {region} {} times (once, after the last key, is right): {log}",
            sets.len()
        );
    }
    Ok(())
}

/// The whole flow by keyboard, against the test provider with a wrong client
/// secret: the Test step fails, and the sidebar says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display: run with make e2e"]
async fn the_whole_flow_by_keyboard() -> Result<()> {
    let idp = auth0_wizard_tests::TestIdp::start().await?;
    let home = AppHome::new()?;
    let save_path = home.path().join("export/pachyderm-by-keyboard.yaml");
    std::fs::create_dir_all(save_path.parent().unwrap())?;
    let mut env = check_env(&idp);
    env.push((
        "AUTH0_WIZARD_E2E_SAVE_PATH",
        save_path.display().to_string(),
    ));
    let entry = [
        ("service", "auth0-wizard"),
        ("username", "e2e-keyboard/clientSecret"),
    ];
    if keyring_items(&entry)? != 0 {
        bail!("the keyring already holds {entry:?}");
    }
    let profile_file = home
        .path()
        .join(".local/share/dev.auth0wizard.app/profiles")
        .join(format!("{PROFILE}.json"));
    let wrong_secret = altered_secret(&idp.web_client.secret);
    let mut app = App::launch("by-keyboard", &home, &env_refs(&env)).await?;
    let r = async {
        smallest_window(&app).await?;
        app.key(key::TAB).await?;
        app.watch_focus().await?;

        // 1. Target: the card chosen with the arrow keys shows its focus ring.
        app.tab_until("target-pachyderm").await?;
        app.key(key::ARROW_RIGHT).await?;
        app.visible("[data-testid=target-pachyderm-1x].selected")
            .await
            .context("the right arrow did not choose the next target")?;
        app.focus_ring("[data-testid=target-pachyderm-1x]")
            .await
            .context("the target card chosen with an arrow key")?;
        app.key(key::ARROW_LEFT).await?;
        app.visible("[data-testid=target-pachyderm].selected").await?;
        app.focus_ring("[data-testid=target-pachyderm]").await?;
        app.shot("target-focus-ring").await?;
        app.tab_until("public-url").await?;
        // Typed with a capital letter and a trailing slash: the profile keeps the normalized URL.
        app.type_keys("https://Pachyderm.example.com/").await?;
        next_step(&mut app, 2).await?;

        // 2. Register in Auth0.
        app.text_contains(ui::REQUIREMENTS, "https://pachyderm.example.com/dex/callback")
            .await?;
        next_step(&mut app, 3).await?;

        // 3. Credentials: the domain's error region speaks once, when typing settles.
        app.tab_until("domain").await?;
        error_region_speaks_once(&app, "#domain", "x.auth0.com/foo", "/foo").await?;
        app.shot("domain-error").await?;
        clear_field(&app).await?;
        // With https:// and a trailing slash (warnings): the profile keeps the domain alone.
        app.type_keys(&format!("https://{}/", idp.domain)).await?;
        app.tab_until("client-id").await?;
        app.type_keys(&idp.web_client.id).await?;
        app.tab_until("client-secret").await?;
        app.type_keys(&wrong_secret).await?;
        app.tab_until("profile-name").await?;
        app.type_keys(PROFILE).await?;
        app.tab_until("remember").await?;
        app.focus_ring(ui::REMEMBER).await.context("the keyring checkbox")?;
        app.key(key::SPACE).await?;
        if app.visible(ui::REMEMBER).await?.prop("checked").await?.as_deref() != Some("true") {
            bail!("Space did not tick the keyring checkbox");
        }
        app.shot("keyring-checkbox-focus").await?;
        app.key_with(Some(key::SHIFT), key::TAB).await?;
        if app.focused().await? != "save-profile" {
            bail!("Shift+Tab from the keyring checkbox went to {}", app.focused().await?);
        }
        app.key(key::ENTER).await?;
        app.text_contains("[data-testid=profile-save-notice]", "Saved profile")
            .await?;
        let saved: serde_json::Value = serde_json::from_slice(
            &std::fs::read(&profile_file).with_context(|| format!("read {}", profile_file.display()))?,
        )?;
        let s = &saved["settings"];
        if s["domain"] != json!(idp.domain) || s["publicUrl"] != json!("https://pachyderm.example.com") {
            bail!("the profile keeps what was typed, not the normalized values: {saved}");
        }
        if keyring_items(&entry)? != 1 {
            bail!("the secret is not in the keyring");
        }
        next_step(&mut app, 4).await?;

        // 4. Test: Run checks keeps the focus (on Cancel while it runs, back after).
        app.tab_until("run-checks").await?;
        app.key(key::ENTER).await?;
        let status = check_status(&app, "client_secret").await?;
        if status != "fail" {
            bail!("the client-secret check ended {status}, not fail");
        }
        app.enabled(ui::RUN_CHECKS).await?;
        wait_for(WAIT, "the focus back on Run checks", || async {
            Ok((app.focused().await? == "run-checks").then_some(()))
        })
        .await?;
        app.focus_kept("while the checks ran").await?;
        app.shot("checks-failed").await?;
        next_step(&mut app, 5).await?;
        let test_step = app.visible("[data-testid=nav-step-4]").await?;
        let state = test_step.attr("data-state").await?.unwrap_or_default();
        let mark = app.visible("[data-testid=nav-step-4] .step-num").await?.text().await?;
        if state != "fail" || mark.contains('✓') {
            bail!("the sidebar shows the failed Test step as {state:?} with the mark {mark:?}");
        }

        // 5. Export: the Handoff switch shows its focus ring; Save as… saves the file.
        app.tab_until("handoff").await?;
        app.focus_ring("[data-testid=handoff]").await.context("the Handoff switch")?;
        app.shot("handoff-focus").await?;
        app.tab_until("save-export").await?;
        app.key(key::ENTER).await?;
        let saved = wait_for(WAIT, "the export file", || {
            let p = save_path.clone();
            async move { Ok(std::fs::read_to_string(p).ok().filter(|s| !s.is_empty())) }
        })
        .await?;
        if !saved.contains(&idp.issuer) {
            bail!("the saved export lacks the issuer {}:\n{saved}", idp.issuer);
        }
        next_step(&mut app, 6).await?;

        // 6. Done: the apply commands are alternatives, and the summary scrolls by keyboard.
        let next = app.visible("[data-testid=next-steps]").await?;
        let items = next.find_all(Locator::Css(":scope > li")).await?;
        let mut with_commands = 0;
        for li in &items {
            if !li.find_all(Locator::Css("code")).await?.is_empty() {
                with_commands += 1;
            }
        }
        let choices = app
            .c()
            .execute(
                "return [...document.querySelectorAll('[data-testid=apply-alternatives] > li')].map((li) => li.textContent.trim());",
                vec![],
            )
            .await?;
        let choices: Vec<String> = serde_json::from_value(choices)?;
        let joined = choices.len() > 1
            && choices[0].starts_with("either ")
            && choices[1..].iter().all(|c| c.starts_with("or "));
        if with_commands != 1 || !joined {
            bail!("the apply commands are not shown as alternatives ({with_commands} numbered steps with commands): {choices:?}");
        }
        app.key(key::TAB).await?;
        if app.focused().await? != "done-summary" {
            bail!("Tab from the Done heading went to {}, not the summary", app.focused().await?);
        }
        let scroll = "return [document.querySelector('.panel').scrollTop, document.querySelector('.panel').scrollHeight - document.querySelector('.panel').clientHeight];";
        let before = app.c().execute(scroll, vec![]).await?;
        if before[1].as_f64().unwrap_or(0.0) <= 0.0 {
            bail!("the Done step fits the window: nothing to scroll ({before})");
        }
        app.key(key::PAGE_DOWN).await?;
        let c = app.c();
        wait_for(WAIT, "the Done step to scroll", || async move {
            let now = c.execute(scroll, vec![]).await?;
            Ok((now[0].as_f64().unwrap_or(0.0) > 0.0).then_some(()))
        })
        .await?;
        app.shot("done-scrolled").await?;

        // The sidebar: delete the profile; Cancel and Delete never drop the focus.
        app.back_until(&format!("profile-{PROFILE}")).await?;
        app.key(key::SPACE).await?;
        app.tab_until("delete-profile").await?;
        app.key(key::ENTER).await?;
        wait_for(WAIT, "the focus on Cancel", || async {
            Ok((app.focused().await? == "cancel-delete").then_some(()))
        })
        .await?;
        app.key(key::ENTER).await?;
        wait_for(WAIT, "the focus back on Delete…", || async {
            Ok((app.focused().await? == "delete-profile").then_some(()))
        })
        .await?;
        app.key(key::ENTER).await?;
        app.visible(ui::CONFIRM_DELETE).await?;
        app.key_with(Some(key::SHIFT), key::TAB).await?;
        if app.focused().await? != "confirm-delete" {
            bail!("Shift+Tab from Cancel went to {}", app.focused().await?);
        }
        app.key(key::ENTER).await?;
        wait_for(WAIT, "the keyring entry to go", || async {
            Ok((keyring_items(&entry)? == 0).then_some(()))
        })
        .await?;
        wait_for(WAIT, "the focus on the profiles' heading", || async {
            Ok((app.focused().await? == "profiles-title").then_some(()))
        })
        .await?;
        app.focus_kept("in the profile's deletion").await?;
        app.shot("profile-deleted").await?;
        Ok(())
    }
    .await;
    app.finish(r).await
}
