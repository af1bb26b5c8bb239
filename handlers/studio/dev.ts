/**
 * `npm run studio`: LangGraph Studio's dev server for the incident graph, offline, on 127.0.0.1:2024,
 * with hot reload. Extra flags go to `langgraphjs dev` and win (e.g. `--port 2025`, `--no-reload`).
 * Pick the scenario with AIR_STUDIO_SCENARIO; print a thread's input with
 *   npx tsx handlers/studio/print-input.ts [scenario]
 */
import { spawnStudioServer } from "./server.js";

const child = spawnStudioServer({ extraArgs: process.argv.slice(2) });
process.stdout.write(
  "Studio's web UI needs a browser with internet access; the API server itself runs offline.\n" +
    "Input for a thread: npx tsx handlers/studio/print-input.ts [scenario]\n",
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
