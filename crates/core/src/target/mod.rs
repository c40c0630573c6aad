//! One module per target, each holding everything about it: its catalog
//! entry, the parsing and validation of its extra fields, its rules for the
//! common fields, its Auth0 requirements and its exporters. The registry at
//! the end of this file is the only list of targets in the code.
//!
//! Adding a target: write a module that implements [`Target`] and add one
//! line to `registry!` (see docs/adding-a-target.md).

mod extras;
pub mod info;

pub use extras::Extras;
pub use info::{ExtraField, ExtraKind, FormatInfo, Syntax, TargetInfo, VersionInfo};

use crate::doctor::probe::ProbePlan;
use crate::doctor::{Claim, Finding, ImportOptions, Imported, Source};
use crate::error::CoreError;
use crate::export::Format;
use crate::requirements::{Needs, RequirementsInput};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;
use url::Url;

/// What a target provides. Implemented by a unit struct per module, named
/// as the module's registry variant.
pub trait Target: 'static {
    /// The target's own settings, typed, parsed from its extra fields.
    type Options: Clone + fmt::Debug + PartialEq + Eq + Send + Sync + Into<TargetOptions>;

    /// The formats it exports, in the order the wizard shows them.
    const FORMATS: &'static [Format<Self::Options>];

    /// Its catalog entry.
    fn info() -> TargetInfo;

    /// How it treats the fields every target has.
    fn rules() -> Rules {
        Rules::default()
    }

    /// Its extra fields, parsed and checked. A problem reported as an error
    /// through `x` makes the settings invalid; the options are then unused.
    fn options(x: &mut Extras<'_>) -> Self::Options;

    /// `Some` when these settings do not use the Auth0 client secret: why,
    /// and how to change that.
    fn secret_unused(_options: &Self::Options) -> Option<SecretUnused> {
        None
    }

    /// What the Auth0 application (and anything else in the tenant) must look like.
    fn needs(input: &RequirementsInput, options: &Self::Options) -> Needs;

    /// What it brings to troubleshooting (`doctor`): its importer, its
    /// linter, its probes. None by default.
    const DOCTOR: Doctor = Doctor::NONE;
}

/// A target's part in troubleshooting, as functions of its own modules
/// (`import.rs`, `lint.rs`, `probe.rs`).
#[derive(Clone, Copy)]
pub struct Doctor {
    /// Reads a file as one of this target's: `None` when it is not one, else
    /// how sure (0 to 100) and what it holds.
    pub import: fn(&Source, &ImportOptions) -> Option<Claim>,
    /// Every problem of a file this target imported.
    pub lint: fn(&Source, &Imported) -> Vec<Finding>,
    /// What to ask the running system from its public URL (no credentials,
    /// read only), and how to read each answer (doctor::probe).
    pub probe_plan: fn(&Url) -> ProbePlan,
}

impl Doctor {
    /// No importer, no finding, no probe.
    pub const NONE: Doctor = Doctor {
        import: |_, _| None,
        lint: |_, _| Vec::new(),
        probe_plan: |_| ProbePlan::none("The wizard has no probe for this system."),
    };
}

/// A target's rules for the fields every target has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    /// Where Auth0 sends the browser back, under the public URL (`/oauth2/callback`).
    pub callback_path: &'static str,
    /// It compares the configured issuer with Auth0's letter by letter (Dex's
    /// go-oidc, targets.md §1.3), so the issuer must keep Auth0's trailing slash.
    pub issuer_needs_slash: bool,
    /// It refuses users whose e-mail is not verified (Dex, §1.2).
    pub requires_verified_email: bool,
    /// The shortest client ID it accepts, and the code reported below it.
    pub min_client_id: Option<MinLength>,
    /// The shortest client secret it accepts, and the code reported below it.
    pub min_client_secret: Option<MinLength>,
    /// http to a host other than this machine is only a warning with this fix
    /// (pachd's OIDC port); `None` makes it an error.
    pub http_allowed_fix: Option<&'static str>,
    /// A suffix users paste with the public URL that the wizard removes, with
    /// the code and message of the warning that says so.
    pub url_suffix: Option<UrlSuffix>,
}

