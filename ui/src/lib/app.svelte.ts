// The app's reactive state (Svelte 5 runes), shared by every step.
import * as api from "../api";
import type { RawSettings } from "../bindings/RawSettings";
import type { Report } from "../bindings/Report";
import type { TargetInfo } from "../bindings/TargetInfo";
import type { ExportedFile } from "../bindings/ExportedFile";
import type { LoginOutcome } from "../bindings/LoginOutcome";
// The catalog as the app has it, generated from the core at build time
// (src-tauri/tests/ui_catalog.rs keeps it fresh): the first step is pre-rendered from it.
import CATALOG from "../generated/catalog.json";
import {
  applyResult,
  auditCredentials,
  canEnter,
  emptyForm,
  fromLoadedProfile,
  idleRows,
  runningRows,
  settleRows,
  shownIssues,
  targetInfo,
  toProfileInput,
  toRawSettings,
  type CheckRow,
  type Form,
} from "./wizard";
import { controlError } from "./errors";
import { testStepState } from "./steps";

export type Notice = { kind: "ok" | "error" | "info"; text: string } | null;
/** A notice shown at the control it is about (`at`). */
export type ControlNotice = { kind: "ok" | "error"; text: string; at: string } | null;

/** The visible labels of the controls that use the keyring (errors name them). */
export const REMEMBER_LABEL = "Remember secrets in the system keyring";

class AppState {
  catalog = $state<TargetInfo[]>(CATALOG as TargetInfo[]);
  loadError = $state<string | null>(null);
  form = $state<Form>(emptyForm());
  step = $state(1);
  /** The last validation report and the settings it was made for. */
  report = $state<Report | null>(null);
  reportKey = $state("");
  reportFor = $state<RawSettings | null>(null);
  /** Fields the user has left at least once (their issues show even when empty). */
  touched = $state<Record<string, boolean>>({});

  // Profiles (they depend on the user: not known to the pre-rendered page)
  profiles = $state<string[]>([]);
  profilesKnown = $state(false);
  selectedProfile = $state("");
  /** The profile whose deletion waits for a confirmation ("" when none). */
  confirmingDelete = $state("");
  profileName = $state("");
  remember = $state(false);
  /** About the sidebar's profile controls: `at` is "load", "delete" or "list". */
  profileNotice = $state<ControlNotice>(null);
  /** About the Credentials step's Save profile: `at` is "remember" (a keyring error) or "save". */
  saveNotice = $state<ControlNotice>(null);

  // Test
  rows = $state<CheckRow[]>(idleRows());
  checksRunning = $state(false);
  checksError = $state<string | null>(null);
  checksRan = $state(false);
  login = $state<LoginOutcome | null>(null);
  loginRunning = $state(false);
  loginError = $state<string | null>(null);

  // Export
  handoff = $state(false);
  exports = $state<ExportedFile[]>([]);
  exportError = $state<string | null>(null);
  activeFormat = $state("");
  saved = $state<{ format: string; path: string }[]>([]);

  info = $derived(targetInfo(this.catalog, this.form.target));
  settings = $derived(toRawSettings(this.form, this.catalog));
  settingsKey = $derived(JSON.stringify(this.settings));
  /** The report, only while it is about the current settings. */
  currentReport = $derived(this.reportKey === this.settingsKey ? this.report : null);
  /** How the Test step ended, for the sidebar. */
  testState = $derived(testStepState(this.rows, this.checksRan, this.checksRunning, this.login));

  /** Going back is always possible; going on needs every earlier step complete. */
  canEnter(step: number): boolean {
    return (step >= 1 && step <= this.step) || canEnter(step, this.form, this.currentReport, this.catalog);
  }

  /** Issues to show at `field` (only once it has a value or was visited). */
  issues(field: string, value: string) {
    if (value === "" && !this.touched[field]) return [];
    return shownIssues(field, this.currentReport, this.report, this.reportFor, this.settings);
  }

  /**
   * Fills in what depends on the user: the saved profiles the app handed the
   * page (when it could list them), then the app's list now (the one handed
   * over is as old as the window; `refreshProfiles` also reports an error).
   */
  async init() {
    const profiles = api.initialProfiles();
    if (profiles) {
      this.profiles = profiles;
      this.profilesKnown = true;
    }
    await this.refreshProfiles();
  }

  private seq = 0;
  /** Validate the current settings (the caller debounces). */
  async revalidate() {
    const key = this.settingsKey;
    const settings = this.settings;
    const seq = ++this.seq;
    try {
      const report = await api.validate(settings);
      if (seq === this.seq) {
        this.report = report;
        this.reportKey = key;
        this.reportFor = settings;
      }
    } catch (e) {
      if (seq === this.seq) this.loadError = api.toApiError(e).message;
    }
  }

