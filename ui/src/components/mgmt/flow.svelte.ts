// The Register step's Management API flow (Svelte 5 runes): credentials,
// plan, the user's yes, progress, result, undo. Kept outside the step so the
// result and its Undo survive a visit to the Credentials step.
import * as api from "../../api";
import { app } from "../../lib/app.svelte";
import type { HandOver } from "../../bindings/HandOver";
import type { MgmtFailure } from "../../bindings/MgmtFailure";
import type { Plan } from "../../bindings/Plan";
import type { PlanKind } from "../../bindings/PlanKind";
import type { UndoReport } from "../../bindings/UndoReport";
import type { WindowApplied } from "../../bindings/WindowApplied";
import { applyProgress, consentFor, type ProgressRow } from "./mgmt";

export type Phase = "idle" | "login" | "planning" | "plan" | "applying" | "done" | "undoing" | "undone";

class MgmtFlow {
  kind = $state<PlanKind>("create");
  phase = $state<Phase>("idle");
  /** The tenant's domain (empty: the Credentials step's). */
  domain = $state("");
  mode = $state<"token" | "m2m">("token");
  /** A pasted API Explorer token: in memory only, never saved. */
  token = $state("");
  /** Keep the new application's secret in the system keyring (a profile named after it). */
  remember = $state(false);
  plan = $state<Plan | null>(null);
  accepted = $state<Record<string, boolean>>({});
  existingOk = $state(false);
  progress = $state<ProgressRow[]>([]);
  /** The apply's result, without the secrets (they went to the Credentials step). */
  result = $state<WindowApplied | null>(null);
  undoReport = $state<UndoReport | null>(null);
  error = $state<MgmtFailure | null>(null);
  /** An undo record left by a failed or cancelled apply. */
  leftUndoId = $state<string | null>(null);
  /** What the last step did, for the live region. */
  notice = $state("");
  savedProfile = $state<string | null>(null);

  running = $derived(this.phase === "planning" || this.phase === "applying" || this.phase === "undoing");
  undoId = $derived(this.result?.applied.undo_id ?? this.leftUndoId);

  open(kind: PlanKind) {
    this.kind = kind;
    this.phase = "login";
    this.plan = null;
    this.error = null;
    this.notice = "";
    this.progress = [];
    if (!this.domain) this.domain = app.form.domain;
    if (app.form.auditClientId && !this.token) this.mode = "m2m";
  }

  /** Back out before anything is sent. */
  close(notice = "") {
    this.phase = "idle";
    this.plan = null;
    this.error = null;
    this.notice = notice;
  }

  private track = (e: Parameters<typeof applyProgress>[1]) => (this.progress = applyProgress(this.progress, e));

  async showPlan() {
    this.phase = "planning";
    this.error = null;
    this.progress = [];
    const login = {
      domain: this.domain,
      clientId: this.mode === "m2m" ? app.form.auditClientId : "",
      clientSecret: this.mode === "m2m" ? app.form.auditClientSecret : null,
      token: this.mode === "token" ? this.token : null,
    };
    try {
      this.plan = await api.mgmtPlan({ settings: app.settings, login, kind: this.kind }, this.track);
      this.accepted = {};
      this.existingOk = false;
      this.phase = "plan";
    } catch (e) {
      this.error = api.toMgmtError(e).failure;
      this.phase = "login";
    }
  }

  async confirm() {
    if (!this.plan) return;
    const consent = consentFor(this.plan, this.accepted, this.existingOk);
    this.phase = "applying";
    this.error = null;
    this.progress = [];
    this.undoReport = null;
    try {
      const r = await api.mgmtApply(consent, this.track);
      if (r.handOver) await this.fill(r.handOver);
      this.result = { ...r, handOver: null };
      this.leftUndoId = null;
      this.phase = "done";
    } catch (e) {
      this.error = api.toMgmtError(e).failure;
      this.leftUndoId = this.error.undoId;
      this.result = null;
      this.phase = "plan";
    }
  }

  /** The new application's credentials into the Credentials step (and the keyring when chosen). */
  private async fill(h: HandOver) {
    app.form.domain = h.domain;
    app.form.clientId = h.clientId;
    app.form.clientSecret = h.secrets.clientSecret ?? "";
    for (const [k, v] of Object.entries(h.extras)) if (v !== undefined) app.form.extras[k] = v;
    for (const [k, v] of Object.entries(h.secrets)) {
      if (k.startsWith("extras.")) app.form.extraSecrets[k.slice("extras.".length)] = v;
    }
    this.savedProfile = null;
    if (this.remember && this.plan) {
      app.profileName = this.plan.name;
      app.remember = true;
      await app.saveProfile();
      if (app.saveNotice?.kind === "ok") this.savedProfile = this.plan.name;
    }
  }

  async undo() {
    const id = this.undoId;
    if (!id) return;
    this.phase = "undoing";
    this.error = null;
    this.progress = [];
    try {
      this.undoReport = await api.mgmtUndo(id, this.track);
      const created = this.result?.applied.action === "create" ? this.result.applied.client_id : null;
      if (created && app.form.clientId === created) {
        app.form.clientId = "";
        app.form.clientSecret = "";
      }
      if (created && this.savedProfile) await app.deleteProfile(this.savedProfile);
      this.savedProfile = null;
      this.leftUndoId = null;
      this.phase = "undone";
    } catch (e) {
      this.error = api.toMgmtError(e).failure;
      this.phase = this.result ? "done" : "plan";
    }
  }

  async cancel() {
    await api.mgmtCancel().catch(() => {});
  }
}

export const flow = new MgmtFlow();
