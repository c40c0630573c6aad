//! `auth0-wizard generate` (hidden): the manual pages and the shell completions, made from the
//! clap definition itself (as ripgrep's `--generate` does), so they always list the commands
//! and flags this binary has. `make package` puts them into the .deb.
//!
//! ```text
//! auth0-wizard generate man DIR          DIR/auth0-wizard.1 and DIR/auth0-wizard-<command>.1
//!                                        (`app`: auth0-wizard-app-command.1)
//! auth0-wizard generate bash|zsh|fish    the completion script, on standard output
//! ```

use super::Status;
use crate::error::CliError;
use crate::output::Output;
use clap::ValueEnum;
use clap_complete::Shell;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum What {
    /// Manual pages (roff), one per command, into DIR.
    Man,
    /// bash completion, for /usr/share/bash-completion/completions/auth0-wizard.
    Bash,
    /// zsh completion, for /usr/share/zsh/vendor-completions/_auth0-wizard.
    Zsh,
    /// fish completion, for /usr/share/fish/vendor_completions.d/auth0-wizard.fish.
    Fish,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to generate.
    #[arg(value_enum)]
    what: What,
    /// The folder the manual pages are written into (with `man`; it must exist).
    #[arg(required_if_eq("what", "man"))]
    dir: Option<PathBuf>,
}

/// The command line as clap defines it: the pages and completions are made from this alone.
/// (If `main` comes to build its `Command` some other way, this must return that one.)
pub fn definition() -> clap::Command {
    <crate::Cli as clap::CommandFactory>::command()
}

pub fn run(args: Args, out: &Output) -> Result<Status, CliError> {
    match (args.what, args.dir) {
        (What::Man, Some(dir)) => {
            man_pages(&dir).map_err(|source| CliError::Write { path: dir, source })?
        }
        (What::Man, None) => unreachable!("clap requires DIR with man"),
        (shell, _) => out.stdout(&completion(shell))?,
    }
    Ok(Status::Ok)
}

/// One page per command that is not hidden: `auth0-wizard.1`, `auth0-wizard-<command>.1`,
/// but for the `app` command (see [`page_name`]).
fn man_pages(dir: &Path) -> std::io::Result<()> {
    clap_mangen::generate_to(definition(), dir)?;
    let app = ["auth0-wizard", "app"];
    std::fs::rename(
        dir.join(format!("{}.1", app.join("-"))),
        dir.join(page_name(&app)),
    )
}

/// The page of the command `path` (`["auth0-wizard", "check"]`): `auth0-wizard-check.1`. The
/// desktop app's binary is `auth0-wizard-app`, with its own page `auth0-wizard-app.1`: the CLI's
/// `app` command's page is `auth0-wizard-app-command.1`, so that neither hides the other.
fn page_name(path: &[&str]) -> String {
    match path {
        ["auth0-wizard", "app"] => "auth0-wizard-app-command.1".to_owned(),
        _ => format!("{}.1", path.join("-")),
    }
}

/// The completion script for `shell`.
fn completion(what: What) -> String {
    let shell = match what {
        What::Bash => Shell::Bash,
        What::Zsh => Shell::Zsh,
        What::Fish => Shell::Fish,
        What::Man => unreachable!("not a shell"),
    };
    let mut cmd = without_hidden_commands(definition());
    let name = cmd.get_name().to_owned();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, name, &mut buf);
    String::from_utf8(buf).expect("clap_complete writes UTF-8")
}

