// Launch marks for the launch-time benchmark (scripts/bench-app.sh), in
// milliseconds since the epoch so they compare with the time the benchmark
// started the process:
//   navigation  the page started loading;
//   painted     the first step (pre-rendered into index.html) was painted: the
//               inline script there takes it, in the second animation frame,
//               before any module has run (see firstPaint);
//   modules     the UI code started running;
//   hydrated    the page became interactive.
const marks: Record<string, number> = { navigation: performance.timeOrigin };

/** What index.html's inline script sets when the first frame has been painted. */
const PAINTED = "__AUTH0_WIZARD_PAINTED__";
const PAINTED_EVENT = "auth0-wizard-painted";

export function mark(name: string): void {
  marks[name] = performance.timeOrigin + performance.now();
}

export function launchMarks(): Record<string, number> {
  const painted = (globalThis as Record<string, unknown>)[PAINTED];
  return typeof painted === "number" ? { ...marks, painted } : { ...marks };
}

/**
 * Resolves once the pre-rendered first step has been painted (or after
 * `bound` ms: a window that is not shown gets no animation frames), so that
 * the code that makes it interactive never delays the first frame.
 */
export function firstPaint(bound = 1000): Promise<void> {
  return new Promise((resolve) => {
    if ((globalThis as Record<string, unknown>)[PAINTED] !== undefined) return resolve();
    addEventListener(PAINTED_EVENT, () => resolve(), { once: true });
    setTimeout(resolve, bound);
  });
}
