//! README.md is the front page: every file it links to (screenshots, scripts)
//! exists, and the two commands it promises come first.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

#[test]
fn every_relative_link_in_the_readme_exists() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut links = 0;
    for (i, _) in readme.match_indices("](") {
        let rest = &readme[i + 2..];
        let target = &rest[..rest.find(')').expect("a link closes")];
        if target.contains("://") || target.starts_with('#') {
            continue;
        }
        links += 1;
        assert!(
            root().join(target).exists(),
            "README.md links to {target}, which does not exist"
        );
    }
    assert!(
        links >= 9,
        "README.md shows the screenshots ({links} links)"
    );
}

#[test]
fn make_run_and_make_test_come_first() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let first_block = readme.split("```").nth(1).expect("a code block");
    let run = first_block
        .find("make run")
        .expect("make run in the first block");
    let test = first_block
        .find("make test")
        .expect("make test in the first block");
    assert!(run < test);
}
