//! Bad input never crashes the Pomerium and OpenMetadata importers or
//! linters: the fixtures and exports with bytes cut, repeated or replaced
//! (among them the characters their parsing looks for), and version
//! numbers at the edges.

use crate::{read_fixture, FIXTURES};
use auth0_wizard_core::doctor::{claims, lint, ImportOptions, Source};
use auth0_wizard_core::TargetId;
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "${",
    ":-",
    "}",
    "://",
    "/",
    "-",
    " ",
    "\n",
    "'",
    "\"",
    "[",
    "]",
    "#",
    ":",
    "é",
    "日",
    "=",
    "- ",
    "/callback",
    "/api",
];

fn run(text: &str, version: Option<String>) {
    let Ok(src) = Source::read(text.as_bytes()) else {
        return;
    };
    for target in [TargetId::Pomerium, TargetId::Openmetadata] {
        let opts = ImportOptions {
            target: Some(target),
            version: version.clone(),
            ..ImportOptions::default()
        };
        for c in claims(&src, &opts) {
            let _ = lint(target, &src, &c.imported);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn mutated_fixtures_never_crash(
        file in proptest::sample::select(FIXTURES.to_vec()),
        at in any::<proptest::sample::Index>(),
        cut in 0usize..12,
        piece in proptest::sample::select(PIECES.to_vec()),
        version in proptest::option::of(proptest::sample::select(vec!["0.19", "0.4294967295", "1.2.4294967295", "<0.20", "junk"])),
    ) {
        let text = read_fixture(file).text;
        let mut i = at.index(text.len() + 1);
        while !text.is_char_boundary(i) { i -= 1; }
        let mut j = (i + cut).min(text.len());
        while !text.is_char_boundary(j) { j -= 1; }
        let mutated = format!("{}{piece}{}", &text[..i], &text[j..]);
        run(&mutated, version.map(str::to_owned));
    }
}
