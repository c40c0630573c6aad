//! Small helpers every importer and linter needs: values left as
//! placeholders, values that only name where the real one is (an environment
//! variable), and the place of a part of a scalar (the host inside a URL).

use super::import::Spot;
use super::tree::{KeyPath, Span};
use crate::target::TargetInfo;
use crate::version::{Version, VersionRange};

/// A value a guide told the reader to replace and nobody did:
/// `<insert-client-id>`, `REPLACE_ME`, `REPLACE_WITH_...`, `{your_client_id}`,
/// `https://{your domain}/callback`, `xxx`, `YOUR_CLIENT_ID`, `...`.
pub fn is_placeholder(value: &str) -> bool {
    let t = value.trim();
    let upper = t.to_ascii_uppercase();
    (t.len() >= 3 && t.starts_with('<') && t.ends_with('>'))
        || upper.contains("REPLACE_ME")
        || upper.contains("REPLACE-ME")
        || upper.starts_with("REPLACE_WITH")
        || upper.starts_with("YOUR_")
        || upper.starts_with("YOUR-")
        || upper == "CHANGEME"
        || upper == "CHANGE_ME"
        || t == "..."
        || (t.len() >= 3 && t.chars().all(|c| c == 'x' || c == 'X'))
        || has_brace_word(t)
}

/// `{word ...}` not preceded by `$` (a `${VAR}` reference is not a placeholder).
fn has_brace_word(t: &str) -> bool {
    let mut rest = t;
    let mut before = None;
    while let Some(i) = rest.find('{') {
        let prev = rest[..i].chars().last().or(before);
        let after = &rest[i + 1..];
        if let Some(j) = after.find('}') {
            let inner = &after[..j];
            let wordy = !inner.is_empty()
                && inner.chars().any(|c| c.is_ascii_alphabetic())
                && inner
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' ' | '.'));
            if wordy && prev != Some('$') {
                return true;
            }
        }
        before = Some('{');
        rest = after;
    }
    false
}

/// The variable a value only refers to: `$AUTH0_CLIENT_SECRET` or
/// `${OIDC_CLIENT_SECRET}` (the whole value, nothing else around it).
pub fn env_reference(value: &str) -> Option<&str> {
    let t = value.trim();
    let name = t
        .strip_prefix("${")
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| t.strip_prefix('$'))?;
    let ok = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then_some(name)
}

/// Where `value[part]` stands in `text`, given that the whole scalar (whose
/// parsed value is `value`) is written at `span`: only when the scalar shows
/// the value verbatim, plain or between quotes (no escapes), on one line.
pub fn sub_span(text: &str, span: Span, value: &str, part: std::ops::Range<usize>) -> Option<Span> {
    let raw = text.get(span.start..span.end)?;
    let at = if raw == value {
        0
    } else if raw.len() == value.len() + 2 && raw.get(1..raw.len() - 1) == Some(value) {
        1
    } else {
        return None;
    };
    let head = raw.get(..at + part.start)?;
    if head.contains('\n') || part.end > value.len() || !value.is_char_boundary(part.start) {
        return None;
    }
    Some(Span {
        start: span.start + at + part.start,
        end: span.start + at + part.end,
        line: span.line,
        col: span.col + head.chars().count(),
    })
}

/// A spot in the file's own text (no layers).
pub fn plain_spot(path: KeyPath, span: Span) -> Spot {
    Spot {
        path,
        layers: Vec::new(),
        span,
    }
}

/// The releases a settings version stands for: a release number is its own
/// line (`0.30` is 0.30.x, `0.30.2` only itself), a catalog id its range, and
/// no version (or one the catalog does not know) any release.
pub fn version_range(info: &TargetInfo, id: &str) -> VersionRange {
    if id.trim().is_empty() {
        return VersionRange::default();
    }
    match info.resolve_version(id) {
        Ok((_, Some(n))) => {
            let next = match n.patch {
                Some(p) => Version {
                    patch: Some(p.saturating_add(1)),
                    ..n
                },
                None => Version::new(n.major, n.minor.saturating_add(1)),
            };
            VersionRange::new(Some(n), Some(next))
        }
        Ok((entry, None)) => entry.range,
        Err(_) => VersionRange::default(),
    }
}

/// Every release of `r` is `x` or later.
pub fn all_from(r: &VersionRange, x: Version) -> bool {
    r.from.is_some_and(|f| f >= x)
}

/// Every release of `r` is before `x`.
pub fn all_before(r: &VersionRange, x: Version) -> bool {
    r.until.is_some_and(|u| u <= x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_from_the_guides_are_recognised() {
        for p in [
            "<insert-client-id>",
            "REPLACE_ME",
            "REPLACE_WITH_AUTH0_CLIENT_SECRET",
            "{your_client_id}",
            "https://{your domain}/callback",
            "xxx",
            "YOUR_CLIENT_ID",
            "...",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for v in [
            "dev-abc.us.auth0.com",
            "${OIDC_CLIENT_SECRET}",
            "https://x.example.com/${PATH}",
            "{\"a\":1}",
            "",
            "box",
        ] {
            assert!(!is_placeholder(v), "{v}");
        }
    }

    #[test]
    fn references_name_their_variable() {
        assert_eq!(
            env_reference("$AUTH0_CLIENT_SECRET"),
            Some("AUTH0_CLIENT_SECRET")
        );
        assert_eq!(
            env_reference("${OIDC_CLIENT_SECRET}"),
            Some("OIDC_CLIENT_SECRET")
        );
        assert_eq!(env_reference("${A:-b}"), None);
        assert_eq!(env_reference("$1abc"), None);
        assert_eq!(env_reference("secret$"), None);
    }

    #[test]
    fn a_part_of_a_scalar_has_its_own_place() {
        let text = "a: https://t.auth0.com/\nb: 'https://t.auth0.com'\nc: \"x\\ty\"\n";
        let at = |needle: &str, line: usize, col: usize| {
            let start = text.find(needle).unwrap();
            Span {
                start,
                end: start + needle.len(),
                line,
                col,
            }
        };
        let s = sub_span(
            text,
            at("https://t.auth0.com/", 1, 4),
            "https://t.auth0.com/",
            8..19,
        )
        .unwrap();
        assert_eq!(&text[s.start..s.end], "t.auth0.com");
        assert_eq!((s.line, s.col), (1, 12));
        let q = sub_span(
            text,
            at("'https://t.auth0.com'", 2, 4),
            "https://t.auth0.com",
            8..19,
        )
        .unwrap();
        assert_eq!(&text[q.start..q.end], "t.auth0.com");
        assert_eq!(q.col, 13);
        assert_eq!(sub_span(text, at("\"x\\ty\"", 3, 4), "x\ty", 0..1), None);
    }
}
