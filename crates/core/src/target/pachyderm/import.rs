//! Reading what Pachyderm administrators have: Helm values (the Auth0 entry
//! in `oidc.upstreamIDPs`, maybe as a `jsonConfig` string), a Kubernetes
//! Secret whose `upstream-idps` holds the entries (`stringData`, or base64
//! `data`), the entries on their own, and the `pachctl idp` file.

use super::keys::{HELM_OIDC_KEYS, SECRET_KEY};
use crate::doctor::{did_you_mean, Claim, Finding, ImportOptions, KeyPath, Level, Node, Source};
use crate::target::dex::assemble::{format_allowed, Found, Reader};
use crate::target::dex::connector::{get, is_oidc, Conn, Keys};
use crate::target::dex::read::DEX_NAMES;
use crate::target::dex::text::{Text, Wrap};
use crate::target::TargetId;
use std::rc::Rc;

pub(super) const READER: Reader = Reader {
    target: TargetId::Pachyderm,
    names: DEX_NAMES,
    callback_path: "/dex/callback",
    oidc: is_oidc,
    secret_env: None,
};

/// Where the list of entries was found, when not where pachd reads it.
#[derive(Debug, Clone)]
pub(super) enum Odd {
    /// A Secret key other than `upstream-idps`.
    SecretKey(KeyPath, Node),
    /// `upstream-idps` beside `stringData:` instead of under it.
    Misplaced(KeyPath, Node),
    /// A misspelled `oidc.upstreamIDPs`.
    HelmKey,
}

pub(super) struct Located {
    pub found: Found,
    pub doc: Node,
    /// pachd's entries (protojson, strict keys), not a `pachctl idp` file.
    pub strict: bool,
    pub odd: Option<Odd>,
    /// The Secret's name (`metadata.name`, or `oidc.upstreamIDPsSecretName`).
    pub secret_name: Option<(KeyPath, Node)>,
}

pub(super) fn locate(src: &Source) -> Option<Located> {
    let text = Rc::new(Text::file(src));
    src.docs.iter().find_map(|doc| {
        secret(doc, &text)
            .or_else(|| helm(doc, &text))
            .or_else(|| single(doc, &text))
            .or_else(|| list(doc, &text))
    })
}

/// pachd's entries of `list` (in `text`, at `path`).
fn entries(list: &Node, path: &KeyPath, text: &Rc<Text>) -> Vec<Conn> {
    list.as_seq()
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter(|(_, item)| item.as_map().is_some())
        .map(|(i, item)| Conn::read(item, path.index(i), text, "config", true, Keys::Exact))
        .collect()
}

fn located(format: &'static str, score: u8, why: String, doc: &Node, conns: Vec<Conn>, strict: bool) -> Located {
    Located {
        found: Found { format, score, why, conns, problems: Vec::new(), version: None },
        doc: doc.clone(),
        strict,
        odd: None,
        secret_name: None,
    }
}

/// A Kubernetes Secret holding `upstream-idps` as YAML text (`stringData`)
/// or base64 (`data`).
fn secret(doc: &Node, text: &Rc<Text>) -> Option<Located> {
    let is_secret = doc.str_at("kind") == Some("Secret");
    let sections = [("stringData", Wrap::Yaml), ("data", Wrap::Base64)];
    let present: Vec<_> = sections.iter().filter(|(s, _)| get(doc, s, Keys::Exact).is_some()).collect();
    if !is_secret && present.is_empty() {
        return None;
    }
    let mut found = None;
    for (section, wrap) in &present {
        let base = KeyPath::root().key(section);
        let Some(map) = doc.get(section).and_then(Node::as_map) else { continue };
        let exact = map.iter().find(|(k, _)| k.as_str() == Some(SECRET_KEY));
        let near = map.iter().find(|(k, _)| {
            k.as_str().is_some_and(|k| did_you_mean(k, [SECRET_KEY]).is_some() || k.eq_ignore_ascii_case("upstreamIDPs"))
        });
        let only = (map.len() == 1).then(|| &map[0]);
        if let Some((k, v)) = exact.or(near).or(only) {
            let name = k.as_str().unwrap_or(SECRET_KEY);
            let odd = (name != SECRET_KEY).then(|| Odd::SecretKey(base.key(name), k.clone()));
            found = Some((base.key(name), v, *wrap, odd));
            break;
        }
    }
    if found.is_none() {
        // The guide's own example: `upstream-idps` beside `stringData:`.
        if let Some((k, v)) = get(doc, SECRET_KEY, Keys::Exact) {
            let path = KeyPath::root().key(SECRET_KEY);
            found = Some((path.clone(), v, Wrap::Yaml, Some(Odd::Misplaced(path, k.clone()))));
        }
    }
    let (path, value, wrap, odd) = found?;
    let (conns, problems) = inner_entries(text, value, wrap, &path);
    // Another key is read only when it clearly holds connectors.
    if matches!(odd, Some(Odd::SecretKey(..))) && conns.is_empty() {
        return None;
    }
    let score = if is_secret && odd.is_none() { 95 } else { 75 };
    let why = format!("A Kubernetes Secret with {path}: the connectors pachd reads through oidc.upstreamIDPsSecretName.");
    let mut l = located("k8s-secret", score, why, doc, conns, true);
    l.found.problems = problems;
    l.odd = odd;
    l.secret_name = get(doc, "metadata", Keys::Exact)
        .and_then(|(_, m)| get(m, "name", Keys::Exact))
        .map(|(_, n)| (KeyPath::root().key("metadata").key("name"), n.clone()));
    Some(l)
}

