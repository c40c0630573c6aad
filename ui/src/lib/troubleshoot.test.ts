import { describe, expect, it } from "vitest";
import type { DoctorFinding } from "../bindings/DoctorFinding";
import type { TargetInfo } from "../bindings/TargetInfo";
import type { Troubleshoot } from "../bindings/Troubleshoot";
import CATALOG from "../generated/catalog.json";
import { countText, formFromImport, groupFindings, place, probeClass } from "./troubleshoot";
import { emptyForm, toRawSettings } from "./wizard";

const catalog = CATALOG as TargetInfo[];

function finding(code: string, severity: DoctorFinding["severity"], path: string, line: number | null): DoctorFinding {
  return { code, severity, location: { path, line }, message: `${code} is wrong`, fix: "fix it" };
}

const imported: Troubleshoot = {
  file: "values.yaml",
  detected: { target: "pachyderm", version: "2.x", format: "helm-values", why: "Helm values" },
  findings: [],
  choices: [],
  undecided: false,
  settings: {
    domain: "dev-abc123.us.auth0.com",
    issuer: "https://dev-abc123.us.auth0.com",
    clientId: "Xk3tV9qLmN2pR7sW4yZ8aB1cD5eF6gH0",
    publicUrl: "https://pach.example.com",
    connectorId: "auth0",
    connectorName: "Auth0",
    groupsClaim: "",
    extras: { secretName: "pachyderm-auth0", notAnExtra: "x" },
    secrets: ["clientSecret"],
  },
  version: "2.x",
  secrets: { clientSecret: "GoldenClientSecret-0123456789" },
  symptoms: [],
  confirm: { checks: [], probes: [], lint: false, all: false },
  probes: [],
};

describe("troubleshooting", () => {
  it("groups findings errors first, each group in file order, empty groups left out", () => {
    const groups = groupFindings([
      finding("c.info", "info", "a", 1),
      finding("c.late", "error", "b", 9),
      finding("c.early", "error", "c", 3),
    ]);
    expect(groups.map((g) => g.level)).toEqual(["error", "info"]);
    expect(groups[0].findings.map((f) => f.code)).toEqual(["c.early", "c.late"]);
  });

  it("says where a finding is and how many there are", () => {
    expect(place(finding("c", "error", "oidc.upstreamIDPs[0].config.issuer", 8))).toBe("oidc.upstreamIDPs[0].config.issuer (line 8)");
    expect(place(finding("c", "error", "", 4))).toBe("line 4");
    expect(place(finding("c", "error", "", null))).toBe("the whole file");
    expect(countText([finding("a", "error", "", 1), finding("b", "error", "", 2), finding("c", "warning", "", 3)])).toBe(
      "2 errors, 1 warning, no notes",
    );
  });

  it("fills the wizard's form from the file, keeping the audit credentials", () => {
    const before = { ...emptyForm(), auditClientId: "m2m", auditClientSecret: "m2m-secret" };
    const form = formFromImport(imported, catalog, before);
    expect(form.target).toBe("pachyderm");
    // 2.x is the default version: the form says so with "".
    expect(form.version).toBe("");
    expect(form.publicUrl).toBe("https://pach.example.com");
    expect(form.clientSecret).toBe("GoldenClientSecret-0123456789");
    expect(form.extras).toEqual({ secretName: "pachyderm-auth0" });
    expect(form.auditClientId).toBe("m2m");
    // The wizard writes Auth0's own issuer, not the file's.
    expect(toRawSettings(form, catalog).issuer).toBe("");
    expect(formFromImport({ ...imported, secrets: {} }, catalog, before).clientSecret).toBe("");
  });

  it("reads an unreachable system as a warning, not a failure", () => {
    expect(probeClass("unreachable")).toBe("warn");
    expect(probeClass("failed")).toBe("fail");
    expect(probeClass("ok")).toBe("pass");
  });
});
