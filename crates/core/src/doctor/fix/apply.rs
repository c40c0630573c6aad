//! Editing a text at the spots, layer by layer: the values in a text a layer
//! holds are edited first, then that text goes back into its scalar (JSON or
//! YAML text as the scalar's value, in the scalar's quoting; base64 encoded
//! again), and so on out to the file's own text.

use super::site::{holds, layer_span, Current, Level, Site};
use super::write::{self, Ctx};
use super::{Edit, FixError, Want};
use crate::doctor::import::{Layer, Source, Spot};
use crate::doctor::tree::{Node, Value};
use base64::Engine;
use std::collections::BTreeMap;

/// One spot to set.
pub(super) struct Job {
    pub field: String,
    pub spot: Spot,
    /// The text (or list) the spot must hold.
    pub want: Want,
}

/// The edited text, and the edits made.
pub(super) fn apply(src: &Source, jobs: &[Job]) -> Result<(String, Vec<Edit>), FixError> {
    let refs: Vec<&Job> = jobs.iter().collect();
    let mut edits = Vec::new();
    let text = edit_level(&Level::file(src), &refs, 0, None, &mut edits)?;
    Ok((text, edits))
}

/// A scalar's new value: whole, or parts of the old one replaced.
#[derive(Default)]
struct ScalarEdit<'a> {
    node: Option<&'a Node>,
    flow: bool,
    whole: Option<Want>,
    parts: Vec<(std::ops::Range<usize>, String)>,
}

type Replacement = (usize, usize, String);

fn edit_level(
    level: &Level,
    jobs: &[&Job],
    depth: usize,
    line: Option<usize>,
    edits: &mut Vec<Edit>,
) -> Result<String, FixError> {
    let mut reps: Vec<Replacement> = Vec::new();
    let mut scalars: BTreeMap<(usize, usize), ScalarEdit> = BTreeMap::new();
    for job in jobs.iter().filter(|j| j.spot.layers.len() == depth) {
        direct(level, job, line, &mut scalars, &mut reps, edits)?;
    }
    for (span, e) in scalars {
        reps.push((span.0, span.1, rewrite_scalar(level, &e)));
    }
    let mut groups: Vec<(&Layer, Vec<&Job>)> = Vec::new();
    for job in jobs.iter().filter(|j| j.spot.layers.len() > depth) {
        let layer = &job.spot.layers[depth];
        match groups.iter_mut().find(|(l, _)| *l == layer) {
            Some((_, g)) => g.push(job),
            None => groups.push((layer, vec![job])),
        }
    }
    for (layer, group) in groups {
        let path = group[0].spot.path.to_string();
        let (inner, node) = level.inner(layer, &path)?;
        let at = line.or(Some(layer_span(layer).line));
        let new_inner = edit_level(&inner, &group, depth + 1, at, edits)?;
        if new_inner == inner.text {
            continue;
        }
        let value = match layer {
            Layer::Base64(_) => base64::engine::general_purpose::STANDARD.encode(&new_inner),
            _ => new_inner,
        };
        let flow = matches!(
            level.locate(node.span),
            Some(Site::Whole { flow: true, .. })
        );
        let raw = level.text.get(node.span.start..node.span.end).unwrap_or("");
        let text = write::scalar(&value, style(node), ctx(level, flow), raw, node.span);
        reps.push((node.span.start, node.span.end, text));
    }
    splice(&level.text, reps, &path_of(jobs))
}

