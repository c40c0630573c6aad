//! Reading a plain Dex file: a whole `config.yaml` (the Auth0 connector among
//! several), the wizard's `connectors:` fragment, the values of Dex's Helm
//! chart (`config.connectors`), or one connector entry on its own.

use super::assemble::{format_allowed, Found, Reader};
use super::connector::{get, is_oidc, Conn, Keys};
use super::keys::CONFIG_KEYS;
use super::read::{secret_form, SecretForm, DEX_NAMES};
use super::text::Text;
use crate::doctor::{Claim, ImportOptions, KeyPath, Node, Source};
use crate::target::TargetId;
use crate::version::Version;
use std::rc::Rc;

pub(super) const READER: Reader = Reader {
    target: TargetId::Dex,
    names: DEX_NAMES,
    callback_path: "/callback",
    oidc: is_oidc,
    secret_env: Some("dex.secret.env_reference"),
};

/// A Dex file as found: the connectors, and Dex's own issuer when the file has it.
pub(super) struct Located {
    pub found: Found,
    /// The document the connectors are in.
    pub doc: Node,
    /// Dex's top-level `issuer` (a whole config.yaml), and its path.
    pub dex_issuer: Option<(KeyPath, Node)>,
}

pub(super) fn locate(src: &Source) -> Option<Located> {
    let text = Rc::new(Text::file(src));
    src.docs.iter().find_map(|doc| {
        config_yaml(doc, &KeyPath::root(), &text)
            .or_else(|| helm_values(doc, &text))
            .or_else(|| entry(doc, &text))
    })
}

fn conns(list: &Node, path: &KeyPath, text: &Rc<Text>) -> Vec<Conn> {
    list.as_seq()
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .map(|(i, item)| Conn::read(item, path.index(i), text, "config", false, Keys::Exact))
        .collect()
}

/// `connectors:` at the top of a document (or under the chart's `config:`).
fn config_yaml(doc: &Node, base: &KeyPath, text: &Rc<Text>) -> Option<Located> {
    let list = doc.get("connectors").filter(|l| l.as_seq().is_some())?;
    let others: Vec<&str> = doc
        .as_map()?
        .iter()
        .filter_map(|(k, _)| k.as_str())
        .filter(|k| *k != "connectors")
        .collect();
    let ours: Vec<&str> = others.iter().copied().filter(|k| CONFIG_KEYS.contains(k)).collect();
    let (format, score, why) = if others.is_empty() {
        ("connector-yaml", 90, "A connectors: list and nothing else: a fragment of a Dex config.yaml, as the wizard's connector-yaml export writes it.".to_owned())
    } else {
        let score = if ours.is_empty() { 70 } else { 95 };
        ("dex-config", score, format!("A Dex config.yaml: connectors: next to {}.", others.join(", ")))
    };
    let dex_issuer = doc.get("issuer").map(|n| (base.key("issuer"), n.clone()));
    Some(Located {
        found: Found {
            format,
            score,
            why,
            conns: conns(list, &base.key("connectors"), text),
            problems: Vec::new(),
            version: None,
        },
        doc: doc.clone(),
        dex_issuer,
    })
}

/// Dex's Helm chart: the config under `config:`, the release in `image.tag`.
fn helm_values(doc: &Node, text: &Rc<Text>) -> Option<Located> {
    let config = doc.get("config")?;
    let mut located = config_yaml(config, &KeyPath::root().key("config"), text)?;
    located.found.format = "dex-helm-values";
    located.found.score = 85;
    located.found.why = "Values for Dex's Helm chart: Dex's config.yaml under config:, with config.connectors.".into();
    // The tag is taken only where the catalog has the release (2.36 and later).
    let info = TargetId::Dex.info();
    located.found.version = doc
        .str_at("image.tag")
        .and_then(|t| t.parse::<Version>().ok())
        .map(|v| v.to_string())
        .filter(|v| info.resolve_version(v).is_ok());
    if let Some(tag) = &located.found.version {
        located.found.why.push_str(&format!(" The release is image.tag ({tag})."));
    }
    Some(located)
}

/// One entry on its own: `type`, `id` and a `config` object, and none of the
/// keys that only Pachyderm has (`version`, `jsonConfig`, `configVersion`).
fn entry(doc: &Node, text: &Rc<Text>) -> Option<Located> {
    let has = |k: &str| get(doc, k, Keys::AnyCase).is_some();
    let pachyderm = has("version") || has("jsonConfig") || has("configVersion");
    if pachyderm || !has("type") || get(doc, "config", Keys::Exact).is_none() {
        return None;
    }
    let conn = Conn::read(doc, KeyPath::root(), text, "config", false, Keys::Exact);
    // Only Dex expands `$VAR`: a secret written so says Dex.
    let env = conn
        .config_str("clientSecret")
        .is_some_and(|s| matches!(secret_form(s), SecretForm::Env(_)));
    let (score, also) = match env {
        true => (65, " Its clientSecret is an environment reference, which only Dex expands."),
        false => (40, ""),
    };
    Some(Located {
        found: Found {
            format: "connector-entry",
            score,
            why: format!("One connector entry (type, id, config) without pachctl's version or pachd's jsonConfig: a Dex connectors[] entry (a pachctl idp file has the same shape).{also}"),
            conns: vec![conn],
            problems: Vec::new(),
            version: None,
        },
        doc: doc.clone(),
        dex_issuer: None,
    })
}

pub fn import(src: &Source, opts: &ImportOptions) -> Option<Claim> {
    let located = locate(src)?;
    if !format_allowed(opts, located.found.format, &[]) {
        return None;
    }
    let dex_issuer = located
        .dex_issuer
        .as_ref()
        .and_then(|(_, n)| n.as_str().map(str::to_owned));
    let mut claim = READER.claim(located.found, opts);
    // A whole config.yaml tells Dex's own issuer: that is the public URL (the
    // redirectURI's spot stays: the corrected file writes <issuer>/callback there).
    if let Some(issuer) = dex_issuer {
        let s = &mut claim.imported.settings;
        if claim.imported.spots.contains_key("publicUrl") {
            s.public_url = issuer.trim().trim_end_matches('/').to_owned();
        }
    }
    Some(claim)
}
