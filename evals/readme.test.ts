/**
 * The README's worked example is a real scenario: it validates, and the responder handles it as its
 * ground truth says. The fault library table lists every registered kind.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { knownFaultKinds } from "../tools/sandbox/index.js";
import { DEFAULT_THRESHOLDS, runEval } from "./runner.js";

const readme = readFileSync(resolve(import.meta.dirname, "README.md"), "utf8");

it("the worked example runs and passes", async () => {
  const section = readme.slice(readme.indexOf("### Worked example"));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  expect(yaml).toBeDefined();
  const dir = mkdtempSync(join(tmpdir(), "air-readme-"));
  writeFileSync(join(dir, "web-disk-full-after-release.yaml"), yaml ?? "");
  const result = await runEval(
    {
      scenarios: dir,
      repeat: 1,
      report: false,
      thresholds: DEFAULT_THRESHOLDS,
      gate: true,
      settle: 3,
      quiet: true,
    },
    { out: () => {}, err: () => {} },
  );
  expect(result.scores[0]?.failures).toEqual([]);
  expect(result.scores[0]?.got.outcome).toBe("resolved-automatically");
});

it("documents every fault kind", () => {
  for (const kind of knownFaultKinds()) expect(readme).toContain(`| \`${kind}\` |`);
});
