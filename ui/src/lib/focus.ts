// Keyboard focus that survives a control being disabled or removed: when the
// focused control goes, focus moves to a sensible place instead of the page.
import { tick } from "svelte";

/** Whether nothing in particular has the focus (it was dropped to the page) or it sits on `gone`. */
export function focusDropped(gone: Element | null = null): boolean {
  const a = document.activeElement;
  if (!a || a === document.body || a === document.documentElement || !a.isConnected) return true;
  if (gone && a === gone) return true;
  return (a as HTMLButtonElement).disabled === true;
}

/** After the page has updated, focuses `to` if the focus was dropped (or still sits on `gone`). */
export async function refocus(to: () => HTMLElement | null | undefined, gone: Element | null = null): Promise<void> {
  await tick();
  if (focusDropped(gone)) to()?.focus();
}

/**
 * Runs `work` started from `from` (a control that is disabled while it runs):
 * the focus moves to `during` (e.g. Cancel) while it runs, and back to `from`
 * when it ends, if it was on one of them.
 */
export async function whileRunning(
  work: () => Promise<void>,
  from: () => HTMLElement | null | undefined,
  during: () => HTMLElement | null | undefined,
): Promise<void> {
  const had = document.activeElement === from();
  const done = work();
  await tick();
  if (had && focusDropped(from() ?? null)) during()?.focus();
  await done;
  await refocus(from);
}
