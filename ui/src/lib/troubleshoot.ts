// Troubleshooting's logic, free of Svelte and IPC so it can be unit-tested:
// findings grouped for the view, where each one is, the wizard's form filled
// from an imported file, what a probe's status reads as.
import type { DoctorFinding as Finding } from "../bindings/DoctorFinding";
import type { Level } from "../bindings/Level";
import type { ProbeStatus } from "../bindings/ProbeStatus";
import type { TargetInfo } from "../bindings/TargetInfo";
import type { Troubleshoot } from "../bindings/Troubleshoot";
import { extrasFor, targetInfo, type Form } from "./wizard";

export const LEVELS: { level: Level; title: string; one: string; many: string }[] = [
  { level: "error", title: "Errors", one: "error", many: "errors" },
  { level: "warning", title: "Warnings", one: "warning", many: "warnings" },
  { level: "info", title: "Notes", one: "note", many: "notes" },
];

export interface FindingGroup {
  level: Level;
  title: string;
  findings: Finding[];
}

/** The findings by severity, errors first (empty groups left out), each group in file order. */
export function groupFindings(findings: Finding[]): FindingGroup[] {
  return LEVELS.map(({ level, title }) => ({
    level,
    title,
    findings: findings
      .filter((f) => f.severity === level)
      .sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0)),
  })).filter((g) => g.findings.length > 0);
}

/** "2 errors, 1 warning, no notes". */
export function countText(findings: Finding[]): string {
  return LEVELS.map(({ level, one, many }) => {
    const n = findings.filter((f) => f.severity === level).length;
    return n === 0 ? `no ${many}` : `${n} ${n === 1 ? one : many}`;
  }).join(", ");
}

/** Where a finding is, in words: the key path and the line. */
export function place(f: Finding): string {
  const { path, line } = f.location;
  if (path && line !== null) return `${path} (line ${line})`;
  if (path) return path;
  if (line !== null) return `line ${line}`;
  return "the whole file";
}

/**
 * The wizard's form filled from an imported file: the target, its version,
 * the public URL, the Auth0 application and the target's own settings, the
 * file's secrets into the password fields. The audit credentials (not in any
 * file) are kept. The issuer is not a field of the form: the wizard writes
 * Auth0's own, `https://DOMAIN/`.
 */
export function formFromImport(v: Troubleshoot, catalog: TargetInfo[], previous: Form): Form {
  const s = v.settings;
  const info = targetInfo(catalog, v.detected.target);
  const chosen = info?.versions.find((x) => x.id === v.version);
  const version = chosen && !chosen.default ? chosen.id : "";
  const extras: Record<string, string> = {};
  const extraSecrets: Record<string, string> = {};
  for (const x of extrasFor(info, version)) {
    const value = x.kind === "secret" ? v.secrets[`extras.${x.key}`] : s.extras[x.key];
    if (value === undefined || value === "") continue;
    if (x.kind === "secret") extraSecrets[x.key] = value;
    else extras[x.key] = value;
  }
  return {
    target: v.detected.target,
    version,
    publicUrl: s.publicUrl,
    groupsClaim: s.groupsClaim,
    domain: s.domain,
    clientId: s.clientId,
    clientSecret: v.secrets.clientSecret ?? "",
    connectorId: s.connectorId,
    connectorName: s.connectorName,
    extras,
    extraSecrets,
    auditClientId: previous.auditClientId,
    auditClientSecret: previous.auditClientSecret,
  };
}

/** A probe's status as the check rows show it: unreachable is a warning, not a failure. */
export function probeClass(status: ProbeStatus): "pass" | "warn" | "fail" {
  if (status === "ok") return "pass";
  if (status === "failed") return "fail";
  return "warn";
}

export const PROBE_LABELS: Record<ProbeStatus, string> = {
  ok: "OK",
  warning: "Warning",
  failed: "Failed",
  unreachable: "Not reachable",
};
