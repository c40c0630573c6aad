import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The config runs in Node; the UI itself has no Node types.
declare const process: { env: Record<string, string | undefined> };

// Tauri loads ui/dist (build.frontendDist) in production and this dev server
// (build.devUrl) with `tauri dev`. Nothing here reaches the network at run time.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: "127.0.0.1" },
  build: {
    target: "safari15",
    // UI_DIST builds elsewhere (tests/setup/node18.sh); scripts/prerender.mjs reads the same.
    outDir: process.env.UI_DIST ?? "dist",
    emptyOutDir: true,
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
  },
});
