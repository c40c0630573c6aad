//! The flags that describe a target and an Auth0 application, shared by the
//! subcommands, and how they become the core's [`RawSettings`].
//!
//! Secrets never come from a plain argument (it would show in `ps` and the
//! shell history): the client secret comes from an environment variable or
//! standard input, secret-valued target settings from environment variables.

use crate::error::CliError;
use crate::flags::{flag_for_extra, All, ExtraArgs};
use auth0_wizard_core::catalog::TargetInfo;
use auth0_wizard_core::{target_info, RawSettings, Release, Secret, TargetId};
use clap::Args;
use std::io::{BufRead, IsTerminal, Read};

/// `--target` and `--version`.
#[derive(Args, Debug, Clone)]
pub struct TargetArgs {
    /// The system to configure: pachyderm (Pachyderm 2.x), pachyderm-1x, pomerium,
    /// openmetadata or dex (a plain Dex connector).
    #[arg(long, value_name = "TARGET")]
    pub target: String,

    /// The target's version when it matters: a release number (0.19, 1.2.5) or a
    /// range from `auth0-wizard targets` ("<0.20" for Pomerium before 0.20, "<=1.2"
    /// for OpenMetadata 1.2 and earlier). Default: the current release.
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,
}

impl TargetArgs {
    /// The catalog entry and release, or a usage error that names the allowed values.
    pub fn resolve(&self) -> Result<(TargetInfo, Release), CliError> {
        let id: TargetId = self.target.parse()?;
        let info = target_info(id);
        let release = info.version(self.version.as_deref().unwrap_or(""))?.release;
        Ok((info, release))
    }
}

/// Where the client secret comes from.
#[derive(Args, Debug, Clone, Default)]
pub struct SecretArgs {
    /// Read the client secret from this environment variable, e.g.
    /// `read -rs AUTH0_CLIENT_SECRET && export AUTH0_CLIENT_SECRET`, then
    /// `--secret-env AUTH0_CLIENT_SECRET`.
    #[arg(long, value_name = "VAR", conflicts_with = "secret_stdin")]
    pub secret_env: Option<String>,

    /// Read the client secret from standard input (a trailing newline is removed),
    /// e.g. `pass show auth0/secret | auth0-wizard ... --secret-stdin`.
    #[arg(long)]
    pub secret_stdin: bool,

    /// Not accepted: a secret on the command line shows in `ps` and the shell history.
    #[arg(
        long = "client-secret",
        alias = "secret",
        value_name = "SECRET",
        hide = true
    )]
    pub plain_secret: Option<String>,
}

impl SecretArgs {
    /// The client secret, if one was asked for.
    pub fn read(&self) -> Result<Option<Secret>, CliError> {
        if self.plain_secret.is_some() {
            return Err(CliError::Usage(
                "--client-secret is not accepted: a secret on the command line shows in `ps` and the shell history. \
                 Use --secret-env VAR (an environment variable) or --secret-stdin (standard input)."
                    .to_owned(),
            ));
        }
        if let Some(var) = &self.secret_env {
            return env_secret("--secret-env", var).map(Some);
        }
        if self.secret_stdin {
            return read_stdin_secret(std::io::stdin()).map(Some);
        }
        Ok(None)
    }
}

/// The value of `var`, for the flag `flag`; the error names both, never a value.
pub fn env_secret(flag: &'static str, var: &str) -> Result<Secret, CliError> {
    match std::env::var(var) {
        Ok(v) => Ok(Secret::new(v)),
        Err(std::env::VarError::NotPresent) => Err(CliError::MissingEnv {
            flag,
            var: var.to_owned(),
        }),
        Err(std::env::VarError::NotUnicode(_)) => Err(CliError::EnvNotUnicode {
            flag,
            var: var.to_owned(),
        }),
    }
}

/// All of standard input, minus one trailing line break (`\n` or `\r\n`).
/// Anything else (a second line, inner spaces) is left for validation to report.
/// At a terminal: one line, typed without echo.
pub fn read_stdin_secret(stdin: std::io::Stdin) -> Result<Secret, CliError> {
    if !stdin.is_terminal() {
        return read_secret_from(stdin.lock());
    }
    // Echo goes off before the prompt, so nothing typed after it shows.
    let quiet = crate::tty::EchoOff::new(&stdin);
    if quiet.is_some() {
        eprint!("Client secret (not shown as you type), then Enter: ");
    } else {
        eprint!("Client secret, then Enter: ");
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line).map_err(CliError::Stdin)?;
    drop(quiet);
    read_secret_from(line.as_bytes())
}

pub fn read_secret_from(mut reader: impl Read) -> Result<Secret, CliError> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(CliError::Stdin)?;
    let mut text = String::from_utf8(bytes).map_err(|_| {
        CliError::Stdin(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "it is not valid UTF-8",
        ))
    })?;
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    Ok(Secret::new(text))
}

/// `--connector-id`, `--connector-name`, `--groups-claim`, `--issuer`.
#[derive(Args, Debug, Clone, Default)]
pub struct CommonArgs {
    /// Dex connector id (Pachyderm, Dex). Default: auth0.
    #[arg(long, value_name = "ID")]
    pub connector_id: Option<String>,

    /// Dex connector name shown on the login page (Pachyderm, Dex). Default: Auth0.
    #[arg(long, value_name = "NAME")]
    pub connector_name: Option<String>,

