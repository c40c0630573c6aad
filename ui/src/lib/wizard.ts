// The wizard's logic, free of Svelte and IPC so it can be unit-tested:
// the form, which steps are open, which issues belong to which field,
// and the check rows.
import type { ExtraField } from "../bindings/ExtraField";
import type { Issue } from "../bindings/Issue";
import type { RawSettings } from "../bindings/RawSettings";
import type { Release } from "../bindings/Release";
import type { Report } from "../bindings/Report";
import type { TargetInfo } from "../bindings/TargetInfo";
import type { AuditCredentials } from "../bindings/AuditCredentials";
import type { CheckId } from "../bindings/CheckId";
import type { CheckResult } from "../bindings/CheckResult";
import type { LoadedProfile } from "../bindings/LoadedProfile";
import type { ProfileInput } from "../bindings/ProfileInput";

/** Everything the user typed. Kept whole across steps: Back never loses a value. */
export interface Form {
  target: string;
  version: string;
  publicUrl: string;
  groupsClaim: string;
  domain: string;
  clientId: string;
  clientSecret: string;
  connectorId: string;
  connectorName: string;
  /** Plain extras by catalog key. */
  extras: Record<string, string>;
  /** Secret extras by catalog key. */
  extraSecrets: Record<string, string>;
  auditClientId: string;
  auditClientSecret: string;
}

export function emptyForm(): Form {
  return {
    target: "",
    version: "",
    publicUrl: "",
    groupsClaim: "",
    domain: "",
    clientId: "",
    clientSecret: "",
    connectorId: "",
    connectorName: "",
    extras: {},
    extraSecrets: {},
    auditClientId: "",
    auditClientSecret: "",
  };
}

export const STEPS = [
  { n: 1, id: "target", title: "Target", blurb: "What you are connecting to Auth0" },
  { n: 2, id: "register", title: "Register in Auth0", blurb: "What to set in the Auth0 dashboard" },
  { n: 3, id: "credentials", title: "Credentials", blurb: "The application's domain, ID and secret" },
  { n: 4, id: "test", title: "Test", blurb: "Live checks against your tenant" },
  { n: 5, id: "export", title: "Export", blurb: "Configuration files to apply" },
  { n: 6, id: "done", title: "Done", blurb: "Summary and next steps" },
] as const;

export type StepNumber = (typeof STEPS)[number]["n"];
export const LAST_STEP: StepNumber = 6;

export function targetInfo(catalog: TargetInfo[], id: string): TargetInfo | undefined {
  return catalog.find((t) => t.id === id);
}

/** The release of the chosen version (the default one when none is chosen). */
export function releaseOf(info: TargetInfo | undefined, version: string): Release {
  const v = info?.versions.find((x) => (version ? x.id === version : x.default)) ?? info?.versions.find((x) => x.default);
  return v?.release ?? "current";
}

/** The target's extra fields that apply to the chosen version. */
export function extrasFor(info: TargetInfo | undefined, version: string): ExtraField[] {
  if (!info) return [];
  const release = releaseOf(info, version);
  return info.extras.filter((x) => x.releases.includes(release));
}

/** The settings as the core takes them: only the extras of the chosen target and version. */
export function toRawSettings(form: Form, catalog: TargetInfo[]): RawSettings {
  const info = targetInfo(catalog, form.target);
  const extras: Record<string, string> = {};
  const extraSecrets: Record<string, string> = {};
  for (const x of extrasFor(info, form.version)) {
    if (x.kind === "secret") {
      const v = form.extraSecrets[x.key] ?? "";
      if (v !== "") extraSecrets[x.key] = v;
    } else {
      const v = form.extras[x.key] ?? "";
      if (v !== "") extras[x.key] = v;
    }
  }
  return {
    target: form.target,
    version: form.version,
    domain: form.domain,
    clientId: form.clientId,
    clientSecret: form.clientSecret === "" ? null : form.clientSecret,
    publicUrl: form.publicUrl,
    connectorId: info?.usesConnector ? form.connectorId : "",
    connectorName: info?.usesConnector ? form.connectorName : "",
    groupsClaim: form.groupsClaim,
    issuer: "",
    extras,
    extraSecrets,
  };
}

export function auditCredentials(form: Form): AuditCredentials | null {
  if (form.auditClientId.trim() === "" || form.auditClientSecret.trim() === "") return null;
  return { clientId: form.auditClientId, clientSecret: form.auditClientSecret };
}

/** The fields each step owns (issue field keys as the core names them). */
export function stepFields(step: number, info: TargetInfo | undefined, version: string): string[] {
  if (step === 1) return ["target", "version", "publicUrl", "groupsClaim"];
  if (step === 3) {
    const f = ["domain", "clientId", "clientSecret"];
    if (info?.usesConnector) f.push("connectorId", "connectorName");
    for (const x of extrasFor(info, version)) f.push(`extras.${x.key}`);
    return f;
  }
  return [];
}

export function issuesFor(report: Report | null, field: string): Issue[] {
  return report?.issues.filter((i) => i.field === field) ?? [];
}

/** The value a field key (as issues name it) has in `s`. */
export function fieldValue(s: RawSettings, field: string): string | null | undefined {
  if (field.startsWith("extras.")) {
    const k = field.slice("extras.".length);
    return s.extras[k] ?? s.extraSecrets[k];
  }
  return (s as unknown as Record<string, string | null | undefined>)[field];
}

/**
 * The issues to show at a field: the current report's, or, while a new one is
 * on its way, the previous report's for fields whose value has not changed since.
 */