/// Why a target's settings leave the client secret out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecretUnused {
    pub message: &'static str,
    pub fix: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinLength {
    pub chars: usize,
    pub code: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlSuffix {
    pub suffix: &'static str,
    pub code: &'static str,
    pub message: &'static str,
    pub fix: &'static str,
}

/// Runs code for one target type, chosen at run time by a [`TargetId`].
pub(crate) trait ForTarget {
    type Out;
    fn run<T: Target>(self) -> Self::Out;
}

/// Runs code for one target type and its options, chosen by [`TargetOptions`].
pub(crate) trait WithOptions {
    type Out;
    fn run<T: Target>(self, options: &T::Options) -> Self::Out;
}

/// Declares the registry: `Variant = "id" in module,` per target. Declares
/// each module and generates [`TargetId`] and [`TargetOptions`] and their
/// dispatch, nothing else.
macro_rules! registry {
    ($($(#[$doc:meta])* $variant:ident = $id:literal in $module:ident,)*) => {
        $(pub mod $module;)*

        /// The systems the wizard configures.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        pub enum TargetId {
            $($(#[$doc])* #[serde(rename = $id)] $variant,)*
        }

        impl TargetId {
            /// Every target, in the order the wizard shows them.
            pub const ALL: [TargetId; [$($id),*].len()] = [$(TargetId::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(TargetId::$variant => $id,)*
                }
            }

            pub(crate) fn run<F: ForTarget>(self, f: F) -> F::Out {
                match self {
                    $(TargetId::$variant => f.run::<$module::$variant>(),)*
                }
            }
        }

        /// Each target's typed settings (its [`Target::Options`]).
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum TargetOptions {
            $($variant($module::Options),)*
        }

        impl TargetOptions {
            /// The target these options belong to.
            pub fn target(&self) -> TargetId {
                match self {
                    $(TargetOptions::$variant(_) => TargetId::$variant,)*
                }
            }

            pub(crate) fn run<W: WithOptions>(&self, w: W) -> W::Out {
                match self {
                    $(TargetOptions::$variant(o) => w.run::<$module::$variant>(o),)*
                }
            }
        }

        $(impl From<$module::Options> for TargetOptions {
            fn from(o: $module::Options) -> Self {
                TargetOptions::$variant(o)
            }
        })*
    };
}

registry! {
    /// Pachyderm 2.x: Dex runs inside pachd, connectors via pachctl or Helm.
    Pachyderm = "pachyderm" in pachyderm,
    /// Pachyderm 1.x: `pachctl auth set-config`.
    Pachyderm1x = "pachyderm-1x" in pachyderm1x,
    Pomerium = "pomerium" in pomerium,
    Openmetadata = "openmetadata" in openmetadata,
    /// A plain Dex `connectors[]` entry.
    Dex = "dex" in dex,
}

impl TargetId {
    pub fn info(self) -> TargetInfo {
        struct Info;
        impl ForTarget for Info {
            type Out = TargetInfo;
            fn run<T: Target>(self) -> TargetInfo {
                T::info()
            }
        }
        self.run(Info)
    }

    pub fn rules(self) -> Rules {
        struct R;
        impl ForTarget for R {
            type Out = Rules;
            fn run<T: Target>(self) -> Rules {
                T::rules()
            }
        }
        self.run(R)
    }

    /// The target's options from its extra fields. Problems go to the report
    /// through `x`; the options are only usable when `x.valid()`.
    pub fn options(self, x: &mut Extras<'_>) -> TargetOptions {
        struct O<'a, 'b>(&'a mut Extras<'b>);
        impl ForTarget for O<'_, '_> {
            type Out = TargetOptions;
            fn run<T: Target>(self) -> TargetOptions {
                T::options(self.0).into()
            }
        }
        self.run(O(x))
    }
}

impl TargetId {
    /// What to ask this target's running system (see [`Doctor::probe_plan`]).
    pub fn probe_plan(self, base: &Url) -> ProbePlan {
        struct P<'a>(&'a Url);
        impl ForTarget for P<'_> {
            type Out = ProbePlan;
            fn run<T: Target>(self) -> ProbePlan {
                (T::DOCTOR.probe_plan)(self.0)
            }
        }
        self.run(P(base))
    }

    /// This target's options with every extra field left empty (generated
    /// secrets are empty too).
    pub fn default_options(self, release: crate::model::Release) -> TargetOptions {
        let raw = crate::model::RawSettings::default();
        let mut report = crate::validate::Report::default();
        let mut generate = |_: &str| crate::secret::Secret::default();
        self.options(&mut Extras::new(&raw, release, &mut generate, &mut report))
    }
}

impl TargetOptions {
    /// `Some` when these settings leave the client secret out.
    pub fn secret_unused(&self) -> Option<SecretUnused> {
        struct U;
        impl WithOptions for U {
            type Out = Option<SecretUnused>;
            fn run<T: Target>(self, o: &T::Options) -> Self::Out {
                T::secret_unused(o)
            }
        }
        self.run(U)
    }
}

impl fmt::Display for TargetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TargetId {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TargetId::ALL
            .into_iter()
            .find(|t| t.as_str() == s.trim())
            .ok_or_else(|| CoreError::UnknownTarget(s.to_owned()))
    }
}

/// The ids of every target, for messages: `pachyderm, pachyderm-1x, ...`.
pub fn id_list() -> String {
    let ids: Vec<&str> = TargetId::ALL.into_iter().map(TargetId::as_str).collect();
    ids.join(", ")
}

/// Every target's catalog entry, in the order the wizard shows them.
pub fn catalog() -> Vec<TargetInfo> {
    TargetId::ALL.into_iter().map(TargetId::info).collect()
}

pub fn target_info(id: TargetId) -> TargetInfo {
    id.info()
}

/// The catalog entries of a target's formats.
pub fn format_infos<O>(formats: &[Format<O>]) -> Vec<FormatInfo> {
    formats.iter().map(|f| f.info.clone()).collect()
}