/// `cmd` (this binary's root command) without its hidden subcommands: clap_complete would
/// offer them, clap_mangen skips them.
fn without_hidden_commands(cmd: clap::Command) -> clap::Command {
    debug_assert_eq!(cmd.get_name(), env!("CARGO_BIN_NAME"));
    let mut out = clap::Command::new(env!("CARGO_BIN_NAME"))
        .args(cmd.get_arguments().cloned())
        .subcommands(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
    if let Some(about) = cmd.get_about() {
        out = out.about(about.clone());
    }
    if cmd.get_version().is_some() {
        out = out.version(env!("CARGO_PKG_VERSION"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command that is not hidden, as its path of names: ["auth0-wizard", "check"], ...
    fn visible_commands() -> Vec<(Vec<String>, clap::Command)> {
        fn walk(
            path: Vec<String>,
            cmd: &clap::Command,
            out: &mut Vec<(Vec<String>, clap::Command)>,
        ) {
            out.push((path.clone(), cmd.clone()));
            for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
                let mut p = path.clone();
                p.push(sub.get_name().to_owned());
                walk(p, sub, out);
            }
        }
        // Built as clap_mangen builds it: with the global flags in every command, without
        // clap's own `help` subcommand (`--help` is there).
        let mut cmd = definition().disable_help_subcommand(true);
        cmd.build();
        let mut out = Vec::new();
        walk(vec![cmd.get_name().to_owned()], &cmd, &mut out);
        out
    }

    /// The long flags of `cmd` that `--help` shows.
    fn visible_long_flags(cmd: &clap::Command) -> Vec<String> {
        cmd.get_arguments()
            .filter(|a| !a.is_hide_set())
            .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
            .collect()
    }

    fn hidden_commands() -> Vec<String> {
        definition()
            .get_subcommands()
            .filter(|s| s.is_hide_set())
            .map(|s| s.get_name().to_owned())
            .collect()
    }

    /// Whether a completion script offers the subcommand `name`, as each shell's script names one.
    fn offers_command(shell: What, script: &str, name: &str) -> bool {
        match shell {
            What::Bash => script.contains(&format!(",{name})")),
            What::Zsh => script.contains(&format!("'{name}:")),
            _ => script.contains(&format!("-a \"{name}\"")),
        }
    }

    /// roff writes a hyphen as `\-`.
    fn roff(s: &str) -> String {
        s.replace('-', "\\-")
    }

    #[test]
    fn the_definition_has_commands_to_cover() {
        let commands = visible_commands();
        assert!(
            commands.len() > 2,
            "{:?}",
            commands.iter().map(|c| &c.0).collect::<Vec<_>>()
        );
        assert!(hidden_commands().contains(&"generate".to_owned()));
    }

    #[test]
    fn a_manual_page_for_every_command_with_every_flag() {
        let dir = tempfile::tempdir().unwrap();
        man_pages(dir.path()).unwrap();
        let mut expected = Vec::new();
        for (path, cmd) in visible_commands() {
            let file = page_name(&path.iter().map(String::as_str).collect::<Vec<_>>());
            let page = std::fs::read_to_string(dir.path().join(&file))
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            for flag in visible_long_flags(&cmd) {
                assert!(page.contains(&roff(&flag)), "{file} lacks {flag}");
            }
            for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
                assert!(
                    page.contains(&roff(sub.get_name())),
                    "{file} lacks {}",
                    sub.get_name()
                );
            }
            expected.push(file);
        }
        let mut written: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        written.sort();
        expected.sort();
        assert_eq!(written, expected, "one page per visible command, no other");
        // The desktop app's binary has the page auth0-wizard-app.1 (packaging/deb).
        assert!(
            !written.contains(&"auth0-wizard-app.1".to_owned()),
            "{written:?}"
        );
    }

    #[test]
    fn every_shell_completes_every_command_and_flag() {
        for shell in [What::Bash, What::Zsh, What::Fish] {
            let script = completion(shell);
            for (path, cmd) in visible_commands() {
                let name = path.last().unwrap();
                if path.len() > 1 {
                    assert!(
                        offers_command(shell, &script, name),
                        "{shell:?} lacks {name}"
                    );
                }
                for flag in visible_long_flags(&cmd) {
                    // fish names a long flag without its dashes: `-l client-id`.
                    let bare = flag.trim_start_matches('-');
                    let found = match shell {
                        What::Fish => script.contains(&format!("-l {bare}")),
                        _ => script.contains(&flag),
                    };
                    assert!(found, "{shell:?} lacks {flag} of {}", path.join(" "));
                }
            }
        }
    }

    #[test]
    fn hidden_commands_stay_out_of_pages_and_completions() {
        let dir = tempfile::tempdir().unwrap();
        man_pages(dir.path()).unwrap();
        let root = std::fs::read_to_string(dir.path().join("auth0-wizard.1")).unwrap();
        for hidden in hidden_commands() {
            assert!(!dir.path().join(format!("auth0-wizard-{hidden}.1")).exists());
            assert!(
                !root.contains(&format!("auth0\\-wizard\\-{hidden}")),
                "{hidden} in the page"
            );
            for shell in [What::Bash, What::Zsh, What::Fish] {
                let script = completion(shell);
                assert!(
                    !offers_command(shell, &script, &hidden),
                    "{shell:?} completes the hidden {hidden}"
                );
            }
        }
    }
}
