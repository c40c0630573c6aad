// The only module that talks to the Rust side (invoke, channels) and to the
// system (the clipboard). Every failure becomes an ApiError with the
// {code, message} the core sends.
import { Channel, invoke } from "@tauri-apps/api/core";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { Issue } from "./bindings/Issue";
import type { RawSettings } from "./bindings/RawSettings";
import type { Report } from "./bindings/Report";
import type { Requirements } from "./bindings/Requirements";
import type { AuditCredentials } from "./bindings/AuditCredentials";
import type { Boot } from "./bindings/Boot";
import type { CheckResult } from "./bindings/CheckResult";
import type { ExportedFile } from "./bindings/ExportedFile";
import type { LoadedProfile } from "./bindings/LoadedProfile";
import type { LoginOutcome } from "./bindings/LoginOutcome";
import type { ProfileInput } from "./bindings/ProfileInput";
import type { Corrected } from "./bindings/Corrected";
import type { ReportFormat } from "./bindings/ReportFormat";
import type { Troubleshoot } from "./bindings/Troubleshoot";
import type { Consent } from "./bindings/Consent";
import type { MgmtFailure } from "./bindings/MgmtFailure";
import type { Plan } from "./bindings/Plan";
import type { PlanRequest } from "./bindings/PlanRequest";
import type { ProgressEvent } from "./bindings/ProgressEvent";
import type { UndoReport } from "./bindings/UndoReport";
import type { WindowApplied } from "./bindings/WindowApplied";

export class ApiError extends Error implements ErrorPayload {
  code: string;
  /** Settings that are not valid: every problem, field by field. */
  issues: Issue[] | null;
  constructor(code: string, message: string, issues: Issue[] | null = null) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.issues = issues;
  }
}

/** Whatever invoke rejected with, as an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const p = e as ErrorPayload;
    return new ApiError(String(p.code), String(p.message), Array.isArray(p.issues) ? p.issues : null);
  }
  if (e instanceof Error) return new ApiError("ipc", e.message);
  return new ApiError("ipc", String(e));
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

/**
 * The saved profiles the app handed the page before it loaded (no IPC round
 * trip), or null when it could not list them (`profileList` then reports why).
 * The catalog is part of the build (src/generated/catalog.json).
 */
export function initialProfiles(): string[] | null {
  const boot = (globalThis as { __AUTH0_WIZARD_BOOT__?: Boot }).__AUTH0_WIZARD_BOOT__;
  return boot?.profiles ?? null;
}

export const validate = (settings: RawSettings) => call<Report>("validate", { settings });

export const requirements = (settings: RawSettings) => call<Requirements>("requirements", { settings });

/** Every format of the target, rendered from one configuration. */
export const exportAll = (settings: RawSettings, handoff: boolean) =>
  call<ExportedFile[]>("export", { settings, handoff });

/** Save dialog (on the Rust side), then an atomic 0600 write. Resolves to the path, or null when cancelled. */
export const saveExport = (file: ExportedFile, contents: string) =>
  call<string | null>("save_export", { fileName: file.fileName, syntax: file.syntax, contents });

export const profileList = () => call<string[]>("profile_list");
export const profileSave = (input: ProfileInput) => call<void>("profile_save", { input });
export const profileLoad = (name: string) => call<LoadedProfile>("profile_load", { name });
export const profileDelete = (name: string) => call<void>("profile_delete", { name });

/** Opens https://manage.auth0.com/... in the browser (anything else is refused by the Rust side). */
export const openDashboard = (url: string) => call<void>("open_dashboard", { url });

/** Runs the live checks; `onResult` gets each result as it finishes. */
export async function runChecks(
  settings: RawSettings,
  audit: AuditCredentials | null,
  onResult: (r: CheckResult) => void,
): Promise<CheckResult[]> {
  const channel = new Channel<CheckResult>();
  channel.onmessage = onResult;
  return call<CheckResult[]>("run_checks", { settings, audit, onResult: channel });
}

export const cancelChecks = () => call<void>("cancel_checks");
export const loginTest = (settings: RawSettings) => call<LoginOutcome>("login_test", { settings });
export const cancelLogin = () => call<void>("cancel_login");

/** Tells the app the page is interactive, with the launch marks (launch-time benchmark). */
export const ready = (marks: Record<string, number>) => call<void>("ready", { marks });

