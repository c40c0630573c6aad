// The way into troubleshooting from the first step: a flag, the view loaded
// on demand (it is not in the code the first frame waits for), and the files
// dropped on the window. The Rust side keeps a dropped file's path and tells
// the page with a DOM event (auth0-wizard-drop; auth0-wizard-drag while one
// is dragged over): the page never reads the file itself.
import type { Component } from "svelte";
import { app } from "../../lib/app.svelte";

export const entry = $state<{ open: boolean; view: Component | null; loadError: string | null; dragging: boolean }>({
  open: false,
  view: null,
  loadError: null,
  dragging: false,
});

/** Show the troubleshooting view on the first step. */
export async function openTroubleshoot(): Promise<void> {
  app.step = 1;
  entry.open = true;
  entry.loadError = null;
  try {
    entry.view ??= (await import("../../steps/Troubleshoot.svelte")).default;
  } catch (e) {
    entry.loadError = `The troubleshooting view did not load: ${String(e)}`;
  }
}

/** Back to the blank form. */
export function closeTroubleshoot(): void {
  entry.open = false;
}

async function dropped(): Promise<void> {
  entry.dragging = false;
  await openTroubleshoot();
  const { ts } = await import("../../lib/troubleshoot.svelte");
  await ts.openDropped();
}

/** Listens for files dropped on the window; returns the function that stops. */
export function listenForDrops(): () => void {
  const onDrop = () => void dropped();
  const onDrag = (e: Event) => (entry.dragging = (e as CustomEvent<unknown>).detail === true);
  window.addEventListener("auth0-wizard-drop", onDrop);
  window.addEventListener("auth0-wizard-drag", onDrag);
  return () => {
    window.removeEventListener("auth0-wizard-drop", onDrop);
    window.removeEventListener("auth0-wizard-drag", onDrag);
  };
}