  /**
   * An error from a command: its message for the step's banner; when the
   * settings were not valid, its issues also go to their fields.
   */
  private failure(e: unknown): string {
    const err = api.toApiError(e);
    if (err.issues) {
      this.report = { issues: err.issues };
      this.reportKey = this.settingsKey;
      this.reportFor = this.settings;
      for (const i of err.issues) this.touched[i.field] = true;
    }
    return err.message;
  }

  touch(field: string) {
    this.touched[field] = true;
  }

  go(step: number) {
    if (this.canEnter(step)) this.step = step;
  }

  // ---- Profiles ----
  async refreshProfiles() {
    try {
      this.profiles = await api.profileList();
    } catch (e) {
      this.profileNotice = { kind: "error", text: api.toApiError(e).message, at: "list" };
    }
    this.profilesKnown = true;
  }

  async saveProfile() {
    const name = this.profileName.trim();
    this.saveNotice = null;
    try {
      await api.profileSave(toProfileInput(name, this.form, this.catalog, this.remember));
      this.saveNotice = {
        kind: "ok",
        at: "save",
        text: this.remember
          ? `Saved profile “${name}”; its secrets are in the system keyring.`
          : `Saved profile “${name}” (without secrets).`,
      };
      this.selectedProfile = name;
      await this.refreshProfiles();
    } catch (e) {
      const keyring = api.toApiError(e).code.startsWith("keyring.");
      const or = this.remember ? "Or untick it to save the profile without its secrets." : "";
      this.saveNotice = { kind: "error", at: keyring ? "remember" : "save", text: controlError(e, REMEMBER_LABEL, or) };
    }
  }

  async loadProfile(name = this.selectedProfile) {
    if (!name) return;
    try {
      const p = await api.profileLoad(name);
      this.form = fromLoadedProfile(p);
      this.profileName = p.name;
      this.remember = p.remember;
      this.touched = {};
      this.resetResults();
      this.profileNotice = { kind: "ok", text: `Loaded profile “${p.name}”.`, at: "load" };
    } catch (e) {
      this.profileNotice = { kind: "error", text: controlError(e, "Load"), at: "load" };
    }
  }

  async deleteProfile(name = this.selectedProfile) {
    this.confirmingDelete = "";
    if (!name) return;
    try {
      await api.profileDelete(name);
      this.profileNotice = { kind: "ok", text: `Deleted profile “${name}” and its keyring entries.`, at: "delete" };
      if (this.selectedProfile === name) this.selectedProfile = "";
      await this.refreshProfiles();
    } catch (e) {
      this.profileNotice = { kind: "error", text: controlError(e, "Delete"), at: "delete" };
    }
  }

  resetResults() {
    this.rows = idleRows();
    this.checksRan = false;
    this.checksError = null;
    this.login = null;
    this.loginError = null;
    this.exports = [];
    this.saved = [];
  }

  // ---- Checks ----
  async runChecks() {
    if (this.checksRunning) return;
    this.checksRunning = true;
    this.checksError = null;
    this.rows = runningRows();
    try {
      const results = await api.runChecks(this.settings, auditCredentials(this.form), (r) => {
        this.rows = applyResult(this.rows, r);
      });
      // The channel may deliver after the command returns: apply the final list too.
      for (const r of results) this.rows = applyResult(this.rows, r);
      this.checksRan = true;
    } catch (e) {
      this.checksError = this.failure(e);
      this.rows = idleRows();
    } finally {
      this.rows = settleRows(this.rows);
      this.checksRunning = false;
    }
  }

  async cancelChecks() {
    await api.cancelChecks().catch(() => {});
  }

  async loginTest() {
    if (this.loginRunning) return;
    this.loginRunning = true;
    this.loginError = null;
    this.login = null;
    try {
      this.login = await api.loginTest(this.settings);
    } catch (e) {
      this.loginError = this.failure(e);
    } finally {
      this.loginRunning = false;
    }
  }

  async cancelLogin() {
    await api.cancelLogin().catch(() => {});
  }

  // ---- Export ----
  async refreshExports() {
    this.exportError = null;
    try {
      this.exports = await api.exportAll(this.settings, this.handoff);
      if (!this.exports.some((f) => f.format === this.activeFormat)) this.activeFormat = this.exports[0]?.format ?? "";
    } catch (e) {
      this.exports = [];
      this.exportError = this.failure(e);
    }
  }
}

export const app = new AppState();
