//! Every problem of a Pomerium file: options the release does not know
//! (lint_keys.rs) and values that break sign-in (lint_values.rs).

use super::read::Options;
use super::Pomerium;
use crate::doctor::values::version_range;
use crate::doctor::{Finding, Imported, Source};
use crate::target::Target;

pub(super) fn lint(src: &Source, im: &Imported) -> Vec<Finding> {
    let Some(o) = Options::read(src) else {
        return Vec::new();
    };
    let range = version_range(&Pomerium::info(), &im.settings.version);
    let mut out = Vec::new();
    super::lint_keys::check(&o, &range, &mut out);
    super::lint_values::check(&o, &mut out);
    out
}
