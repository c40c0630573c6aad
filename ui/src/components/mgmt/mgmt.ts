// The Management API panel's logic, free of Svelte and IPC: values as the
// plan shows them, progress rows from progress events, the consent, the
// audit's findings that "Fix these settings" is offered for.
import type { Change } from "../../bindings/Change";
import type { Consent } from "../../bindings/Consent";
import type { Drift } from "../../bindings/Drift";
import type { Finding } from "../../bindings/Finding";
import type { Plan } from "../../bindings/Plan";
import type { ProgressEvent } from "../../bindings/ProgressEvent";
import type { Resource } from "../../bindings/Resource";
import type { ScopeNeed } from "../../bindings/ScopeNeed";
import type { CheckRow } from "../../lib/wizard";

/** A value of a change as a person reads it: lists one per line, absent as “(not set)”. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return "(not set)";
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join("\n") : "(empty list)";
  if (typeof v === "string") return v === "" ? "(empty)" : v;
  return JSON.stringify(v);
}

const RESOURCES: Record<Resource, string> = {
  client: "Application",
  client_grant: "Client grant",
  action: "Action",
  binding: "Login flow",
};

export const resourceLabel = (r: Resource) => RESOURCES[r] ?? r;

/** One Management API call as the progress list shows it. */
export interface ProgressRow {
  key: number;
  step: string;
  call: string;
  state: "running" | "waiting" | "done" | "failed";
  detail: string;
}

/**
 * A started call adds a row (a call sent again after a wait keeps its row);
 * anything else updates the latest row of that call.
 */
export function applyProgress(rows: ProgressRow[], e: ProgressEvent): ProgressRow[] {
  let i = rows.length - 1;
  while (i >= 0 && !(rows[i].step === e.step && rows[i].call === e.call)) i--;
  if (e.kind === "started") {
    if (i >= 0 && rows[i].state === "waiting") {
      const again: ProgressRow = { ...rows[i], state: "running", detail: rows[i].detail.replace(/^Waiting/, "Waited") };
      return rows.map((r, k) => (k === i ? again : r));
    }
    return [...rows, { key: rows.length, step: e.step, call: e.call, state: "running", detail: "" }];
  }
  const row: ProgressRow =
    i >= 0 ? { ...rows[i] } : { key: rows.length, step: e.step, call: e.call, state: "running", detail: "" };
  if (e.kind === "waiting") {
    row.state = "waiting";
    row.detail = `Waiting ${e.seconds} s for ${e.what}`;
  } else if (e.kind === "done") {
    row.state = "done";
    row.detail = `HTTP ${e.status}`;
  } else {
    row.state = "failed";
    row.detail = e.message;
  }
  return i >= 0 ? rows.map((r, k) => (k === i ? row : r)) : [...rows, row];
}

/** The warnings and failures of the last audit of the application (Test step). */
export function auditFindings(rows: CheckRow[]): Finding[] {
  const audit = rows.find((r) => r.id === "app_audit")?.result;
  return audit?.findings.filter((f) => f.status === "warn" || f.status === "fail") ?? [];
}

/** The yes to `plan`: a create whole; a fix for the changes ticked (all of them: `all`). */
export function consentFor(plan: Plan, accepted: Record<string, boolean>, existingOk: boolean): Consent {
  const ids = plan.steps.flatMap((s) => s.changes.map((c) => c.id));
  const yes = ids.filter((id) => accepted[id] !== false);
  const all = plan.action === "create" || yes.length === ids.length;
  return { all, changeIds: all ? [] : yes, existingOk };
}

/** How many changes the consent accepts. */
export function acceptedCount(plan: Plan, accepted: Record<string, boolean>): number {
  const changes: Change[] = plan.steps.flatMap((s) => s.changes);
  return plan.action === "create" ? changes.length : changes.filter((c) => accepted[c.id] !== false).length;
}

/** The scopes a plan needs, the unverified ones last. */
export function scopesOf(plan: Plan): ScopeNeed[] {
  return [...plan.scopes].sort((a, b) => Number(!a.verified) - Number(!b.verified));
}

/** A field someone changed since the wizard wrote it, in a sentence. */
export function driftSentence(d: Drift): string {
  const what = resourceLabel(d.resource).toLowerCase();
  if (d.gone) return `The ${what} ${d.id} no longer exists.`;
  return `${d.field} of the ${what} ${d.id} is now ${showValue(d.now).replaceAll("\n", ", ")} (the wizard wrote ${showValue(d.written).replaceAll("\n", ", ")}).`;
}
