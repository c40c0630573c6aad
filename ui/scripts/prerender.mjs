// Pre-renders the first step into dist/index.html ($UI_DIST/index.html when set), so that the window's first
// frame needs no script (run by `npm run build` after the client build and the
// server build of src/prerender.ts into .prerender/).
import { readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = resolve(root, process.env.UI_DIST ?? "dist");
const index = join(dist, "index.html");
const placeholder = "<!--app-->";
const html = await readFile(index, "utf8");
if (html.split(placeholder).length !== 2) throw new Error(`dist/index.html must hold ${placeholder} once`);
const { prerender } = await import(pathToFileURL(`${root}.prerender/prerender.js`).href);
const body = prerender();
if (!body.includes('data-testid="step-1"')) throw new Error("the pre-rendered page has no first step");
await writeFile(index, html.replace(placeholder, body));
await rm(`${root}.prerender`, { recursive: true, force: true });
console.log(`pre-rendered the first step into ${index} (${body.length} characters)`);
