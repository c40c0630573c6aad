import { describe, expect, it } from "vitest";
import type { Report } from "../bindings/Report";
import type { TargetInfo } from "../bindings/TargetInfo";
import {
  applyResult,
  canEnter,
  chooseTarget,
  emptyForm,
  extrasFor,
  fromLoadedProfile,
  furthest,
  hasError,
  idleRows,
  issuesFor,
  runningRows,
  settleRows,
  shownIssues,
  stepFields,
  summarize,
  toProfileInput,
  toRawSettings,
  type Form,
} from "./wizard";

// A trimmed copy of the core's catalog entries the tests need.
const pomerium: TargetInfo = {
  id: "pomerium",
  name: "Pomerium",
  product: "Pomerium",
  summary: "",
  urlLabel: "Authenticate service URL",
  urlHelp: "",
  urlPlaceholder: "https://authenticate.example.com",
  versions: [
    { id: "0.20+", label: "0.20 and later", release: "current", default: true, range: { from: "0.20", until: null } },
    { id: "<0.20", label: "before 0.20", release: "legacy", default: false, range: { from: null, until: "0.20" } },
  ],
  formats: [],
  extras: [
    { key: "cookieSecret", label: "Cookie secret", help: "", kind: "secret", choices: [], default: "", releases: ["current", "legacy"], flag: "--cookie-secret-env", valueName: "VAR", forRequirements: false },
    { key: "serviceAccountClientId", label: "SA id", help: "", kind: "text", choices: [], default: "", releases: ["legacy"], flag: "--service-account-client-id", valueName: "ID", forRequirements: false },
  ],
  usesConnector: false,
};
const dex: TargetInfo = { ...pomerium, id: "dex", name: "Dex", versions: [pomerium.versions[0]], extras: [], usesConnector: true };
const catalog = [pomerium, dex];

const clean: Report = { issues: [] };
const issue = (field: string, severity: "error" | "warning", code = "x"): Report["issues"][number] => ({
  field,
  code,
  severity,
  message: `${field} ${severity}`,
  fix: "fix it",
});

function filled(): Form {
  return {
    ...emptyForm(),
    target: "pomerium",
    publicUrl: "https://authenticate.example.com",
    domain: "dev.us.auth0.com",
    clientId: "abc",
    clientSecret: "secret",
  };
}

describe("steps", () => {
  it("opens step 2 only with a target, a public URL and no step-1 errors", () => {
    const f = filled();
    expect(canEnter(1, emptyForm(), null, catalog)).toBe(true);
    expect(canEnter(2, emptyForm(), clean, catalog)).toBe(false);
    expect(canEnter(2, { ...f, publicUrl: "" }, clean, catalog)).toBe(false);
    expect(canEnter(2, f, null, catalog)).toBe(false); // not validated yet
    expect(canEnter(2, f, { issues: [issue("publicUrl", "error")] }, catalog)).toBe(false);
    expect(canEnter(2, f, { issues: [issue("publicUrl", "warning")] }, catalog)).toBe(true);
    // A credentials error does not hold back step 2 or 3, but holds back 4.
    const credErr = { issues: [issue("domain", "error")] };
    expect(canEnter(3, f, credErr, catalog)).toBe(true);
    expect(canEnter(4, f, credErr, catalog)).toBe(false);
  });

  it("opens every step when everything validates, and no step beyond 6", () => {
    expect(furthest(filled(), clean, catalog)).toBe(6);
    expect(furthest({ ...filled(), clientId: "" }, clean, catalog)).toBe(3);
    expect(canEnter(7, filled(), clean, catalog)).toBe(false);
    expect(canEnter(0, filled(), clean, catalog)).toBe(false);
  });

  it("keeps every typed value when the target changes (Back never loses input); only the version resets", () => {
    const f = { ...filled(), version: "<0.20", extras: { serviceAccountClientId: "sa" } };
    const g = chooseTarget(f, "dex");
    expect(g.version).toBe("");
    expect(g.domain).toBe(f.domain);
    expect(g.clientSecret).toBe("secret");
    expect(g.extras).toEqual({ serviceAccountClientId: "sa" });
    // Back to the first target: its extras are still there.
    expect(toRawSettings(chooseTarget(g, "pomerium"), catalog).extras).toEqual({});
    expect(toRawSettings({ ...chooseTarget(g, "pomerium"), version: "<0.20" }, catalog).extras).toEqual({ serviceAccountClientId: "sa" });
    expect(chooseTarget(f, "pomerium")).toBe(f);
  });
});

