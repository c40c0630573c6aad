// The window's own rules (issue 7, section 4): the Test step's mark in the
// sidebar, the Done step's apply commands as alternatives, keyring errors that
// name their control, focus that is never dropped to the page.
import { describe, expect, it } from "vitest";
import type { CheckResult } from "../bindings/CheckResult";
import type { ExportedFile } from "../bindings/ExportedFile";
import type { LoginOutcome } from "../bindings/LoginOutcome";
import { ApiError } from "../api";
import { applyChoices } from "./apply";
import { controlError } from "./errors";
import { focusDropped, refocus, whileRunning } from "./focus";
import { stepState, testStepState } from "./steps";
import { applyResult, CHECKS, idleRows, runningRows, settleRows, type CheckRow } from "./wizard";

const result = (id: CheckResult["id"], status: CheckResult["status"], diagnosis = "ok"): CheckResult =>
  ({ id, title: id, status, diagnosis, detail: "", fix: null, findings: [], evidence: [], elapsed_ms: 1 }) as unknown as CheckResult;

function ended(statuses: Partial<Record<CheckResult["id"], [CheckResult["status"], string?]>>): CheckRow[] {
  let rows = runningRows();
  for (const c of CHECKS) {
    const [status, diagnosis] = statuses[c.id] ?? ["pass"];
    rows = applyResult(rows, result(c.id, status, diagnosis));
  }
  return settleRows(rows);
}
const login = (status: CheckResult["status"], diagnosis = "ok"): LoginOutcome => ({ result: result("login" as CheckResult["id"], status, diagnosis), claims: null });

describe("the Test step in the sidebar", () => {
  const audit: [CheckResult["status"], string] = ["skipped", "not_configured"];
  it("is passed only when the checks ran and none failed or was skipped", () => {
    expect(testStepState(ended({ app_audit: audit }), true, false, null)).toBe("pass");
    expect(testStepState(ended({ client_secret: ["fail", "secret_rejected"], app_audit: audit }), true, false, null)).toBe("fail");
    expect(testStepState(ended({ jwks: ["warn"] }), true, false, null)).toBe("warn");
    // Not run at all, cancelled, or skipped because something before failed to answer.
    expect(testStepState(idleRows(), false, false, null)).toBe("skipped");
    expect(testStepState(ended({ jwks: ["skipped", "cancelled"] }), true, false, null)).toBe("skipped");
    expect(testStepState(settleRows(runningRows()), true, false, null)).toBe("skipped");
    expect(testStepState(ended({}), true, true, null)).toBe("running");
    // A failed login test fails the step even when the checks passed; a cancelled one changes nothing.
    expect(testStepState(ended({}), true, false, login("fail", "id_token_audience"))).toBe("fail");
    expect(testStepState(idleRows(), false, false, login("fail"))).toBe("fail");
    expect(testStepState(ended({}), true, false, login("skipped", "cancelled"))).toBe("pass");
  });

  it("marks only the Test step by its outcome; other steps behind are done", () => {
    expect(stepState(4, 5, "fail")).toBe("fail");
    expect(stepState(4, 6, "skipped")).toBe("skipped");
    expect(stepState(3, 5, "fail")).toBe("done");
    expect(stepState(4, 4, "fail")).toBe("current");
    expect(stepState(5, 4, "pass")).toBe("todo");
  });
});

describe("the Done step's apply commands", () => {
  const file = (label: string, applyCommand: string): ExportedFile =>
    ({ format: label.toLowerCase(), label, fileName: "f", syntax: "yaml", applyCommand, content: "" }) as ExportedFile;
  const files = [file("Helm values", "helm upgrade -f values.yaml"), file("Secret", "kubectl apply -f secret.yaml"), file("Env", "")];

  it("are alternatives, saved ones first: either ... or ...", () => {
    const c = applyChoices(files, [{ format: "Secret" }]);
    expect(c.map((x) => [x.joiner, x.label, x.saved])).toEqual([
      ["either", "Secret", true],
      ["or", "Helm values", false],
    ]);
  });

  it("are one plain command when there is one", () => {
    expect(applyChoices(files.slice(0, 1), []).map((x) => x.joiner)).toEqual([""]);
    expect(applyChoices([], [])).toEqual([]);
  });
});

describe("a keyring error", () => {
  const locked = new ApiError("keyring.unavailable", "The system keyring cannot be reached or is locked (locked). To unlock it, open Passwords and Keys.");
  it("names the control by its label and keeps the store's way to unlock", () => {
    const m = controlError(locked, "Remember secrets in the system keyring", "Or untick it.");
    expect(m).toBe(
      "“Remember secrets in the system keyring” could not use the system keyring: the system keyring cannot be reached or is locked (locked). To unlock it, open Passwords and Keys. Or untick it.",
    );
  });
  it("leaves other errors as they are", () => {
    expect(controlError(new ApiError("profile.io", "cannot write /x"), "Load", "more")).toBe("cannot write /x");
  });
});

describe("focus", () => {
  it("moves to the control's Cancel while it runs and back when it ends, never to the page", async () => {
    document.body.innerHTML = `<button id="run">Run</button><button id="cancel">Cancel</button>`;
    const run = document.getElementById("run") as HTMLButtonElement;
    let cancel: HTMLButtonElement | null = document.getElementById("cancel") as HTMLButtonElement;
    run.focus();
    let during = "";
    let finish = () => {};
    const work = () =>
      new Promise<void>((resolve) => {
        run.disabled = true;
        finish = () => {
          run.disabled = false;
          cancel?.remove();
          cancel = null;
          resolve();
        };
      });
    const p = whileRunning(work, () => run, () => cancel);
    await new Promise((r) => setTimeout(r, 0));
    during = document.activeElement?.id ?? "";
    finish();
    await p;
    expect(during).toBe("cancel");
    expect(document.activeElement).toBe(run);
  });

  it("is dropped when the page or a disabled control has it", async () => {
    document.body.innerHTML = `<button id="a">A</button><button id="b">B</button>`;
    const a = document.getElementById("a") as HTMLButtonElement;
    a.focus();
    expect(focusDropped()).toBe(false);
    a.disabled = true;
    expect(focusDropped()).toBe(true);
    a.remove();
    await refocus(() => document.getElementById("b"));
    expect(document.activeElement?.id).toBe("b");
  });
});
