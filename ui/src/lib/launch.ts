// Launch marks for the launch-time benchmark (scripts/bench-app.sh): when the
// page started loading, when its modules ran, when the first step had its data,
// when it painted. Milliseconds since the epoch, so they compare with the time
// the benchmark started the process.
const marks: Record<string, number> = { navigation: performance.timeOrigin };

export function mark(name: string): void {
  marks[name] = performance.timeOrigin + performance.now();
}

export function launchMarks(): Record<string, number> {
  return { ...marks };
}
