//! `auth0-wizard login-test`: log in once through the browser (authorization
//! code + PKCE) and verify the ID token. Nothing is changed in Auth0.

use super::check::{json_line, render, runtime};
use super::Status;
use crate::error::CliError;
use crate::live::{app_of, validate_live, LiveArgs};
use crate::output::Output;
use auth0_wizard_core::checks::idtoken::Claims;
use auth0_wizard_core::checks::login::{self, LoginInput, UrlSink};
use auth0_wizard_core::checks::{self, CheckStatus};
use auth0_wizard_core::requirements::DEFAULT_LOGIN_PORT;
use auth0_wizard_core::{RawSettings, Report, TargetId};
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The application must allow the callback http://127.0.0.1:PORT/callback (Applications > Applications >
(your app) > Settings > Allowed Callback URLs); Auth0 has no wildcard ports. The test listens there for
one request, opens the browser (or prints the URL with --no-browser), exchanges the code with the
client secret, verifies the ID token (signature via the JWKS, issuer, audience, expiry, nonce) and
prints its claims.

Exit status: 0 the login worked (warnings allowed), 1 it did not, 2 wrong command line.")]
pub struct Args {
    #[command(flatten)]
    pub live: LiveArgs,

    /// The loopback port for the callback.
    #[arg(long, value_name = "P", default_value_t = DEFAULT_LOGIN_PORT)]
    pub port: u16,

    /// Do not open a browser: print the URL to open (on standard error).
    #[arg(long)]
    pub no_browser: bool,

    /// How long to wait for the browser to come back, in seconds.
    #[arg(long, value_name = "S", default_value_t = 180)]
    pub timeout: u64,

    /// Connect and total timeout of each request to Auth0, in seconds.
    #[arg(long, value_name = "S", default_value_t = 10)]
    pub request_timeout: u64,

    /// The namespaced claim the post-login Action should add (reported when missing).
    #[arg(long, value_name = "CLAIM")]
    pub groups_claim: Option<String>,

    /// The target (Dex-based targets refuse unverified e-mail addresses).
    #[arg(long, value_name = "TARGET")]
    pub target: Option<String>,
}

pub fn run(args: Args, out: &Output) -> Result<Status, CliError> {
    let mut raw = args.live.raw()?;
    raw.groups_claim = args.groups_claim.clone().unwrap_or_default();
    if let Some(t) = &args.target {
        t.parse::<TargetId>()?;
        raw.target = t.clone();
    }
    let (input, report) = match login_input(&args, &raw) {
        Ok(v) => v,
        Err(report) => {
            out.invalid(&report)?;
            return Ok(Status::Failed);
        }
    };
    out.warnings(&report);
    let opts = args.live.options(args.request_timeout);
    let outcome = runtime()?.block_on(login::run(input, &opts, checks::Cancel::new()));
    if out.json {
        out.stdout(&json_line(&outcome)?)?;
    } else {
        out.stdout(&render(&outcome.result))?;
        if let Some(claims) = &outcome.claims {
            out.stdout(&render_claims(claims))?;
        }
    }
    Ok(if outcome.result.status == CheckStatus::Fail {
        Status::Failed
    } else {
        Status::Ok
    })
}

/// The login test's input and the flags' warnings, or their problems (validation's own).
fn login_input(args: &Args, raw: &RawSettings) -> Result<(LoginInput, Report), Report> {
    let fields: &[&str] = match args.target {
        Some(_) => &["groupsClaim", "target"],
        None => &["groupsClaim"],
    };
    let (a, report) = validate_live(raw, fields)?;
    let Some((domain, client_id, secret)) = app_of(&a) else {
        return Err(report);
    };
    let mut input = LoginInput::new(domain, client_id, secret);
    input.expected_issuer = a.issuer.clone().filter(|_| args.live.issuer.is_some());
    input.port = args.port;
    input.timeout = Duration::from_secs(args.timeout.max(1));
    input.groups_claim = a.groups_claim.clone();
    input.target = a.target;
    input.open_browser = !args.no_browser;
    input.url_sink = Some(url_sink(args.no_browser, args.port));
    Ok((input, report))
}

/// Tells the person at the terminal where to log in, on standard error.
fn url_sink(no_browser: bool, port: u16) -> UrlSink {
    Arc::new(move |url: &str| {
        let what = if no_browser {
            "Open this URL in a browser and log in:"
        } else {
            "Opening the browser. If nothing opens, visit:"
        };
        let _ = writeln!(
            std::io::stderr(),
            "{what}\n\n  {url}\n\nWaiting for the callback on http://127.0.0.1:{port}/callback ..."
        );
    })
}

fn render_claims(claims: &Claims) -> String {
    let mut keys: Vec<&String> = claims.keys().collect();
    keys.sort();
    let mut s = String::from("ID token claims:\n");
    for k in keys {
        s.push_str(&format!("  {k}: {}\n", claims[k]));
    }
    s
}