/// One job in this text: nothing when the spot already holds the value.
fn direct<'a>(
    level: &'a Level,
    job: &Job,
    line: Option<usize>,
    scalars: &mut BTreeMap<(usize, usize), ScalarEdit<'a>>,
    reps: &mut Vec<Replacement>,
    edits: &mut Vec<Edit>,
) -> Result<(), FixError> {
    let path = job.spot.path.to_string();
    let site = level
        .locate(job.spot.span)
        .ok_or_else(|| FixError::Lost { path: path.clone() })?;
    let now = site
        .current(matches!(job.want, Want::List(_)))
        .ok_or_else(|| FixError::Lost { path: path.clone() })?;
    if holds(&now, &job.want) {
        return Ok(());
    }
    edits.push(Edit {
        field: job.field.clone(),
        path: path.clone(),
        line: line.unwrap_or(job.spot.span.line),
        before: shown(&now),
        after: wanted(&job.want),
    });
    let unwritable = |why: &str| FixError::Unwritable {
        path: path.clone(),
        why: why.to_owned(),
    };
    match (site, &job.want) {
        (Site::Whole { node, flow }, want) => {
            let e = scalars.entry((node.span.start, node.span.end)).or_default();
            (e.node, e.flow, e.whole) = (Some(node), flow, Some(want.clone()));
        }
        (Site::Part { node, range, flow }, want) => {
            let e = scalars.entry((node.span.start, node.span.end)).or_default();
            (e.node, e.flow) = (Some(node), flow);
            e.parts.push((range, part_text(want)));
        }
        (Site::Escaped { .. }, _) => {
            return Err(unwritable(
                "it is written with escapes or over several lines",
            ))
        }
        (Site::List { flow, span, .. }, Want::List(items)) => {
            let text = if flow {
                write::flow_list(items)
            } else {
                write::block_list(items, span.col.saturating_sub(1))
            };
            reps.push((span.start, span.end, text));
        }
        (Site::List { .. }, _) => return Err(unwritable("a list stands there")),
    }
    Ok(())
}

fn rewrite_scalar(level: &Level, e: &ScalarEdit) -> String {
    let node = e.node.expect("a scalar edit has its node");
    let raw = level.text.get(node.span.start..node.span.end).unwrap_or("");
    let ctx = ctx(level, e.flow);
    let value = match &e.whole {
        Some(Want::Int(n)) if style(node) == crate::doctor::tree::Style::Plain => {
            return write::int(*n)
        }
        Some(w) => part_text(w),
        None => {
            let mut v = node.as_str().unwrap_or("").to_owned();
            let mut parts = e.parts.clone();
            parts.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
            for (r, text) in parts {
                v.replace_range(r, &text);
            }
            v
        }
    };
    write::scalar(&value, style(node), ctx, raw, node.span)
}

fn style(node: &Node) -> crate::doctor::tree::Style {
    match &node.value {
        Value::Scalar(_, s) => *s,
        _ => crate::doctor::tree::Style::Plain,
    }
}

fn ctx(level: &Level, flow: bool) -> Ctx {
    if level.env {
        Ctx::Env
    } else {
        Ctx::Yaml { flow }
    }
}

/// The text a part of a scalar takes: a list as `[...]` (as an env value
/// holds one for OpenMetadata to read as YAML).
fn part_text(want: &Want) -> String {
    match want {
        Want::Text(t) => t.clone(),
        Want::Int(n) => write::int(*n),
        Want::List(items) => write::flow_list(items),
    }
}

fn shown(now: &Current) -> String {
    match now {
        Current::Text(t) => t.clone(),
        Current::List(items) => items.join(", "),
    }
}

fn wanted(want: &Want) -> String {
    match want {
        Want::Text(t) => t.clone(),
        Want::Int(n) => n.to_string(),
        Want::List(items) => items.join(", "),
    }
}

fn path_of(jobs: &[&Job]) -> String {
    jobs.first()
        .map(|j| j.spot.path.to_string())
        .unwrap_or_default()
}

/// `text` with each replacement made; two that overlap cannot both be.
fn splice(text: &str, mut reps: Vec<Replacement>, path: &str) -> Result<String, FixError> {
    reps.sort_by_key(|r| (r.0, r.1));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, new) in reps {
        if start < at || end > text.len() {
            return Err(FixError::Unwritable {
                path: path.to_owned(),
                why: "two values overlap".into(),
            });
        }
        out.push_str(&text[at..start]);
        out.push_str(&new);
        at = end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}
