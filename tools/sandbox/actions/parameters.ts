/** ssm:PutParameter as the revert uses it: the value of an earlier version written as the newest. */
import { z } from "zod";
import type { ActionHandler, ActionRun } from "../automation-actions.js";
import { currentParameter } from "../parameters.js";
import { record, str } from "./run.js";

const parameterOf = (run: ActionRun) => run.world.parameters.get(str(run, "Name"));

export const revertParameter: ActionHandler = {
  params: z.object({ Name: z.string().min(1), RestoreVersion: z.string().regex(/^\d+$/) }),
  minutes: 1,
  check(run) {
    const p = parameterOf(run);
    if (!p) return `ParameterNotFound: Parameter ${str(run, "Name")} not found.`;
    if (!p.history.some((h) => String(h.version) === str(run, "RestoreVersion"))) {
      return `ParameterVersionNotFound: Systems Manager could not find version ${str(run, "RestoreVersion")} of ${p.name}.`;
    }
    return undefined;
  },
  finish(run) {
    const p = parameterOf(run);
    if (!p) return "parameter disappeared";
    const from = currentParameter(p);
    const restored = p.history.find((h) => String(h.version) === str(run, "RestoreVersion"));
    if (!restored) return "version disappeared";
    const next = { version: from.version + 1, value: restored.value };
    p.history.push(next);
    record(run, {
      service: p.service,
      resourceId: p.name,
      kind: "config",
      summary: `SSM parameter ${p.name} reverted: version ${next.version} holds the value of version ${restored.version} (was version ${from.version})`,
      from: String(from.version),
      to: String(next.version),
    });
    return `PutParameter: ${p.name} version ${next.version} = value of version ${restored.version}`;
  },
};
