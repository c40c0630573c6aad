import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import * as api from "../../api";
import type { Plan } from "../../bindings/Plan";
import type { CheckResult } from "../../bindings/CheckResult";
import { emptyForm, idleRows, applyResult, toRawSettings } from "../../lib/wizard";
import { acceptedCount, applyProgress, auditFindings, consentFor, driftSentence, scopesOf, showValue } from "./mgmt";

afterEach(() => clearMocks());

function plan(action: Plan["action"]): Plan {
  const change = (id: string, field: string) => ({ id, resource: "client" as const, field, from: null, to: ["x"] });
  return {
    action,
    domain: "dev-abc.us.auth0.com",
    client_id: null,
    name: "auth0-wizard dex",
    steps: [
      { id: "client", title: "t", calls: [], scopes: [], changes: [change("client.callbacks", "callbacks"), change("client.grant_types", "grant_types")] },
    ],
    scopes: [
      { scope: "update:triggers", why: "bind", verified: false },
      { scope: "create:clients", why: "create", verified: true },
    ],
    undo_scopes: [],
    existing: [],
    unfixable: [],
    notes: [],
  };
}

describe("the Management API panel", () => {
  it("shows values as a person reads them", () => {
    expect(showValue(null)).toBe("(not set)");
    expect(showValue(["a", "b"])).toBe("a\nb");
    expect(showValue([])).toBe("(empty list)");
    expect(showValue(true)).toBe("true");
    expect(showValue("RS256")).toBe("RS256");
  });

  it("turns progress events into one row per call, waits and answers included", () => {
    let rows = applyProgress([], { step: "client", call: "POST /api/v2/clients", kind: "started" });
    rows = applyProgress(rows, { step: "client", call: "POST /api/v2/clients", kind: "waiting", what: "the rate limit", seconds: 2 });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: "waiting", detail: "Waiting 2 s for the rate limit" });
    // Sent again after the wait: the same row.
    rows = applyProgress(rows, { step: "client", call: "POST /api/v2/clients", kind: "started" });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: "running", detail: "Waited 2 s for the rate limit" });
    rows = applyProgress(rows, { step: "client", call: "POST /api/v2/clients", kind: "done", status: 201 });
    rows = applyProgress(rows, { step: "client", call: "GET /x", kind: "failed", message: "HTTP 403" });
    expect(rows.map((r) => [r.state, r.detail])).toEqual([
      ["done", "HTTP 201"],
      ["failed", "HTTP 403"],
    ]);
  });

  it("agrees to a create whole and to the changes of a fix that are ticked", () => {
    expect(consentFor(plan("create"), { "client.callbacks": false }, false)).toEqual({ all: true, changeIds: [], existingOk: false });
    expect(consentFor(plan("fix"), {}, false)).toEqual({ all: true, changeIds: [], existingOk: false });
    const some = consentFor(plan("fix"), { "client.callbacks": false }, false);
    expect(some).toEqual({ all: false, changeIds: ["client.grant_types"], existingOk: false });
    expect(acceptedCount(plan("fix"), { "client.callbacks": false })).toBe(1);
    expect(acceptedCount(plan("create"), { "client.callbacks": false })).toBe(2);
  });

  it("lists the unverified scopes last and names a field changed since", () => {
    expect(scopesOf(plan("create")).map((s) => s.scope)).toEqual(["create:clients", "update:triggers"]);
    const d = { resource: "client" as const, id: "abc", field: "callbacks", written: ["a"], now: ["a", "b"], gone: false };
    expect(driftSentence(d)).toBe("callbacks of the application abc is now a, b (the wizard wrote a).");
    expect(driftSentence({ ...d, gone: true })).toBe("The application abc no longer exists.");
  });

  it("offers a fix only for the audit's warnings and failures", () => {
    const audit: CheckResult = {
      id: "app_audit",
      status: "fail",
      diagnosis: "ok",
      title: "",
      detail: "",
      fix: null,
      elapsed_ms: 1,
      evidence: [],
      findings: [
        { diagnosis: "ok", status: "pass", field: "oidc_conformant", message: "", fix: "" },
        { diagnosis: "ok", status: "fail", field: "callbacks", message: "", fix: "" },
      ],
    };
    expect(auditFindings(idleRows())).toEqual([]);
    expect(auditFindings(applyResult(idleRows(), audit)).map((f) => f.field)).toEqual(["callbacks"]);
  });

  it("calls the commands with a progress channel and keeps the fix of a failure", async () => {
    const calls: [string, Record<string, unknown>][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      if (cmd === "mgmt_apply") {
        throw { code: "mgmt.insufficient_scope", message: "no scope", fix: "Add scope create:clients to application m2m", scopes: ["create:clients"], drift: [], cleanup: null, undoId: null, field: null };
      }
      return null;
    });
    const settings = toRawSettings({ ...emptyForm(), target: "dex" }, []);
    const login = { domain: "d", clientId: "", clientSecret: null, token: "t" };
    await api.mgmtPlan({ settings, login, kind: "create" }, () => {});
    const e = await api.mgmtApply({ all: true, changeIds: [], existingOk: false }, () => {}).catch((x) => x);
    expect(e).toBeInstanceOf(api.MgmtApiError);
    expect(e.failure.scopes).toEqual(["create:clients"]);
    expect(e.failure.fix).toMatch(/^Add scope create:clients/);
    await api.mgmtCancel();
    expect(calls.map(([c]) => c)).toEqual(["mgmt_plan", "mgmt_apply", "mgmt_cancel"]);
    expect(calls[0][1]).toMatchObject({ request: { settings, login, kind: "create" } });
    expect(calls[0][1].onProgress).toBeDefined();
    const plain = api.toMgmtError(new Error("boom")).failure;
    expect(plain).toMatchObject({ code: "ipc", fix: "", scopes: [] });
  });
});