export function shownIssues(
  field: string,
  current: Report | null,
  previous: Report | null,
  previousFor: RawSettings | null,
  now: RawSettings,
): Issue[] {
  if (current) return issuesFor(current, field);
  if (!previous || !previousFor || fieldValue(previousFor, field) !== fieldValue(now, field)) return [];
  return issuesFor(previous, field);
}

export function hasError(report: Report | null, fields: string[]): boolean {
  return !!report?.issues.some((i) => i.severity === "error" && fields.includes(i.field));
}

/** Whether a step's own inputs are good enough to go on. */
export function stepComplete(step: number, form: Form, report: Report | null, catalog: TargetInfo[]): boolean {
  const info = targetInfo(catalog, form.target);
  switch (step) {
    case 1:
      return !!info && form.publicUrl.trim() !== "" && report !== null && !hasError(report, stepFields(1, info, form.version));
    case 3:
      return (
        form.domain.trim() !== "" &&
        form.clientId.trim() !== "" &&
        report !== null &&
        !hasError(report, stepFields(3, info, form.version))
      );
    default:
      return true;
  }
}

/** A step can be opened when every step before it is complete. */
export function canEnter(step: number, form: Form, report: Report | null, catalog: TargetInfo[]): boolean {
  for (let s = 1; s < step; s++) {
    if (!stepComplete(s, form, report, catalog)) return false;
  }
  return step >= 1 && step <= LAST_STEP;
}

/** The furthest step that can be opened. */
export function furthest(form: Form, report: Report | null, catalog: TargetInfo[]): number {
  let s = 1;
  while (s < LAST_STEP && canEnter(s + 1, form, report, catalog)) s++;
  return s;
}

/** A new target resets the version (versions are per target); everything else is kept. */
export function chooseTarget(form: Form, id: string): Form {
  if (form.target === id) return form;
  return { ...form, target: id, version: "" };
}

// ---- Profiles ------------------------------------------------------------

export function toProfileInput(name: string, form: Form, catalog: TargetInfo[], remember: boolean): ProfileInput {
  const info = targetInfo(catalog, form.target);
  const plain = new Set((info?.extras ?? []).filter((x) => x.kind !== "secret").map((x) => x.key));
  const extras: Record<string, string> = {};
  for (const [k, v] of Object.entries(form.extras)) if (plain.has(k) && v !== "") extras[k] = v;
  const secrets: Record<string, string> = {};
  if (remember) {
    if (form.clientSecret !== "") secrets.clientSecret = form.clientSecret;
    if (form.auditClientSecret !== "") secrets.auditClientSecret = form.auditClientSecret;
    for (const [k, v] of Object.entries(form.extraSecrets)) if (v !== "") secrets[`extras.${k}`] = v;
  }
  return {
    name: name.trim(),
    remember,
    secrets,
    settings: {
      target: form.target,
      version: form.version,
      domain: form.domain,
      clientId: form.clientId,
      publicUrl: form.publicUrl,
      connectorId: form.connectorId,
      connectorName: form.connectorName,
      groupsClaim: form.groupsClaim,
      extras,
      auditClientId: form.auditClientId,
    },
  };
}

export function fromLoadedProfile(p: LoadedProfile): Form {
  const s = p.settings;
  const extraSecrets: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.secrets)) {
    if (k.startsWith("extras.")) extraSecrets[k.slice("extras.".length)] = v;
  }
  return {
    target: s.target,
    version: s.version,
    publicUrl: s.publicUrl,
    groupsClaim: s.groupsClaim,
    domain: s.domain,
    clientId: s.clientId,
    clientSecret: p.secrets.clientSecret ?? "",
    connectorId: s.connectorId,
    connectorName: s.connectorName,
    extras: { ...s.extras } as Record<string, string>,
    extraSecrets,
    auditClientId: s.auditClientId,
    auditClientSecret: p.secrets.auditClientSecret ?? "",
  };
}

// ---- Checks ----------------------------------------------------------------

export const CHECKS: { id: CheckId; title: string }[] = [
  { id: "reachability", title: "Auth0 domain reachable" },
  { id: "discovery", title: "OpenID discovery document" },
  { id: "issuer", title: "Issuer matches the exports" },
  { id: "jwks", title: "Signing keys (JWKS)" },
  { id: "client_secret", title: "Client ID and secret" },
  { id: "app_audit", title: "Application settings (Management API)" },
];

export type RowStatus = "idle" | "running" | CheckResult["status"];

export interface CheckRow {
  id: CheckId;
  title: string;
  status: RowStatus;
  result: CheckResult | null;
}

export function idleRows(): CheckRow[] {
  return CHECKS.map((c) => ({ ...c, status: "idle", result: null }));
}

export function runningRows(): CheckRow[] {
  return CHECKS.map((c) => ({ ...c, status: "running", result: null }));
}

/** A finished result replaces its row (unknown ids are appended). */
export function applyResult(rows: CheckRow[], r: CheckResult): CheckRow[] {
  const row: CheckRow = { id: r.id, title: r.title || r.id, status: r.status, result: r };
  return rows.some((x) => x.id === r.id) ? rows.map((x) => (x.id === r.id ? row : x)) : [...rows, row];
}

/** Rows still running when the run ended (e.g. cancelled before they reported). */
export function settleRows(rows: CheckRow[]): CheckRow[] {
  return rows.map((x) => (x.status === "running" ? { ...x, status: "skipped" } : x));
}

export function summarize(rows: CheckRow[]): Record<"pass" | "warn" | "fail" | "skipped", number> {
  const out = { pass: 0, warn: 0, fail: 0, skipped: 0 };
  for (const r of rows) if (r.status in out) out[r.status as keyof typeof out]++;
  return out;
}
