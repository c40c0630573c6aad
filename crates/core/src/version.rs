//! Release numbers of the target systems (`0.19`, `1.2.5`, `2.45.1`) and the
//! half-open ranges a catalog version entry covers.

use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;

/// A release number: `major.minor` with an optional patch. A missing patch
/// compares as 0, so `0.20` and `0.20.0` are the same release line start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, TS)]
#[ts(type = "string")]
pub struct Version {
    pub major: u32,
    pub minor: u32,
    pub patch: Option<u32>,
}

impl Version {
    /// `major.minor`, for ranges written in code.
    pub const fn new(major: u32, minor: u32) -> Self {
        Version {
            major,
            minor,
            patch: None,
        }
    }

    fn key(&self) -> (u32, u32, u32) {
        (self.major, self.minor, self.patch.unwrap_or(0))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)?;
        if let Some(p) = self.patch {
            write!(f, ".{p}")?;
        }
        Ok(())
    }
}

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why a text is not a release number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a release number such as 1.2 or 1.2.5")]
pub struct NotAVersion(pub String);

impl FromStr for Version {
    type Err = NotAVersion;

    /// `1.2`, `1.2.5`, `v1.2.5`; a pre-release or build suffix (`-rc.3`, `+x`)
    /// is ignored, so `2.12.0-rc.3` is the 2.12.0 line.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || NotAVersion(s.to_owned());
        let t = s.trim();
        let t = t.strip_prefix(['v', 'V']).unwrap_or(t);
        let t = t.split(['-', '+']).next().unwrap_or("");
        let mut parts = t.split('.');
        let num = |p: Option<&str>| -> Result<Option<u32>, NotAVersion> {
            match p {
                None => Ok(None),
                Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| err())
                }
                Some(_) => Err(err()),
            }
        };
        let major = num(parts.next())?.ok_or_else(err)?;
        let minor = num(parts.next())?.ok_or_else(err)?;
        let patch = num(parts.next())?;
        if parts.next().is_some() {
            return Err(err());
        }
        Ok(Version {
            major,
            minor,
            patch,
        })
    }
}

/// Releases from `from` (inclusive) until `until` (exclusive); `None` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
pub struct VersionRange {
    pub from: Option<Version>,
    pub until: Option<Version>,
}

impl VersionRange {
    pub const fn new(from: Option<Version>, until: Option<Version>) -> Self {
        VersionRange { from, until }
    }

    pub fn contains(&self, v: Version) -> bool {
        self.from.is_none_or(|f| v >= f) && self.until.is_none_or(|u| v < u)
    }
}

impl fmt::Display for VersionRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.from, self.until) {
            (Some(a), Some(b)) => write!(f, "{a} to before {b}"),
            (Some(a), None) => write!(f, "{a} and later"),
            (None, Some(b)) => write!(f, "before {b}"),
            (None, None) => f.write_str("any release"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        s.parse().unwrap()
    }

    #[test]
    fn parses_release_numbers_and_ignores_prerelease_suffixes() {
        assert_eq!(v("0.19"), Version::new(0, 19));
        assert_eq!(v(" v1.2.5 ").patch, Some(5));
        assert_eq!(v("2.12.0-rc.3"), v("2.12.0"));
        for bad in [
            "",
            "1",
            "1.",
            "a.b",
            "1.2.3.4",
            "<0.20",
            "1.-2",
            "99999999999.1",
        ] {
            assert!(bad.parse::<Version>().is_err(), "{bad}");
        }
    }

    #[test]
    fn orders_by_number_not_text_and_a_missing_patch_is_zero() {
        assert!(v("0.9") < v("0.19"));
        assert!(v("0.19.9") < v("0.20"));
        assert_eq!(v("1.2").cmp(&v("1.2.0")), Ordering::Equal);
        assert_eq!(v("1.2.5").to_string(), "1.2.5");
    }

    #[test]
    fn ranges_are_half_open() {
        let r = VersionRange::new(Some(Version::new(0, 20)), Some(Version::new(0, 31)));
        assert!(!r.contains(v("0.19.3")));
        assert!(r.contains(v("0.20")));
        assert!(r.contains(v("0.30.9")));
        assert!(!r.contains(v("0.31")));
        assert!(VersionRange::default().contains(v("9.9")));
        assert_eq!(r.to_string(), "0.20 to before 0.31");
    }
}
