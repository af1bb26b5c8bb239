/** Starts `langgraphjs dev` offline: loopback only, no browser, no CLI analytics, no LangSmith tracing. */
import { type ChildProcess, type StdioOptions, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export const STUDIO_HOST = "127.0.0.1";
export const STUDIO_PORT = 2024;

export interface StudioServerOptions {
  host?: string;
  port?: number;
  /** `langgraph.json`, or the folder holding it (default: the current directory). */
  config?: string;
  /** Restart on code changes (default true; tests turn it off). */
  reload?: boolean;
  env?: NodeJS.ProcessEnv;
  stdio?: StdioOptions;
  /** Own process group, so the whole tree (CLI → tsx → server) can be stopped at once. */
  detached?: boolean;
  /** Further `langgraphjs dev` flags, passed through. */
  extraArgs?: string[];
}

/** The `langgraphjs` executable script of the installed @langchain/langgraph-cli. */
export function langgraphCliPath(): string {
  const manifest = createRequire(import.meta.url).resolve("@langchain/langgraph-cli/package.json");
  const bin = (JSON.parse(readFileSync(manifest, "utf8")) as { bin: Record<string, string> }).bin;
  return join(dirname(manifest), bin.langgraphjs ?? "dist/cli/cli.mjs");
}

/** `langgraphjs dev` arguments for these options; `extraArgs` come last, so their flags win. */
export function studioDevArgs(options: StudioServerOptions = {}): string[] {
  return [
    "dev",
    "--host",
    options.host ?? STUDIO_HOST,
    "--port",
    String(options.port ?? STUDIO_PORT),
    "--no-browser",
    ...(options.config ? ["--config", options.config] : []),
    ...(options.reload === false ? ["--no-reload"] : []),
    ...(options.extraArgs ?? []),
  ];
}

/** The environment for an offline dev server; explicit settings in `base` win except analytics. */
export function studioEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    LANGGRAPH_CLI_NO_ANALYTICS: "1",
    BROWSER: "none",
    LANGSMITH_TRACING: base.LANGSMITH_TRACING ?? "false",
  };
}

/** Spawns `langgraphjs dev` with the current Node binary. */
export function spawnStudioServer(options: StudioServerOptions = {}): ChildProcess {
  return spawn(process.execPath, [langgraphCliPath(), ...studioDevArgs(options)], {
    env: studioEnv(options.env),
    stdio: options.stdio ?? "inherit",
    detached: options.detached ?? false,
  });
}
