//! From the connectors found in a file to the [`Imported`] the wizard
//! continues with: which connector, the settings it carries, what was
//! detected and how. Shared by Dex, Pachyderm and Pachyderm 1.x.

use super::connector::{pick, Conn, Pick};
use super::read::{read_conn, Names, Read};
use crate::doctor::{Claim, Detected, Finding, ImportOptions, Imported, Level, Location};
use crate::target::TargetId;

/// What a target found in the file before reading the values.
pub struct Found {
    pub format: &'static str,
    pub score: u8,
    pub why: String,
    pub conns: Vec<Conn>,
    /// Problems met while reading (an inner text that does not parse, ...).
    pub problems: Vec<Finding>,
    /// The release the file tells, if any (a Dex image tag).
    pub version: Option<String>,
}

/// How a target reads its connectors.
pub struct Reader {
    pub target: TargetId,
    pub names: Names,
    /// Its `rules().callback_path`.
    pub callback_path: &'static str,
    /// Whether an entry is an OIDC connector (the kind Auth0 needs).
    pub oidc: fn(&Conn) -> bool,
    /// The finding code for a secret read from the environment, where the
    /// system expands it (Dex).
    pub secret_env: Option<&'static str>,
}

impl Reader {
    fn prefix(&self) -> &'static str {
        self.target.as_str()
    }

    /// The connector to read (`wanted`, or the Auth0 one), the ids to choose
    /// from when that is not clear, and the findings that say so.
    pub fn choose(&self, conns: &[Conn], wanted: Option<&str>) -> (Option<usize>, Vec<String>, Vec<Finding>) {
        let all = || conns.iter().map(Conn::label).collect::<Vec<_>>();
        let code = |p: &str| format!("{}.connector.{p}", self.prefix());
        let whole = Location::whole_file;
        match pick(conns, wanted, self.names.issuer, self.oidc) {
            Pick::One(i) => (Some(i), Vec::new(), Vec::new()),
            Pick::Ask(ids) => {
                let f = Finding::new(&code("choose"), Level::Info, whole(),
                    format!("{} connectors could be the Auth0 one: {}.", ids.len(), ids.join(", ")),
                    "Choose one (--connector ID, or in the window).");
                (None, ids, vec![f])
            }
            Pick::NotFound(w) => {
                let f = Finding::new(&code("not_found"), Level::Error, whole(),
                    format!("There is no connector with id {w:?} in the file; it has: {}.", all().join(", ")),
                    "Choose one of the connectors in the file.");
                (None, all(), vec![f])
            }
            Pick::None => {
                let f = Finding::new(&code("none"), Level::Warning, whole(),
                    match conns.len() {
                        0 => "The file has no connector.".to_owned(),
                        _ => format!("The file has no OIDC connector (type: oidc), which Auth0 needs; it has: {}.", all().join(", ")),
                    },
                    "Add the Auth0 connector (the wizard writes it), or choose one with --connector ID.");
                (None, all(), vec![f])
            }
        }
    }

    /// The claim for `found`: the chosen connector's settings.
    pub fn claim(&self, found: Found, opts: &ImportOptions) -> Claim {
        let (chosen, choices, mut findings) = self.choose(&found.conns, opts.connector.as_deref());
        let mut read = match chosen {
            Some(i) => read_conn(&found.conns[i], &self.names, self.callback_path, self.secret_env),
            None => Read::default(),
        };
        findings.append(&mut read.findings);
        let mut problems = found.problems;
        problems.append(&mut findings);
        let version = opts.version.clone().or(found.version).unwrap_or_default();
        let info = self.target.info();
        read.settings.target = self.target.as_str().to_owned();
        read.settings.version = version.clone();
        let detected = Detected {
            target: self.target,
            version: info.resolve_version(&version).ok().map(|(v, _)| v.id.to_owned()),
            format: opts.format.clone().unwrap_or_else(|| found.format.to_owned()),
            why: found.why,
        };
        Claim {
            score: found.score,
            imported: Imported {
                detected,
                settings: read.settings,
                spots: read.spots,
                choices,
                findings: problems,
            },
        }
    }
}

/// Whether the caller's `--format` allows reading the file as `format`
/// (`also` are formats read the same way).
pub fn format_allowed(opts: &ImportOptions, format: &str, also: &[&str]) -> bool {
    match opts.format.as_deref() {
        None => true,
        Some(f) => f == format || also.contains(&f),
    }
}