/**
 * Writes `text` to the clipboard, through the web view's own Clipboard API (a
 * click on Copy is the user gesture it asks for): no plugin, no IPC.
 */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch (e) {
    throw new ApiError("clipboard", `Could not copy to the clipboard: ${e instanceof Error ? e.message : String(e)}`);
  }
}

// ---- Troubleshooting an existing setup (issue 9) ----
// The file is read on the Rust side (bounded, errors naming the file); the page
// only ever gets the findings, the settings and the corrected file with its
// secrets shown as [redacted].

/** The open dialog (on the Rust side), then the file read there. Null when cancelled. */
export const doctorOpenFile = () => call<Troubleshoot | null>("doctor_open_file");
/** The file last dropped on the window (null when none). */
export const doctorOpenDropped = () => call<Troubleshoot | null>("doctor_open_dropped");
/** Pasted text, read as a configuration file. */
export const doctorOpenText = (text: string) => call<Troubleshoot>("doctor_open_text", { text });
/** Take one connector of a file that has several. */
export const doctorChoose = (connector: string) => call<Troubleshoot>("doctor_choose", { connector });
/** What a pasted error message means for this setup (empty text clears it). */
export const doctorSymptom = (text: string) => call<Troubleshoot>("doctor_symptom", { text });
/** Probe the running system (read only); the audit credentials also compare the Auth0 application. */
export const doctorProbe = (url: string | null, audit: AuditCredentials | null) =>
  call<Troubleshoot>("doctor_probe", { url, audit });
export const doctorCancelProbe = () => call<void>("doctor_cancel_probe");
/** The file corrected for the wizard's settings, and its diff against the original. */
export const doctorCorrected = (settings: RawSettings) => call<Corrected>("doctor_corrected", { settings });
/** Save dialog, then the corrected file written atomically, 0600 (an existing file is kept as .orig). */
export const doctorSaveCorrected = (settings: RawSettings) => call<string | null>("doctor_save_corrected", { settings });
/** Save dialog, then the report (no secrets) with the Test step's results. */
export const doctorSaveReport = (format: ReportFormat, checks: CheckResult[], settings: RawSettings) =>
  call<string | null>("doctor_save_report", { format, checks, settings });

// ---- Management API (the Register step's "Create it for me" / "Fix these settings") ----

/** A failure of the Management API flow: the ApiError plus what the step shows at its place. */
export class MgmtApiError extends ApiError {
  failure: MgmtFailure;
  constructor(failure: MgmtFailure) {
    super(failure.code, failure.message);
    this.name = "MgmtApiError";
    this.failure = failure;
  }
}

/** Whatever a Management API command rejected with, with its fix (and scopes, drift, cleanup when known). */
export function toMgmtError(e: unknown): MgmtApiError {
  if (e instanceof MgmtApiError) return e;
  const f = e && typeof e === "object" && "fix" in e ? (e as Partial<MgmtFailure>) : null;
  const base = toApiError(e);
  return new MgmtApiError({
    code: base.code,
    message: base.message,
    fix: typeof f?.fix === "string" ? f.fix : "",
    field: f?.field ?? null,
    scopes: Array.isArray(f?.scopes) ? f.scopes : [],
    drift: Array.isArray(f?.drift) ? f.drift : [],
    cleanup: f?.cleanup ?? null,
    undoId: f?.undoId ?? null,
  });
}

async function mgmtCall<T>(cmd: string, args: Record<string, unknown>, onProgress: (e: ProgressEvent) => void): Promise<T> {
  const channel = new Channel<ProgressEvent>();
  channel.onmessage = onProgress;
  try {
    return await invoke<T>(cmd, { ...args, onProgress: channel });
  } catch (e) {
    throw toMgmtError(e);
  }
}

/** Connects and reads the tenant: what `kind` would change and the scopes it needs. Writes nothing. */
export const mgmtPlan = (request: PlanRequest, onProgress: (e: ProgressEvent) => void) =>
  mgmtCall<Plan>("mgmt_plan", { request }, onProgress);

/** Applies the last plan as far as `consent` goes; each call reported on `onProgress`. */
export const mgmtApply = (consent: Consent, onProgress: (e: ProgressEvent) => void) =>
  mgmtCall<WindowApplied>("mgmt_apply", { consent }, onProgress);

/** Reverts an apply, unless someone changed what it wrote since (the error then names each field). */
export const mgmtUndo = (undoId: string, onProgress: (e: ProgressEvent) => void) =>
  mgmtCall<UndoReport>("mgmt_undo", { undoId }, onProgress);

export const mgmtCancel = () => call<void>("mgmt_cancel");