/// The entries a Secret's value holds, and why they cannot be read.
fn inner_entries(text: &Rc<Text>, value: &Node, wrap: Wrap, path: &KeyPath) -> (Vec<Conn>, Vec<Finding>) {
    let what = path.to_string();
    let err = |code: &str, line: usize, msg: String, fix: &str| {
        let loc = crate::doctor::Location { path: what.clone(), line: Some(line) };
        vec![Finding::new(code, Level::Error, loc, msg, fix)]
    };
    let inner = match text.inner(value, wrap) {
        Ok(t) => Rc::new(t),
        Err(e) => {
            let line = e.line().unwrap_or_else(|| text.line(value.span.line));
            return (Vec::new(), err("pachyderm.upstream_idps.syntax", line,
                format!("{} pachd cannot read the connectors and does not start.", e.describe(&what)),
                "Make it a YAML list of connector entries (- type: oidc, id: ..., name: ..., config: ...), indented under the key."));
        }
    };
    let doc = &inner.docs[0];
    if doc.as_seq().is_none() {
        return (Vec::new(), err("pachyderm.upstream_idps.not_list", text.line(value.span.line),
            format!("{what} must be a YAML list of connector entries; pachd cannot read it (unmarshal into slice of JSON messages) and does not start."),
            "Write the entries as a list: each starts with - type: oidc."));
    }
    (entries(doc, path, &inner), Vec::new())
}

/// Pachyderm's Helm values: `oidc.upstreamIDPs`, or `oidc.upstreamIDPsSecretName`.
fn helm(doc: &Node, text: &Rc<Text>) -> Option<Located> {
    let oidc = doc.get("oidc")?;
    let map = oidc.as_map()?;
    let near = |k: &str| k.eq_ignore_ascii_case("upstreamIDPs") || did_you_mean(k, ["upstreamIDPs"]).is_some();
    let keys: Vec<&str> = map.iter().filter_map(|(k, _)| k.as_str()).collect();
    if !keys.iter().any(|k| HELM_OIDC_KEYS.contains(k) || near(k)) {
        return None;
    }
    let base = KeyPath::root().key("oidc");
    let list = map.iter().find(|(k, _)| k.as_str() == Some("upstreamIDPs")).map(|e| (e, None)).or_else(|| {
        map.iter()
            .find(|(k, v)| k.as_str().is_some_and(near) && v.as_seq().is_some())
            .map(|e| (e, Some(Odd::HelmKey)))
    });
    let (conns, odd, why) = match list {
        Some(((k, v), odd)) => {
            let path = base.key(k.as_str().unwrap_or("upstreamIDPs"));
            let conns = entries(v, &path, text);
            let why = format!("Helm values for Pachyderm's chart: {path} with {} entr{}.", conns.len(), if conns.len() == 1 { "y" } else { "ies" });
            (conns, odd, why)
        }
        None => (Vec::new(), None, "Helm values for Pachyderm's chart: an oidc: section without upstreamIDPs.".into()),
    };
    let mut l = located("helm-values", 90, why, doc, conns, true);
    l.odd = odd;
    l.secret_name = get(oidc, "upstreamIDPsSecretName", Keys::Exact)
        .filter(|(_, v)| v.as_str().is_some_and(|s| !s.is_empty()))
        .map(|(_, v)| (base.key("upstreamIDPsSecretName"), v.clone()));
    if let Some((_, v)) = &l.secret_name {
        l.found.why.push_str(&format!(" The connectors are in the Secret {:?} (oidc.upstreamIDPsSecretName).", v.as_str().unwrap_or("")));
    }
    Some(l)
}

