/**
 * lambda:PutFunctionConcurrency and lambda:DeleteFunctionConcurrency in the simulated account. A
 * reservation is per function (every alias shares it), as in AWS; throttling follows from it in the metric
 * model, so a raise helps only when the reservation is what throttles, and a stop only silences the function.
 */
import { z } from "zod";
import type { ActionHandler, ActionRun } from "../automation-actions.js";
import type { LambdaState } from "../world.js";
import { num, record, str } from "./run.js";

function functionsNamed(run: ActionRun): LambdaState[] {
  return [...run.world.lambdas.values()].filter((f) => f.functionName === str(run, "FunctionName"));
}

function notFound(run: ActionRun): string | undefined {
  if (functionsNamed(run).length > 0) return undefined;
  return `ResourceNotFoundException: Function not found: arn:aws:lambda:${run.world.region}:${run.world.account}:function:${str(run, "FunctionName")}`;
}

export const putConcurrency: ActionHandler = {
  params: z.object({
    FunctionName: z.string().min(1),
    ReservedConcurrentExecutions: z.number().int().min(0),
  }),
  minutes: 1,
  check: notFound,
  finish(run) {
    const fns = functionsNamed(run);
    const to = num(run, "ReservedConcurrentExecutions");
    const from = fns[0]?.reservedConcurrency;
    for (const f of fns) f.reservedConcurrency = to;
    const first = fns[0];
    if (first) {
      record(run, {
        service: first.service,
        resourceId: first.id,
        kind: "config",
        summary: `Reserved concurrency of ${first.functionName} set from ${from ?? "unreserved"} to ${to}`,
        from: String(from ?? "unreserved"),
        to: String(to),
      });
    }
    return `PutFunctionConcurrency: ${str(run, "FunctionName")} reserved concurrency ${to}`;
  },
};

export const deleteConcurrency: ActionHandler = {
  params: z.object({ FunctionName: z.string().min(1) }),
  minutes: 1,
  check: notFound,
  finish(run) {
    const fns = functionsNamed(run);
    const from = fns[0]?.reservedConcurrency;
    for (const f of fns) delete f.reservedConcurrency;
    const first = fns[0];
    if (first) {
      record(run, {
        service: first.service,
        resourceId: first.id,
        kind: "config",
        summary: `Reserved concurrency of ${first.functionName} removed (was ${from ?? "unreserved"})`,
        from: String(from ?? "unreserved"),
        to: "unreserved",
      });
    }
    return `DeleteFunctionConcurrency: ${str(run, "FunctionName")} uses the unreserved pool`;
  },
};
