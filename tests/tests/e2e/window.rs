//! What the window says where it is said (issue 7, section 4): a keyring error
//! shows at the control that needed the keyring, names it by its label and
//! says how to unlock the keyring. The keyring is out of reach for real: the
//! app runs without a D-Bus session bus, where the Secret Service lives.

use super::harness::*;
use super::{credentials, target_and_requirements};

const REMEMBER_LABEL: &str = "Remember secrets in the system keyring";
const UNLOCK: &str = "Passwords and Keys";

/// The text of the element `id` once it holds `needle`, and the control that refers to it.
async fn notice_at(app: &App, control: &str, id: &str, needle: &str) -> Result<String> {
    let text = app.text_contains(&format!("#{id}"), needle).await?;
    let refers = app
        .visible(control)
        .await?
        .attr("aria-describedby")
        .await?
        .unwrap_or_default();
    if !refers.split(' ').any(|r| r == id) {
        bail!("{control} does not refer to its error #{id} (aria-describedby {refers:?})");
    }
    if !text.contains(UNLOCK) || !text.contains("--unlock") {
        bail!("the keyring error does not say how to unlock the keyring: {text}");
    }
    Ok(text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display: run with make e2e"]
async fn keyring_errors_show_at_their_controls() -> Result<()> {
    let home = AppHome::new()?;
    // A profile whose secret is in the keyring (as the file says).
    let dir = home
        .path()
        .join(".local/share/dev.auth0wizard.app/profiles");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(
        dir.join("locked.json"),
        r#"{"name":"locked","settings":{"target":"pachyderm","domain":"dev-x.us.auth0.com","publicUrl":"https://pachyderm.example.com"},"keyringFields":["clientSecret"]}"#,
    )?;
    let bus = format!("unix:path={}", home.path().join("no-bus").display());
    let mut app = App::launch(
        "keyring-errors",
        &home,
        &[("DBUS_SESSION_BUS_ADDRESS", bus.as_str())],
    )
    .await?;
    let r = async {
        // Load reads the secret from the keyring: the error is under Load and names it.
        app.click(&ui::profile("locked")).await?;
        app.click(ui::LOAD_PROFILE).await?;
        notice_at(&app, ui::LOAD_PROFILE, "profile-notice", "“Load”").await?;
        app.shot("load-error").await?;

        // Save with "Remember ..." ticked: the error is under that box and names it.
        target_and_requirements(&mut app).await?;
        credentials(
            &mut app,
            "dev-x.us.auth0.com",
            "abcdefghijklmnopqrstuvwxyz012345",
            "not-a-real-secret",
        )
        .await?;
        app.tick(ui::REMEMBER).await?;
        app.fill(ui::PROFILE_NAME, "fresh").await?;
        app.click(ui::SAVE_PROFILE).await?;
        let text = notice_at(
            &app,
            ui::REMEMBER,
            "save-notice",
            &format!("“{REMEMBER_LABEL}”"),
        )
        .await?;
        // Right under the box, not somewhere else in the window.
        let next_to = app
            .c()
            .execute(
                "return document.getElementById('remember').closest('label').nextElementSibling?.id ?? '';",
                vec![],
            )
            .await?;
        if next_to != json!("save-notice") {
            bail!("the keyring error is not next to the checkbox (next to it: {next_to}): {text}");
        }
        if dir.join("fresh.json").exists() {
            bail!("a profile was written although its secret could not be kept");
        }
        app.scroll_to("#save-notice").await?;
        app.shot("save-error").await?;
        Ok(())
    }
    .await;
    app.finish(r).await
}