/// One entry on its own: a `pachctl idp` file, or one of pachd's entries.
fn single(doc: &Node, text: &Rc<Text>) -> Option<Located> {
    let has = |k: &str| get(doc, k, Keys::AnyCase).is_some();
    if doc.as_map().is_none() || !has("type") || !["config", "jsonConfig", "version", "id"].iter().any(|k| has(k)) {
        return None;
    }
    let json = text.text.get(doc.span.start..).is_some_and(|t| t.starts_with('{'));
    let idp_file = if json { "dex-json" } else { "dex-yaml" };
    let pachd_only = get(doc, "jsonConfig", Keys::Exact).is_some() || get(doc, "configVersion", Keys::Exact).is_some();
    let (format, score, strict, why) = if has("version") {
        (idp_file, 92, false, "One connector with a version: key, which only pachctl idp create-connector / update-connector files have.".to_owned())
    } else if pachd_only {
        ("upstream-idps", 85, true, "One connector entry with jsonConfig / configVersion, which only pachd's IDPConnector has: an oidc.upstreamIDPs entry.".to_owned())
    } else {
        (idp_file, 60, false, "One connector entry (type, id, config): the pachctl idp create-connector file (a Dex connectors[] entry has the same shape).".to_owned())
    };
    let keys = if strict { Keys::Exact } else { Keys::AnyCase };
    let conn = Conn::read(doc, KeyPath::root(), text, "config", true, keys);
    Some(located(format, score, why, doc, vec![conn], strict))
}

/// The entries on their own, as a list: what `upstream-idps` holds.
fn list(doc: &Node, text: &Rc<Text>) -> Option<Located> {
    let items = doc.as_seq()?;
    if !items.iter().any(|i| get(i, "type", Keys::Exact).is_some()) {
        return None;
    }
    let conns = entries(doc, &KeyPath::root(), text);
    let why = "A list of connector entries: the text of upstream-idps (or of oidc.upstreamIDPs).".to_owned();
    Some(located("upstream-idps", 85, why, doc, conns, true))
}

pub fn import(src: &Source, opts: &ImportOptions) -> Option<Claim> {
    let located = locate(src)?;
    let idp = ["dex-json", "dex-yaml"];
    let also: &[&str] = if idp.contains(&located.found.format) { &idp } else { &[] };
    if !format_allowed(opts, located.found.format, also) {
        return None;
    }
    let secret_name = located.secret_name.clone();
    let no_entries = located.found.conns.is_empty();
    let mut claim = READER.claim(located.found, opts);
    if no_entries && claim.imported.detected.format == "helm-values" {
        in_secret(&mut claim, secret_name.as_ref().and_then(|(_, n)| n.as_str()));
    }
    if let Some((path, node)) = secret_name {
        let i = &mut claim.imported;
        if let Some(name) = node.as_str() {
            i.settings.extras.insert("secretName".into(), name.to_owned());
            i.spots.insert("extras.secretName".into(), Text::file(src).spot(&path, &node));
        }
    }
    Some(claim)
}

/// Helm values that only name the Secret: the connectors are in that
/// Secret's file, not a problem of this one.
fn in_secret(claim: &mut Claim, name: Option<&str>) {
    let Some(name) = name else { return };
    let findings = &mut claim.imported.findings;
    findings.retain(|f| f.code != "pachyderm.connector.none");
    findings.push(Finding::new(
        "pachyderm.connector.in_secret",
        Level::Info,
        crate::doctor::Location::whole_file(),
        format!("The connectors are in the Kubernetes Secret {name:?} (oidc.upstreamIDPsSecretName, key upstream-idps), not in this file."),
        format!("Import that Secret's file (kubectl get secret {name} -o yaml) to check the Auth0 connector."),
    ));
}
