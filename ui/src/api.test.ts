import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import * as api from "./api";
import type { CheckResult } from "./bindings/CheckResult";
import type { RawSettings } from "./bindings/RawSettings";
import { emptyForm, toRawSettings } from "./lib/wizard";

afterEach(() => clearMocks());

const settings: RawSettings = toRawSettings({ ...emptyForm(), target: "dex", publicUrl: "https://dex.example.com/dex" }, []);

function result(id: CheckResult["id"], status: CheckResult["status"]): CheckResult {
  return { id, status, diagnosis: "ok", title: id, detail: "", fix: null, findings: [], evidence: [], elapsed_ms: 1 };
}

describe("api", () => {
  it("takes the saved profiles the app handed the page, without IPC", () => {
    const g = globalThis as { __AUTH0_WIZARD_BOOT__?: unknown };
    expect(api.initialProfiles()).toBeNull();
    g.__AUTH0_WIZARD_BOOT__ = { catalog: [], profiles: ["prod"] };
    try {
      expect(api.initialProfiles()).toEqual(["prod"]);
      g.__AUTH0_WIZARD_BOOT__ = { catalog: [], profiles: null };
      expect(api.initialProfiles()).toBeNull();
    } finally {
      delete g.__AUTH0_WIZARD_BOOT__;
    }
  });

  it("calls each command by its Rust name with camelCase arguments", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "save_export") return "/tmp/x.yaml";
      if (cmd === "profile_list") return ["a", "b"];
      return null;
    });
    await api.validate(settings);
    await api.exportAll(settings, true);
    const file = { format: "f", label: "F", fileName: "x.yaml", syntax: "yaml" as const, applyCommand: "", content: "c" };
    expect(await api.saveExport(file, "body")).toBe("/tmp/x.yaml");
    expect(await api.profileList()).toEqual(["a", "b"]);
    await api.profileDelete("a");
    await api.openDashboard("https://manage.auth0.com/");
    expect(calls).toEqual([
      ["validate", { settings }],
      ["export", { settings, handoff: true }],
      ["save_export", { fileName: "x.yaml", syntax: "yaml", contents: "body" }],
      ["profile_list", {}],
      ["profile_delete", { name: "a" }],
      ["open_dashboard", { url: "https://manage.auth0.com/" }],
    ]);
  });

  it("turns a rejected {code, message} into an ApiError with both", async () => {
    mockIPC(() => {
      throw { code: "profile.not_found", message: "there is no profile named \"x\"" };
    });
    const e = await api.profileLoad("x").catch((e) => e);
    expect(e).toBeInstanceOf(api.ApiError);
    expect(e.code).toBe("profile.not_found");
    expect(e.message).toContain("no profile");
    expect(e.issues).toBeNull();
  });

  it("keeps the issues of settings that are not valid, field by field", async () => {
    const issue = { field: "domain", code: "domain.path", severity: "error", message: "m", fix: "f" };
    mockIPC(() => {
      throw { code: "invalid_settings", message: "The settings are not valid: m f", issues: [issue] };
    });
    const e = await api.exportAll(settings, false).catch((e) => e);
    expect(e).toBeInstanceOf(api.ApiError);
    expect(e.code).toBe("invalid_settings");
    expect(e.issues).toEqual([issue]);
  });

  it("turns a bare string rejection (e.g. an unknown command) into code ipc", async () => {
    mockIPC(() => {
      throw "command run_checks not found";
    });
    const e = await api.cancelChecks().catch((e) => e);
    expect(e).toBeInstanceOf(api.ApiError);
    expect(e.code).toBe("ipc");
    expect(e.message).toBe("command run_checks not found");
  });

  it("streams check results through the channel, in order, and returns the final list", async () => {
    mockIPC((cmd, args) => {
      expect(cmd).toBe("run_checks");
      const a = args as { settings: RawSettings; audit: unknown; onResult: { id: number } };
      expect(a.audit).toEqual({ clientId: "m2m", clientSecret: "s" });
      const send = (index: number, message: CheckResult) =>
        (window as any).__TAURI_INTERNALS__.runCallback(a.onResult.id, { index, message });
      // Out of order on the wire: the channel restores the order.
      send(1, result("discovery", "fail"));
      send(0, result("reachability", "pass"));
      return [result("reachability", "pass"), result("discovery", "fail")];
    });
    const seen: string[] = [];
    const all = await api.runChecks(settings, { clientId: "m2m", clientSecret: "s" }, (r) => seen.push(`${r.id}:${r.status}`));
    expect(seen).toEqual(["reachability:pass", "discovery:fail"]);
    expect(all.map((r) => r.id)).toEqual(["reachability", "discovery"]);
  });

  it("calls the troubleshooting commands by their Rust names; the page sends paths nowhere", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const audit = { clientId: "m2m", clientSecret: "s" };
    await api.doctorOpenFile();
    await api.doctorOpenDropped();
    await api.doctorOpenText("a: 1");
    await api.doctorChoose("auth0-staging");
    await api.doctorSymptom("Callback URL mismatch");
    await api.doctorProbe(null, audit);
    await api.doctorCancelProbe();
    await api.doctorCorrected(settings);
    await api.doctorSaveCorrected(settings);
    await api.doctorSaveReport("json", [result("issuer", "pass")], settings);
    expect(calls).toEqual([
      ["doctor_open_file", {}],
      ["doctor_open_dropped", {}],
      ["doctor_open_text", { text: "a: 1" }],
      ["doctor_choose", { connector: "auth0-staging" }],
      ["doctor_symptom", { text: "Callback URL mismatch" }],
      ["doctor_probe", { url: null, audit }],
      ["doctor_cancel_probe", {}],
      ["doctor_corrected", { settings }],
      ["doctor_save_corrected", { settings }],
      ["doctor_save_report", { format: "json", checks: [result("issuer", "pass")], settings }],
    ]);
  });
});
