/**
 * The console's static files, all served from this machine (no CDN; works offline): the chart library
 * from node_modules, and the console's own script and stylesheet beside this file.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

const FILES: Record<string, { path: () => string; type: string }> = {
  "uplot.js": { path: () => require.resolve("uplot/dist/uPlot.iife.min.js"), type: "text/javascript" },
  "uplot.css": { path: () => require.resolve("uplot/dist/uPlot.min.css"), type: "text/css" },
  "console.js": { path: () => join(here, "client", "console.js"), type: "text/javascript" },
  "console.css": { path: () => join(here, "client", "console.css"), type: "text/css" },
};

const cache = new Map<string, string>();

export async function asset(name: string): Promise<{ body: string; type: string } | undefined> {
  const file = FILES[name];
  if (!file) return undefined;
  let body = cache.get(name);
  if (body === undefined) {
    body = await readFile(file.path(), "utf8");
    cache.set(name, body);
  }
  return { body, type: file.type };
}
