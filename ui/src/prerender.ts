// The server-side entry of the build (scripts/prerender.mjs): the app as HTML,
// in the state it starts in: the first step with the target cards of the
// catalog, and nothing that depends on the user (saved profiles fill in once
// the page is interactive). main.ts hydrates it.
import { render } from "svelte/server";
import App from "./App.svelte";

export function prerender(): string {
  return render(App).body;
}
