/**
 * SandboxOptions: `renderLog` changes how application lines read and nothing else (metrics, alarms and
 * changes are identical); `metricNoise` scales the seeded noise and leaves logs and changes alone.
 */
import { resolve } from "node:path";
import type { Sandbox } from "./index.js";
import { createSandbox, loadScenario } from "./index.js";

const scenario = loadScenario(resolve(import.meta.dirname, "../../evals/scenarios/memory-leak-ec2.yaml"));

function observed(sb: Sandbox) {
  const metrics = sb.world.metrics
    .list()
    .map((id) => sb.world.metrics.query(id, 0, sb.clock.nowMs(), 60, "Average"));
  return { metrics, events: sb.events, changes: sb.world.changes };
}

describe("sandbox options", () => {
  it("renderLog rewrites every application line and changes nothing else", () => {
    const plain = createSandbox(scenario);
    const seen: string[] = [];
    const rendered = createSandbox(scenario, {
      renderLog: (line) => {
        seen.push(line.message);
        return { ...line, message: `[rendered] ${line.message}` };
      },
    });
    plain.advance(30);
    rendered.advance(30);
    expect(observed(rendered)).toEqual(observed(plain));
    const app = rendered.world.logs.filter((l) => l.message.startsWith("[rendered] "));
    expect(app.length).toBe(seen.length);
    expect(app.map((l) => l.message.slice(11))).toEqual(
      plain.world.logs.filter((l) => seen.includes(l.message)).map((l) => l.message),
    );
  });

  it("metricNoise 1 is the default; a louder one moves metrics but not logs or changes", () => {
    const plain = createSandbox(scenario);
    const one = createSandbox(scenario, { metricNoise: 1 });
    const loud = createSandbox(scenario, { metricNoise: 2 });
    for (const sb of [plain, one, loud]) sb.advance(20);
    expect(observed(one)).toEqual(observed(plain));
    expect(observed(loud).metrics).not.toEqual(observed(plain).metrics);
    expect(loud.world.changes).toEqual(plain.world.changes);
  });
});
