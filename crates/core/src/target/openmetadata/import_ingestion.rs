//! Reading an ingestion workflow (`workflowConfig.openMetadataServerConfig`,
//! targets.md §4.2): the server URL, and either the ingestion-bot JWT (1.3
//! and later) or Auth0 client credentials (`Auth0SSOClientConfig`, 1.2 and
//! earlier).

use super::import::{host_range, new_imported};
use crate::doctor::tree::{KeyPath, Node};
use crate::doctor::values::{env_reference, is_placeholder, plain_spot, sub_span};
use crate::doctor::{Claim, ImportOptions, Imported, Source};
use crate::secret::Secret;

pub(super) const SERVER: &str = "workflowConfig.openMetadataServerConfig";

/// The server config map of an ingestion workflow, and its path.
pub(super) fn server(src: &Source) -> Option<(KeyPath, &Node)> {
    let doc = src.docs.iter().find(|d| d.as_map().is_some())?;
    let node = doc.at(SERVER).filter(|n| n.as_map().is_some())?;
    Some((KeyPath::root().key("workflowConfig").key("openMetadataServerConfig"), node))
}

/// The Auth0 client-credentials form (1.2 and earlier).
pub(super) fn is_legacy(security: &Node) -> bool {
    ["clientId", "secretKey", "domain"].iter().any(|k| security.get(k).is_some())
}

pub(super) fn import(src: &Source, opts: &ImportOptions) -> Option<Claim> {
    let (path, server) = server(src)?;
    if opts.format.as_deref().is_some_and(|f| f != "ingestion-yaml") {
        return None;
    }
    let security = server.get("securityConfig");
    let (detected, how) = match security {
        Some(s) if s.get("jwtToken").is_some() => (Some("1.3+"), "; securityConfig.jwtToken (the ingestion-bot JWT): 1.3 or later"),
        Some(s) if is_legacy(s) => (Some("<=1.2"), "; securityConfig has Auth0 client credentials (clientId, secretKey, domain): 1.2 or earlier"),
        _ => (None, ""),
    };
    let version = opts.version.clone().or(detected.map(str::to_owned));
    let mut why = format!("{SERVER}: an OpenMetadata ingestion workflow{how}");
    if let Some(v) = &opts.version {
        why.push_str(&format!("; version {v} as given"));
    }
    let mut im = new_imported("ingestion-yaml", version, why);
    let ctx = Ctx { src, im: &mut im };
    ctx.fill(&path, server);
    Some(Claim { score: 90, imported: im })
}

struct Ctx<'a> {
    src: &'a Source,
    im: &'a mut Imported,
}

impl Ctx<'_> {
    /// The usable text of `node.key`, and its path.
    fn owned<'n>(&self, path: &KeyPath, node: &'n Node, key: &str) -> Option<(KeyPath, &'n Node, &'n str)> {
        let n = node.get(key)?;
        let t = n.as_str()?.trim();
        (!t.is_empty() && !is_placeholder(t) && env_reference(t).is_none()).then(|| (path.key(key), n, t))
    }

    fn spot(&mut self, field: &str, path: KeyPath, node: &Node, part: std::ops::Range<usize>) {
        let text = node.as_str().unwrap_or("");
        let lead = text.len() - text.trim_start().len();
        if let Some(span) = sub_span(&self.src.text, node.span, text, part.start + lead..part.end + lead) {
            self.im.spots.insert(field.to_owned(), plain_spot(path, span));
        }
    }

    fn fill(mut self, path: &KeyPath, server: &Node) {
        if let Some((p, n, t)) = self.owned(path, server, "hostPort") {
            let base = t.trim_end_matches('/');
            let end = base.strip_suffix("/api").map_or(base.len(), str::len);
            self.im.settings.public_url = t[..end].to_owned();
            self.spot("publicUrl", p, n, 0..end);
        }
        let Some(security) = server.get("securityConfig") else { return };
        let sp = path.key("securityConfig");
        if let Some((p, n, t)) = self.owned(&sp, security, "jwtToken") {
            self.im.settings.extra_secrets.insert("botJwt".into(), Secret::new(t));
            self.spot("extras.botJwt", p, n, 0..t.len());
        }
        if let Some((p, n, t)) = self.owned(&sp, security, "clientId") {
            self.im.settings.extras.insert("m2mClientId".into(), t.to_owned());
            self.spot("extras.m2mClientId", p, n, 0..t.len());
        }
        if let Some((p, n, t)) = self.owned(&sp, security, "secretKey") {
            self.im.settings.extra_secrets.insert("m2mClientSecret".into(), Secret::new(t));
            self.spot("extras.m2mClientSecret", p, n, 0..t.len());
        }
        if let Some((p, n, t)) = self.owned(&sp, security, "domain") {
            let r = host_range(t).unwrap_or(0..t.trim_end_matches('/').len());
            self.im.settings.domain = t[r.clone()].to_owned();
            self.spot("domain", p, n, r);
        }
    }
}
