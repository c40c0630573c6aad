// Troubleshooting's reactive state (Svelte 5 runes): the file opened, the
// findings, the pasted error, the probes, the corrected file, the saves.
// Loaded with the troubleshooting view, not with the first step.
import { tick } from "svelte";
import * as api from "../api";
import type { Corrected } from "../bindings/Corrected";
import type { ReportFormat } from "../bindings/ReportFormat";
import type { Troubleshoot } from "../bindings/Troubleshoot";
import { app } from "./app.svelte";
import { auditCredentials, furthest } from "./wizard";
import { formFromImport } from "./troubleshoot";
import { entry } from "../components/troubleshoot/entry.svelte";

export type Notice = { kind: "ok" | "error" | "info"; text: string } | null;

class TroubleshootState {
  /** The file as read, its findings; null until one is opened. */
  view = $state<Troubleshoot | null>(null);
  opening = $state(false);
  openError = $state<string | null>(null);
  /** Bumped each time a file is opened: the view moves focus to the findings. */
  opened = $state(0);
  /** The connector being taken from a file with several. */
  choosing = $state(false);

  symptomText = $state("");
  symptomBusy = $state(false);
  symptomError = $state<string | null>(null);

  probing = $state(false);
  probeError = $state<string | null>(null);
  probeNotice = $state<string | null>(null);
  probed = $state(false);

  corrected = $state<Corrected | null>(null);
  correctedError = $state<string | null>(null);
  correctedNotice = $state<Notice>(null);
  reportFormat = $state<ReportFormat>("markdown");
  reportNotice = $state<Notice>(null);

  /** Whether the wizard's steps are working on an imported file. */
  get active(): boolean {
    return this.view !== null;
  }

  private show(v: Troubleshoot | null) {
    if (!v) return;
    this.view = v;
    this.corrected = null;
    this.correctedNotice = null;
    this.reportNotice = null;
    this.probed = v.probes.length > 0;
    this.opened++;
  }

  private async open(how: () => Promise<Troubleshoot | null>) {
    if (this.opening) return;
    this.opening = true;
    this.openError = null;
    try {
      this.show(await how());
    } catch (e) {
      this.openError = api.toApiError(e).message;
    } finally {
      this.opening = false;
    }
  }

  openFile() {
    return this.open(api.doctorOpenFile);
  }

  openDropped() {
    return this.open(api.doctorOpenDropped);
  }

  openText(text: string) {
    return this.open(() => api.doctorOpenText(text));
  }

  async choose(connector: string) {
    this.choosing = true;
    this.openError = null;
    try {
      this.show(await api.doctorChoose(connector));
    } catch (e) {
      this.openError = api.toApiError(e).message;
    } finally {
      this.choosing = false;
    }
  }

  async readSymptom() {
    this.symptomBusy = true;
    this.symptomError = null;
    try {
      this.view = await api.doctorSymptom(this.symptomText);
    } catch (e) {
      this.symptomError = api.toApiError(e).message;
    } finally {
      this.symptomBusy = false;
    }
  }

  /** Fill the wizard's steps from the file and go to the furthest one they open (at most Test). */
  async continueToWizard() {
    if (!this.view) return;
    app.form = formFromImport(this.view, app.catalog, app.form);
    app.touched = { publicUrl: true, domain: true, clientId: true };
    app.resetResults();
    entry.open = false;
    await app.revalidate();
    app.step = Math.min(4, furthest(app.form, app.currentReport, app.catalog));
    // The view that had the focus is gone: the step's heading takes it.
    await tick();
    document.getElementById("step-heading")?.focus();
  }

  async probe() {
    if (this.probing) return;
    this.probing = true;
    this.probeError = null;
    this.probeNotice = null;
    try {
      // The system at the public URL the wizard now holds (the file's may be what was wrong).
      this.view = await api.doctorProbe(app.form.publicUrl.trim() || null, auditCredentials(app.form));
      this.probed = true;
    } catch (e) {
      const err = api.toApiError(e);
      if (err.code === "cancelled") this.probeNotice = err.message;
      else this.probeError = err.message;
    } finally {
      this.probing = false;
    }
  }

  async cancelProbe() {
    await api.doctorCancelProbe().catch(() => {});
  }

  async loadCorrected() {
    this.correctedError = null;
    try {
      this.corrected = await api.doctorCorrected(app.settings);
    } catch (e) {
      this.corrected = null;
      this.correctedError = api.toApiError(e).message;
    }
  }

  async saveCorrected() {
    this.correctedNotice = null;
    try {
      const path = await api.doctorSaveCorrected(app.settings);
      if (path) this.correctedNotice = { kind: "ok", text: `Saved the corrected file to ${path} (readable only by you; the original is unchanged).` };
    } catch (e) {
      this.correctedNotice = { kind: "error", text: api.toApiError(e).message };
    }
  }

  async saveReport() {
    this.reportNotice = null;
    const checks = app.rows.flatMap((r) => (r.result ? [r.result] : []));
    if (app.login) checks.push(app.login.result);
    try {
      const path = await api.doctorSaveReport(this.reportFormat, checks, app.settings);
      if (path) this.reportNotice = { kind: "ok", text: `Saved the report to ${path} (no secrets in it).` };
    } catch (e) {
      this.reportNotice = { kind: "error", text: api.toApiError(e).message };
    }
  }
}

export const ts = new TroubleshootState();
