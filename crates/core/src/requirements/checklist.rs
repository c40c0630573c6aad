//! The dashboard checklist: every requirement as where to go, what to set
//! and the value to copy.

use super::{ActionRequirement, AppRequirements, ChecklistItem, M2mRequirement};

pub(super) fn checklist(
    app: &AppRequirements,
    m2m: &[M2mRequirement],
    action: Option<&ActionRequirement>,
    test_cb: Option<&str>,
) -> Vec<ChecklistItem> {
    const SETTINGS: &str = "Applications > Applications > (your app) > Settings";
    let item = |id: &str, location: &str, setting: &str, value: String, note: &str| ChecklistItem {
        id: id.to_owned(),
        location: location.to_owned(),
        setting: setting.to_owned(),
        value,
        note: note.to_owned(),
    };
    let mut out = vec![
        item(
            "app_type",
            "Applications > Applications > Create Application",
            "Application type",
            app.app_type_label.clone(),
            "Choose it when you create the application.",
        ),
        item(
            "callbacks",
            &format!("{SETTINGS} > Application URIs"),
            "Allowed Callback URLs",
            app.callbacks.join(", "),
            if test_cb.is_some() {
                "Exact and case-sensitive. The 127.0.0.1 URL is only for this wizard's login test; remove it afterwards if you like."
            } else {
                "Exact and case-sensitive."
            },
        ),
        item(
            "logout_urls",
            &format!("{SETTINGS} > Application URIs"),
            "Allowed Logout URLs",
            app.logout_urls.join(", "),
            if app.logout_urls.is_empty() {
                "Not needed for this target."
            } else {
                ""
            },
        ),
        item(
            "login_uri",
            &format!("{SETTINGS} > Application URIs"),
            "Application Login URI",
            app.login_uri.clone().unwrap_or_default(),
            if app.login_uri.is_none() {
                "Leave it empty."
            } else {
                "Optional; must be https."
            },
        ),
    ];
    if !app.web_origins.is_empty() {
        out.push(item(
            "web_origins",
            &format!("{SETTINGS} > Application URIs"),
            "Allowed Web Origins",
            app.web_origins.join(", "),
            "",
        ));
    }
    out.extend([
        item(
            "auth_method",
            &format!("{SETTINGS} > Credentials"),
            "Authentication Method",
            app.token_endpoint_auth_method.clone(),
            match app.token_endpoint_auth_method.as_str() {
                "none" => "None: the browser app has no secret.",
                _ => "Client Secret (Post); Client Secret (Basic) works too.",
            },
        ),
        item(
            "grant_types",
            &format!("{SETTINGS} > Advanced Settings > Grant Types"),
            "Grant Types",
            app.grant_types.join(", "),
            "Tick these; others may stay as they are.",
        ),
        item(
            "jwt_alg",
            &format!("{SETTINGS} > Advanced Settings > OAuth"),
            "JSON Web Token (JWT) Signature Algorithm",
            app.jwt_alg.clone(),
            "Also keep OIDC Conformant switched on.",
        ),
    ]);
    for (i, m) in m2m.iter().enumerate() {
        out.push(item(
            &format!("m2m_{i}"),
            "Applications > APIs > Auth0 Management API > Machine To Machine Applications",
            &format!("Authorize a Machine to Machine app: {}", m.purpose),
            format!("{} {}", m.audience, m.scopes.join(" "))
                .trim_end()
                .to_owned(),
            "Toggle the app on, then tick the scopes.",
        ));
    }
    if let Some(a) = action {
        out.push(item("action", "Actions > Library > Build Custom (Login / Post Login), then Actions > Triggers > post-login", "Post-login Action", a.code.clone(), "Deploy it and drag it into the Login flow, or the claim never appears."));
    }
    out
}
