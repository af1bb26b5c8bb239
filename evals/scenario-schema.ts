/**
 * Writes the JSON Schema of the scenario format to evals/scenarios/scenario.schema.json, for editors (the
 * YAML files point at it with a `yaml-language-server` comment). `--check` only compares and exits 1 when
 * the committed file is out of date. Run: `npx tsx evals/scenario-schema.ts [--check]`.
 */

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { actionIds } from "../knowledge/actions/index.js";
import { FAULT_REGISTRY, knownFaultKinds } from "../tools/sandbox/index.js";
import { scenarioJsonSchema } from "./scenario/index.js";

export const SCENARIO_SCHEMA_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "scenarios/scenario.schema.json",
);

type JsonObject = Record<string, unknown>;

/**
 * The scenario schema plus what the zod schema cannot say statically: the fault kinds as an enum, each
 * kind's own `params` schema (selected by `kind`), and the catalogue's action ids.
 */
export function enrichedScenarioSchema(): JsonObject {
  const schema = scenarioJsonSchema();
  const fault = ((schema["properties"] as JsonObject)["faults"] as JsonObject)["items"] as JsonObject;
  const props = fault["properties"] as JsonObject;
  props["kind"] = { ...(props["kind"] as JsonObject), enum: knownFaultKinds() };
  fault["allOf"] = knownFaultKinds().map((kind) => {
    const params = z.toJSONSchema(FAULT_REGISTRY.get(kind)?.params ?? z.object({}), {
      io: "input",
      unrepresentable: "any",
    }) as JsonObject;
    delete params["$schema"];
    return {
      if: { properties: { kind: { const: kind } } },
      // biome-ignore lint/suspicious/noThenProperty: this is JSON Schema's `if`/`then`, never awaited
      then: { properties: { params: { description: FAULT_REGISTRY.get(kind)?.summary, ...params } } },
    };
  });
  return {
    title: "air scenario (air.dev/v1alpha1)",
    description:
      "A fault-injection scenario for the autonomous incident responder's eval suite. See evals/README.md. " +
      `Catalogue actions: ${actionIds().join(", ")}.`,
    ...schema,
  };
}

/** The schema file's exact text. */
export function renderScenarioSchema(): string {
  return `${JSON.stringify(enrichedScenarioSchema(), null, 2)}\n`;
}

/** True when the file on disk says what the zod schema produces (formatting aside). */
export function schemaFileIsCurrent(path = SCENARIO_SCHEMA_PATH): boolean {
  if (!existsSync(path)) return false;
  return isDeepStrictEqual(JSON.parse(readFileSync(path, "utf8")), JSON.parse(renderScenarioSchema()));
}

/** Writes the file and lays it out the way the repository's formatter would (when biome is installed). */
export function writeScenarioSchema(path = SCENARIO_SCHEMA_PATH): void {
  writeFileSync(path, renderScenarioSchema());
  const biome = resolve(dirname(fileURLToPath(import.meta.url)), "../node_modules/.bin/biome");
  if (existsSync(biome)) spawnSync(biome, ["format", "--write", path], { stdio: "ignore" });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  if (process.argv.includes("--check")) {
    const current = schemaFileIsCurrent();
    process.stdout.write(
      current
        ? `${SCENARIO_SCHEMA_PATH} is up to date\n`
        : `${SCENARIO_SCHEMA_PATH} is out of date: run npx tsx evals/scenario-schema.ts\n`,
    );
    process.exitCode = current ? 0 : 1;
  } else {
    writeScenarioSchema();
    process.stdout.write(`wrote ${SCENARIO_SCHEMA_PATH}\n`);
  }
}
