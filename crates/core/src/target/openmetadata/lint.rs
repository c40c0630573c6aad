//! Every problem of an OpenMetadata file: the keys (lint_keys.rs), the
//! server SSO settings (lint_server.rs, lint_client.rs) or the ingestion
//! workflow (lint_ingestion.rs).

use super::Openmetadata;
use crate::doctor::values::version_range;
use crate::doctor::{Finding, Imported, Source};
use crate::target::Target;

pub(super) fn lint(src: &Source, im: &Imported) -> Vec<Finding> {
    let range = version_range(&Openmetadata::info(), &im.settings.version);
    let format = im.detected.format.as_str();
    if format == "ingestion-yaml" {
        return super::lint_ingestion::check(src, &range);
    }
    let Some(s) = super::read::read(src) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    super::lint_keys::check(&s, format, &range, &mut out);
    super::lint_server::check(&s, &mut out);
    super::lint_client::check(&s, format, &range, &mut out);
    out
}
