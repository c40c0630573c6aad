// What the sidebar shows for each step: a step left behind is marked with how
// it ended. The Test step is "passed" only when the live checks ran and none
// failed or was skipped for a reason other than not being set up (the audit
// without Management API credentials, a public client without a secret).
import type { LoginOutcome } from "../bindings/LoginOutcome";
import type { CheckRow } from "./wizard";

export type TestState = "pass" | "warn" | "fail" | "skipped" | "running";
export type StepState = "todo" | "current" | "done" | TestState;

export const TEST_STEP = 4;

export function testStepState(
  rows: CheckRow[],
  checksRan: boolean,
  checksRunning: boolean,
  login: LoginOutcome | null,
): TestState {
  if (checksRunning) return "running";
  const statuses = rows.map((r) => r.status);
  // The login test is optional: it counts only when it failed.
  if (statuses.includes("fail") || login?.result.status === "fail") return "fail";
  if (!checksRan) return "skipped";
  const notRun = (r: CheckRow) =>
    r.status === "idle" || r.status === "running" || (r.status === "skipped" && r.result?.diagnosis !== "not_configured");
  if (rows.some(notRun)) return "skipped";
  if (statuses.includes("warn") || login?.result.status === "warn") return "warn";
  return "pass";
}

/** A step's state in the sidebar: steps behind the current one are done, the Test step as its checks ended. */
export function stepState(n: number, current: number, test: TestState): StepState {
  if (n === current) return "current";
  if (n > current) return "todo";
  return n === TEST_STEP ? test : "done";
}

/** The mark in the step's circle (the number when it has none). */
export const STEP_MARK: Partial<Record<StepState, string>> = {
  done: "✓",
  pass: "✓",
  warn: "!",
  fail: "✕",
  skipped: "–",
  running: "…",
};

/** What a screen reader hears after the step's title. */
export const STEP_SAYS: Partial<Record<StepState, string>> = {
  done: "done",
  pass: "passed",
  warn: "passed with warnings",
  fail: "failed",
  skipped: "skipped or not complete",
  running: "running",
  current: "current step",
};