describe("settings", () => {
  it("sends only the extras of the chosen version, secrets apart, and null for an empty secret", () => {
    const f: Form = {
      ...filled(),
      clientSecret: "",
      extras: { serviceAccountClientId: "sa", stray: "x" },
      extraSecrets: { cookieSecret: "c00kie" },
    };
    const current = toRawSettings(f, catalog);
    expect(current.clientSecret).toBeNull();
    expect(current.extras).toEqual({});
    expect(current.extraSecrets).toEqual({ cookieSecret: "c00kie" });
    const legacy = toRawSettings({ ...f, version: "<0.20" }, catalog);
    expect(legacy.extras).toEqual({ serviceAccountClientId: "sa" });
    expect(extrasFor(pomerium, "<0.20").map((x) => x.key)).toEqual(["cookieSecret", "serviceAccountClientId"]);
    expect(extrasFor(pomerium, "").map((x) => x.key)).toEqual(["cookieSecret"]);
  });

  it("drops connector fields for targets without a connector", () => {
    const f = { ...filled(), connectorId: "c", connectorName: "C" };
    expect(toRawSettings(f, catalog).connectorId).toBe("");
    expect(toRawSettings({ ...f, target: "dex" }, catalog).connectorId).toBe("c");
  });
});

describe("validation mapping", () => {
  it("maps issues to their fields and steps", () => {
    const r: Report = { issues: [issue("domain", "error"), issue("domain", "warning", "y"), issue("extras.cookieSecret", "error")] };
    expect(issuesFor(r, "domain").map((i) => i.code)).toEqual(["x", "y"]);
    expect(issuesFor(null, "domain")).toEqual([]);
    expect(stepFields(3, pomerium, "")).toContain("extras.cookieSecret");
    expect(stepFields(3, pomerium, "")).not.toContain("connectorId");
    expect(stepFields(3, dex, "")).toContain("connectorId");
    expect(hasError(r, stepFields(1, pomerium, ""))).toBe(false);
    expect(hasError(r, stepFields(3, pomerium, ""))).toBe(true);
  });
});

describe("profiles", () => {
  it("puts secrets in the profile input only when remembered, and never in its settings", () => {
    const f: Form = { ...filled(), extraSecrets: { cookieSecret: "c00kie" }, auditClientSecret: "m2m" };
    const off = toProfileInput(" work ", f, catalog, false);
    expect(off.name).toBe("work");
    expect(off.secrets).toEqual({});
    expect(JSON.stringify(off)).not.toContain("secret\"");
    expect(JSON.stringify(off.settings)).not.toMatch(/c00kie|m2m"|"secret"/);
    const on = toProfileInput("work", f, catalog, true);
    expect(on.secrets).toEqual({ clientSecret: "secret", auditClientSecret: "m2m", "extras.cookieSecret": "c00kie" });
    expect(JSON.stringify(on.settings)).not.toMatch(/c00kie|"secret"/);
  });

  it("restores a loaded profile, secrets included", () => {
    const p = toProfileInput("work", { ...filled(), extraSecrets: { cookieSecret: "c" } }, catalog, true);
    const f = fromLoadedProfile({ name: "work", settings: p.settings, secrets: p.secrets, remember: true });
    expect(f.clientSecret).toBe("secret");
    expect(f.extraSecrets).toEqual({ cookieSecret: "c" });
    expect(f.domain).toBe("dev.us.auth0.com");
  });
});

describe("check rows", () => {
  const r = (id: "reachability" | "login", status: "pass" | "fail") => ({
    id,
    status,
    diagnosis: "ok" as const,
    title: "T",
    detail: "",
    fix: null,
    findings: [],
    evidence: [],
    elapsed_ms: 0,
  });

  it("go from idle to running to their result; unfinished rows end skipped", () => {
    expect(idleRows().every((x) => x.status === "idle")).toBe(true);
    let rows = runningRows();
    rows = applyResult(rows, r("reachability", "fail"));
    expect(rows.find((x) => x.id === "reachability")?.status).toBe("fail");
    expect(rows.find((x) => x.id === "jwks")?.status).toBe("running");
    rows = settleRows(rows);
    expect(rows.find((x) => x.id === "jwks")?.status).toBe("skipped");
    expect(summarize(rows)).toEqual({ pass: 0, warn: 0, fail: 1, skipped: 5 });
    expect(applyResult(rows, r("login", "pass")).at(-1)?.id).toBe("login");
  });
});

describe("issues while a new report is on its way", () => {
  it("keeps a field's previous issues only while its value is unchanged", () => {
    const before = toRawSettings({ ...filled(), domain: "" }, catalog);
    const prev: Report = { issues: [issue("domain", "error", "domain.empty"), issue("clientId", "warning", "client_id.format")] };
    const typed = toRawSettings({ ...filled(), domain: "dev.us.auth0.com" }, catalog);
    // The domain changed: its old "empty" error must not show; the client ID did not: its warning stays.
    expect(shownIssues("domain", null, prev, before, typed)).toEqual([]);
    expect(shownIssues("clientId", null, prev, before, typed).map((i) => i.code)).toEqual(["client_id.format"]);
    // A current report always wins.
    expect(shownIssues("clientId", clean, prev, before, typed)).toEqual([]);
  });
});
