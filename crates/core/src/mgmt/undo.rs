//! The undo record: what the wizard wrote and what was there before, saved
//! before each write (no secrets), so that a change can be reverted later
//! and only if nobody changed it since.

use super::plan::{PlanAction, Resource};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::time::{SystemTime, UNIX_EPOCH};
use ts_rs::TS;

/// One apply: every write it made (or was about to make), in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct UndoRecord {
    /// e.g. `20260921T101500Z-3fa9c1`; also its file name.
    pub id: String,
    /// When it was applied (RFC 3339, UTC).
    pub created_at: String,
    /// The Management API's domain it was applied on.
    pub domain: String,
    pub action: PlanAction,
    /// The application created or fixed (once known).
    pub client_id: Option<String>,
    /// The application's name.
    pub name: String,
    pub entries: Vec<UndoEntry>,
    /// When it was undone, if it was.
    pub undone_at: Option<String>,
    /// The local profile that holds the created application's secret, if any.
    pub profile: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct UndoEntry {
    pub state: EntryState,
    pub write: Write,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    /// Saved before the write; the write may or may not have happened.
    Planned,
    Done,
    Undone,
}

/// One write and what reverts it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Write {
    /// Reverted by deleting the client, if its fields still hold `written`.
    ClientCreated {
        client_id: Option<String>,
        name: String,
        /// Dotted field → value, as Auth0 stored it.
        #[ts(type = "Record<string, unknown>")]
        written: Map<String, Value>,
    },
    /// Reverted by writing each field's `before` back.
    ClientPatched {
        client_id: String,
        fields: Vec<FieldWrite>,
    },
    /// Reverted by deleting the grant, if its scopes are still `scope`.
    GrantCreated {
        grant_id: Option<String>,
        client_id: String,
        audience: String,
        scope: Vec<String>,
    },
    /// Reverted by deleting the Action, if its name and code are unchanged.
    ActionCreated {
        action_id: Option<String>,
        name: String,
        code: String,
    },
    /// Reverted by writing `before` back, if the trigger's bindings are still `written`.
    BindingsReplaced {
        trigger: String,
        before: Vec<BindingRef>,
        written: Vec<BindingRef>,
    },
}

impl Write {
    pub fn resource(&self) -> Resource {
        match self {
            Write::ClientCreated { .. } | Write::ClientPatched { .. } => Resource::Client,
            Write::GrantCreated { .. } => Resource::ClientGrant,
            Write::ActionCreated { .. } => Resource::Action,
            Write::BindingsReplaced { .. } => Resource::Binding,
        }
    }
}

/// One field written: what it was (`null`: absent) and what the wizard wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FieldWrite {
    pub field: String,
    #[ts(type = "unknown")]
    pub before: Value,
    #[ts(type = "unknown")]
    pub written: Value,
}

/// A binding of a trigger: the Action it runs and its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BindingRef {
    pub action_id: String,
    pub display_name: String,
}

/// A field someone changed after the wizard wrote it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Drift {
    pub resource: Resource,
    /// The resource's id (client ID, grant ID, Action ID, trigger).
    pub id: String,
    pub field: String,
    #[ts(type = "unknown")]
    pub written: Value,
    /// Its value now; `null` when the resource no longer exists.
    #[ts(type = "unknown")]
    pub now: Value,
    pub gone: bool,
}

impl Drift {
    pub fn sentence(&self) -> String {
        if self.gone {
            return format!(
                "{} {} no longer exists",
                resource_name(self.resource),
                self.id
            );
        }
        format!(
            "{} of {} {} is now {} (the wizard wrote {})",
            self.field,
            resource_name(self.resource),
            self.id,
            self.now,
            self.written
        )
    }
}

pub fn resource_name(r: Resource) -> &'static str {
    match r {
        Resource::Client => "application",
        Resource::ClientGrant => "client grant",
        Resource::Action => "Action",
        Resource::Binding => "trigger",
    }
}

/// Where undo records are kept (the store crate keeps them as files).
pub trait UndoJournal: Send + Sync {
    /// Save (or replace) the record; an error stops the write it precedes.
    fn save(&self, record: &UndoRecord) -> Result<(), String>;
}

/// A journal that keeps nothing: only for plans nobody will undo (tests).
pub struct NoJournal;

impl UndoJournal for NoJournal {
    fn save(&self, _: &UndoRecord) -> Result<(), String> {
        Ok(())
    }
}

/// Seconds since the epoch as RFC 3339 UTC, e.g. `2026-09-21T10:15:00Z`.
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let (h, min, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}Z")
}

pub(crate) fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A new record's id: the time and six random hex digits.
pub(crate) fn new_id(secs: u64) -> String {
    let stamp: String = rfc3339(secs)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    format!("{stamp}-{:06x}", rand::random::<u32>() & 0xff_ffff)
}

impl UndoRecord {
    pub(crate) fn new(
        action: PlanAction,
        domain: String,
        client_id: Option<String>,
        name: String,
    ) -> Self {
        let now = now_secs();
        UndoRecord {
            id: new_id(now),
            created_at: rfc3339(now),
            domain,
            action,
            client_id,
            name,
            entries: Vec::new(),
            undone_at: None,
            profile: None,
        }
    }

    /// Whether it touched the application `client_id` (created or changed it).
    pub fn concerns(&self, client_id: &str) -> bool {
        self.client_id.as_deref() == Some(client_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339_utc_and_ids_sort_by_time() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_790_000_000), "2026-09-21T14:13:20Z");
        let id = new_id(1_790_000_000);
        assert!(id.starts_with("20260921T141320Z-"), "{id}");
        assert_eq!(id.len(), "20260921T141320Z-".len() + 6);
    }
}