    /// The namespaced claim your post-login Action puts the user's Auth0 roles in,
    /// e.g. https://example.com/groups. Default: no groups.
    #[arg(long, value_name = "CLAIM")]
    pub groups_claim: Option<String>,

    /// The issuer to write, as Auth0's discovery document states it (with the trailing
    /// slash). Default: https://DOMAIN/.
    #[arg(long, value_name = "URL")]
    pub issuer: Option<String>,
}

/// The flag that sets a report's `field`, for messages an administrator can act on.
pub fn flag_for_field(field: &str) -> Option<&'static str> {
    Some(match field {
        "target" => "--target",
        "version" => "--version",
        "domain" => "--domain",
        "clientId" => "--client-id",
        "clientSecret" => "--secret-env/--secret-stdin",
        "publicUrl" => "--url",
        "connectorId" => "--connector-id",
        "connectorName" => "--connector-name",
        "groupsClaim" => "--groups-claim",
        "issuer" => "--issuer",
        "mgmtDomain" => "--mgmt-domain",
        other => flag_for_extra(other.strip_prefix("extras.")?)?,
    })
}

/// Everything `validate` and `export` take.
#[derive(Args, Debug, Clone)]
pub struct SettingsArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    /// The Auth0 domain: Domain on the application's Settings tab, e.g.
    /// dev-abc123.us.auth0.com (or your custom domain).
    #[arg(long, value_name = "DOMAIN")]
    pub domain: String,

    /// Client ID on the application's Settings tab.
    #[arg(long, value_name = "ID")]
    pub client_id: String,

    /// The system's public URL: Pachyderm's proxy URL, pachd's OIDC URL (1.x), Pomerium's
    /// authenticate service URL, the OpenMetadata server URL, or Dex's issuer URL.
    #[arg(long, value_name = "URL")]
    pub url: String,

    #[command(flatten)]
    pub secret: SecretArgs,

    #[command(flatten)]
    pub common: CommonArgs,

    #[command(flatten)]
    pub extras: ExtraArgs<All>,
}

impl SettingsArgs {
    /// The settings as typed, secrets read from where the flags say.
    pub fn raw(&self) -> Result<RawSettings, CliError> {
        let client_secret = self.secret.read()?;
        let (extras, extra_secrets) = self.extras.read()?;
        let c = &self.common;
        Ok(RawSettings {
            target: self.target.target.clone(),
            version: self.target.version.clone().unwrap_or_default(),
            domain: self.domain.clone(),
            client_id: self.client_id.clone(),
            client_secret,
            public_url: self.url.clone(),
            connector_id: c.connector_id.clone().unwrap_or_default(),
            connector_name: c.connector_name.clone().unwrap_or_default(),
            groups_claim: c.groups_claim.clone().unwrap_or_default(),
            issuer: c.issuer.clone().unwrap_or_default(),
            extras,
            extra_secrets,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use auth0_wizard_core::catalog;

    #[test]
    fn every_catalog_extra_field_has_a_flag() {
        for t in catalog() {
            for e in &t.extras {
                let flag = flag_for_field(&format!("extras.{}", e.key));
                assert!(flag.is_some(), "{}: extra {} has no CLI flag", t.id, e.key);
                let is_secret = matches!(e.kind, catalog::ExtraKind::Secret);
                assert_eq!(
                    flag.unwrap().ends_with("-env"),
                    is_secret,
                    "{}: {} must be read from an env var iff secret",
                    t.id,
                    e.key
                );
            }
        }
    }

    #[test]
    fn stdin_secret_loses_only_the_trailing_line_break() {
        assert_eq!(
            read_secret_from(&b"s3cret\n"[..]).unwrap().expose(),
            "s3cret"
        );
        assert_eq!(
            read_secret_from(&b"s3cret\r\n"[..]).unwrap().expose(),
            "s3cret"
        );
        assert_eq!(read_secret_from(&b"s3cret"[..]).unwrap().expose(), "s3cret");
        assert_eq!(read_secret_from(&b"a\nb\n"[..]).unwrap().expose(), "a\nb");
        assert!(matches!(
            read_secret_from(&[0xff, 0xfe][..]),
            Err(CliError::Stdin(_))
        ));
    }

    #[test]
    fn unknown_target_and_version_are_errors_naming_the_choices() {
        let t = |target: &str, version: Option<&str>| TargetArgs {
            target: target.into(),
            version: version.map(Into::into),
        };
        let e = t("pachyderm3", None).resolve().unwrap_err();
        assert_eq!(e.code(), "unknown_target");
        assert!(
            e.to_string()
                .contains("pachyderm, pachyderm-1x, pomerium, openmetadata, dex"),
            "{e}"
        );
        let e = t("pomerium", Some("latest")).resolve().unwrap_err();
        assert_eq!(e.code(), "unknown_version");
        assert!(e.to_string().contains("0.20+, <0.20"), "{e}");
        for (version, release) in [
            ("<0.20", Release::Legacy),
            ("0.19", Release::Legacy),
            ("0.19.3", Release::Legacy),
            ("0.20", Release::Current),
            ("0.31.0", Release::Current),
        ] {
            assert_eq!(
                t("pomerium", Some(version)).resolve().unwrap().1,
                release,
                "{version}"
            );
        }
        let e = t("pachyderm", Some("1.13")).resolve().unwrap_err();
        assert_eq!(e.code(), "unknown_version");
        assert!(
            e.to_string()
                .contains("1.13 is a release of Pachyderm 1.x (target pachyderm-1x)"),
            "{e}"
        );
    }
}
