//! Reading a Pachyderm 1.x auth config (`pachctl auth set-config`): the
//! OIDC identity provider among `id_providers`.

use crate::doctor::{Claim, ImportOptions, KeyPath, Node, Source};
use crate::target::dex::assemble::{format_allowed, Found, Reader};
use crate::target::dex::connector::{get, Conn, Keys};
use crate::target::dex::read::Names;
use crate::target::dex::text::Text;
use crate::target::TargetId;
use std::rc::Rc;

/// `IDProvider.name` is what the wizard calls the connector id,
/// `description` its name (as the export writes them).
pub(super) const NAMES: Names = Names {
    id: "name",
    name: "description",
    issuer: "issuer",
    client_id: "client_id",
    secret: "client_secret",
    redirect: "redirect_uri",
    groups: None,
};

fn has_oidc(c: &Conn) -> bool {
    c.config.is_some()
}

pub(super) const READER: Reader = Reader {
    target: TargetId::Pachyderm1x,
    names: NAMES,
    callback_path: "/authorization-code/callback",
    oidc: has_oidc,
    secret_env: None,
};

pub(super) struct Located {
    pub found: Found,
    pub doc: Node,
}

pub(super) fn locate(src: &Source) -> Option<Located> {
    let text = Rc::new(Text::file(src));
    src.docs.iter().find_map(|doc| {
        let providers = get(doc, "id_providers", Keys::AnyCase);
        let version = get(doc, "live_config_version", Keys::AnyCase);
        if providers.is_none() && version.is_none() {
            return None;
        }
        let conns = providers
            .and_then(|(k, v)| Some((k.as_str()?, v.as_seq()?)))
            .map(|(key, items)| {
                let base = KeyPath::root().key(key);
                items
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| item.as_map().is_some())
                    .map(|(i, item)| Conn {
                        id_key: NAMES.id,
                        ..Conn::read(item, base.index(i), &text, "oidc", false, Keys::AnyCase)
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Located {
            found: Found {
                format: "auth-config",
                score: 95,
                why: "A Pachyderm 1.x auth config (pachctl auth set-config): live_config_version and id_providers.".into(),
                conns,
                problems: Vec::new(),
                version: None,
            },
            doc: doc.clone(),
        })
    })
}

pub fn import(src: &Source, opts: &ImportOptions) -> Option<Claim> {
    let located = locate(src)?;
    if !format_allowed(opts, located.found.format, &[]) {
        return None;
    }
    let live = get(&located.doc, "live_config_version", Keys::AnyCase).map(|(k, v)| (k.clone(), v.clone()));
    let mut claim = READER.claim(located.found, opts);
    if let Some((k, v)) = live {
        if let Some(n) = v.as_str() {
            let path = KeyPath::root().key(k.as_str().unwrap_or("live_config_version"));
            let i = &mut claim.imported;
            i.settings.extras.insert("liveConfigVersion".into(), n.to_owned());
            i.spots.insert("extras.liveConfigVersion".into(), Text::file(src).spot(&path, &v));
        }
    }
    Some(claim)
}
