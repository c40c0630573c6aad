// The entry: as small as can be, so that nothing but the pre-rendered first
// step (index.html) and the styles stand before the first frame. The app's
// code loads once that frame is painted, and makes the page interactive.
import "./app.css";
import { firstPaint, mark } from "./lib/launch";

const target = document.getElementById("app");
if (!target) throw new Error("no #app element");
// Without pre-rendered markup (the Vite dev server) there is nothing to paint first.
const prerendered = target.firstElementChild !== null;
if (prerendered) await firstPaint();
const [{ hydrate, mount }, { default: App }] = await Promise.all([import("svelte"), import("./App.svelte")]);
mark("modules");
export default prerendered ? hydrate(App, { target }) : mount(App, { target });
