//! `auth0-wizard requirements`: what to set in the Auth0 dashboard.

use super::Status;
use crate::error::CliError;
use crate::flags::{ExtraArgs, Extras, ForRequirements};
use crate::output::Output;
use crate::settings::TargetArgs;
use auth0_wizard_core::requirements::{
    input_from_raw, DomainUse, RequirementsInput, DEFAULT_LOGIN_PORT,
};
use auth0_wizard_core::{requirements, Issue, RawSettings, Report, Requirements};
use serde::Serialize;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
No credentials are needed: run this before you create the Auth0 application.

Example:
  auth0-wizard requirements --target pachyderm --url https://pachyderm.example.com \\
      --domain dev-abc123.us.auth0.com --groups-claim https://example.com/groups --login-port")]
pub struct Args {
    #[command(flatten)]
    pub target: TargetArgs,

    /// The system's public URL: Pachyderm's proxy URL, pachd's OIDC URL (1.x), Pomerium's
    /// authenticate service URL, the OpenMetadata server URL, or Dex's issuer URL.
    #[arg(long, value_name = "URL")]
    pub url: String,

    /// The Auth0 domain (optional): gives the direct dashboard link and the Management API audience.
    #[arg(long, value_name = "DOMAIN")]
    pub domain: Option<String>,

    /// The namespaced claim for the user's roles, e.g. https://example.com/groups:
    /// adds the post-login Action that sets it.
    #[arg(long, value_name = "CLAIM")]
    pub groups_claim: Option<String>,

    /// Also allow the wizard's login test callback http://127.0.0.1:PORT/callback
    /// (the port defaults to 8400 when the flag is given without a value).
    #[arg(long, value_name = "PORT", num_args = 0..=1, default_missing_value = DEFAULT_LOGIN_PORT_STR)]
    pub login_port: Option<u16>,

    #[command(flatten)]
    pub extras: ExtraArgs<ForRequirements>,
}

const DEFAULT_LOGIN_PORT_STR: &str = "8400";
const _: () = assert!(
    DEFAULT_LOGIN_PORT == 8400,
    "keep DEFAULT_LOGIN_PORT_STR in step"
);

/// Valid inputs for [`requirements`], or the problems with the fields it needs
/// (the domain too, when one was given).
pub fn input(args: &Args, extras: Extras) -> Result<(RequirementsInput, Report), Report> {
    let raw = RawSettings {
        target: args.target.target.clone(),
        version: args.target.version.clone().unwrap_or_default(),
        domain: args.domain.clone().unwrap_or_default(),
        public_url: args.url.clone(),
        groups_claim: args.groups_claim.clone().unwrap_or_default(),
        extras,
        ..RawSettings::default()
    };
    input_from_raw(&raw, args.login_port, DomainUse::Strict)
}

#[derive(Serialize)]
struct JsonResult<'a> {
    #[serde(flatten)]
    requirements: &'a Requirements,
    issues: &'a [Issue],
}

pub fn run(args: Args, out: &Output) -> Result<Status, CliError> {
    let (info, _) = args.target.resolve()?;
    let (extras, _) = args.extras.read()?;
    let (input, report) = match input(&args, extras) {
        Ok(v) => v,
        Err(report) => {
            out.invalid(&report)?;
            return Ok(Status::Failed);
        }
    };
    let req = requirements(&input);
    if out.json {
        out.json(&JsonResult {
            requirements: &req,
            issues: &report.issues,
        })?;
    } else {
        out.warnings(&report);
        out.stdout(&render(info.name, &req))?;
    }
    Ok(Status::Ok)
}

fn render(name: &str, req: &Requirements) -> String {
    let mut s = format!(
        "Auth0 settings for {name}\nDashboard: {}\n\n",
        req.dashboard_url
    );
    for (n, item) in req.checklist.iter().enumerate() {
        s.push_str(&format!(
            "{}. {}\n   where: {}\n",
            n + 1,
            item.setting,
            item.location
        ));
        if item.value.is_empty() {
            s.push_str("   value: (leave empty)\n");
        } else if item.value.contains('\n') {
            s.push_str("   value:\n");
            for line in item.value.lines() {
                s.push_str(&format!("     {line}\n"));
            }
        } else {
            s.push_str(&format!("   value: {}\n", item.value));
        }
        if !item.note.is_empty() {
            s.push_str(&format!("   note:  {}\n", item.note));
        }
    }
    if !req.notes.is_empty() {
        s.push_str("\nNotes:\n");
        for note in &req.notes {
            s.push_str(&format!("- {note}\n"));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(target: &str, url: &str) -> Args {
        Args {
            target: TargetArgs {
                target: target.into(),
                version: None,
            },
            url: url.into(),
            domain: None,
            groups_claim: None,
            login_port: None,
            extras: ExtraArgs::default(),
        }
    }

    fn client_type(t: &str) -> Extras {
        [("clientType".to_owned(), t.to_owned())].into()
    }

    #[test]
    fn normalizes_like_the_core_and_leaves_the_domain_out_when_not_given() {
        let (input, report) = input(
            &args("pachyderm", "https://pachyderm.example.com/dex/"),
            Extras::new(),
        )
        .unwrap();
        assert_eq!(input.public_base, "https://pachyderm.example.com");
        assert!(input.domain.is_none());
        assert_eq!(report.codes(), ["public_url.dex_suffix"]);
        let req = requirements(&input);
        assert_eq!(
            req.application.callbacks,
            ["https://pachyderm.example.com/dex/callback"]
        );
        assert_eq!(req.dashboard_url, "https://manage.auth0.com/");
    }

    #[test]
    fn reports_only_the_fields_it_needs() {
        let mut a = args("openmetadata", "ftp://om.example.com");
        a.groups_claim = Some("groups".into());
        let report = input(&a, client_type("public")).unwrap_err();
        assert_eq!(
            report.codes(),
            ["public_url.scheme", "groups_claim.restricted"]
        );
        a.domain = Some("https://x.auth0.com/path".into());
        assert!(input(&a, Extras::new())
            .unwrap_err()
            .codes()
            .contains(&"domain.path"));
    }

    #[test]
    fn a_given_domain_and_port_are_used() {
        let mut a = args("pomerium", "https://authenticate.example.com");
        a.domain = Some("dev-abc.eu.auth0.com".into());
        a.login_port = Some(9000);
        // Not a Pomerium setting: only a warning.
        let (input, report) = input(&a, client_type("public")).unwrap();
        assert_eq!(report.codes(), ["extras.unknown"]);
        let req = requirements(&input);
        assert_eq!(
            req.dashboard_url,
            "https://manage.auth0.com/dashboard/eu/dev-abc/applications"
        );
        assert_eq!(
            req.login_test_callback.as_deref(),
            Some("http://127.0.0.1:9000/callback")
        );
        let text = render("Pomerium", &req);
        assert!(
            text.contains(
                "https://authenticate.example.com/oauth2/callback, http://127.0.0.1:9000/callback"
            ),
            "{text}"
        );
    }
}
