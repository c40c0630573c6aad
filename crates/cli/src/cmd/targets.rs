//! `auth0-wizard targets`: the catalog.

use super::Status;
use crate::error::CliError;
use crate::output::Output;
use crate::settings::flag_for_field;
use auth0_wizard_core::catalog;
use auth0_wizard_core::catalog::{ExtraKind, TargetInfo};

#[derive(Debug, clap::Args)]
#[command(after_help = "Use the ids in the first column with --target, --version and --format.")]
pub struct Args {}

pub fn run(_args: Args, out: &Output) -> Result<Status, CliError> {
    let targets = catalog();
    if out.json {
        out.json(&targets)?;
    } else {
        out.stdout(&render(&targets))?;
    }
    Ok(Status::Ok)
}

fn render(targets: &[TargetInfo]) -> String {
    let mut s = String::new();
    for t in targets {
        s.push_str(&format!("{}  ({})\n  {}\n", t.id, t.name, t.summary));
        s.push_str(&format!("  --url: {}\n", t.url_help));
        s.push_str("  versions (--version):\n");
        for v in &t.versions {
            let default = if v.default { "  [default]" } else { "" };
            s.push_str(&format!("    {:<12} {}{default}\n", v.id, v.label));
        }
        s.push_str("  formats (--format):\n");
        for f in &t.formats {
            s.push_str(&format!(
                "    {:<16} {} -> {}\n",
                f.id, f.label, f.file_name
            ));
        }
        if !t.extras.is_empty() {
            s.push_str("  target flags:\n");
            for e in &t.extras {
                let flag = flag_for_field(&format!("extras.{}", e.key)).unwrap_or(e.key);
                let value = match e.kind {
                    ExtraKind::Secret => " VAR".to_owned(),
                    ExtraKind::Choice => format!(" {}", e.choices.join("|")),
                    ExtraKind::Text => String::new(),
                };
                let default = match e.default {
                    "" => String::new(),
                    d => format!(" Default: {d}."),
                };
                s.push_str(&format!("    {flag}{value}: {}{default}\n", e.help));
            }
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_target_version_and_format() {
        let text = render(&catalog());
        for t in catalog() {
            assert!(text.contains(&format!("{}  ({})", t.id, t.name)), "{text}");
            for f in &t.formats {
                assert!(text.contains(f.id), "{}", f.id);
            }
            for v in &t.versions {
                assert!(text.contains(v.id), "{}", v.id);
            }
        }
        assert!(text.contains("--cookie-secret-env VAR"), "{text}");
    }
}
