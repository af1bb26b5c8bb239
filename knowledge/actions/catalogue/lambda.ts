/** Lambda concurrency: raise a reservation within the account's headroom, or stop a runaway function. */
import { z } from "zod";
import type { ActionDefinition } from "../types.js";
import { attr, moreThanDoubles, numAttr, oneAtATime, plainName, refuse } from "./shared.js";

const functionName = plainName("function", 64);

/** Restores the reservation the function had before (AWS keeps no history: the snapshot is the record). */
function restoreReservation(p: Record<string, unknown>, before: { attributes: Record<string, unknown> }) {
  if (before.attributes.reservedConcurrency === undefined) {
    return { actionId: "lambda-remove-reserved-concurrency", params: { FunctionName: p.FunctionName } };
  }
  return {
    actionId: "lambda-set-reserved-concurrency",
    params: {
      FunctionName: p.FunctionName,
      ReservedConcurrentExecutions: Number(before.attributes.reservedConcurrency ?? 0),
    },
  };
}

export const setReservedConcurrency: ActionDefinition = {
  id: "lambda-set-reserved-concurrency",
  title: "Raise a Lambda function's reserved concurrency within the account's headroom",
  description:
    "Sets the function's reserved concurrency (lambda:PutFunctionConcurrency). Raises only from an existing " +
    "reservation, at most doubling, never past the account's unreserved headroom (100 must stay unreserved).",
  targetType: "lambda-function",
  params: z.strictObject({
    FunctionName: functionName,
    ReservedConcurrentExecutions: z.number().int().min(1).max(10_000),
  }),
  risk: "low",
  // Lowering a reservation throttles the function: it removes capacity.
  riskFor: (p, target) =>
    Number(p.ReservedConcurrentExecutions) < numAttr(target, "reservedConcurrency") ? "medium" : "low",
  narrows: (asked, edited, target) => {
    if (asked.FunctionName !== edited.FunctionName) return false;
    const current = numAttr(target, "reservedConcurrency");
    const want = Number(asked.ReservedConcurrentExecutions) - current;
    const got = Number(edited.ReservedConcurrentExecutions) - current;
    return Math.sign(got) === Math.sign(want) && Math.abs(got) <= Math.abs(want);
  },
  reversible: true,
  executor: { type: "api", operation: "lambda:PutFunctionConcurrency" },
  targetOf: (p) => String(p.FunctionName),
  blastRadius(p, context) {
    const affected = [String(p.FunctionName)];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    if (attr(context.target, "reservedConcurrency") === "") {
      return refuse(
        "the function has no reservation to raise (it already shares the unreserved pool)",
        affected,
      );
    }
    const current = numAttr(context.target, "reservedConcurrency");
    const wanted = Number(p.ReservedConcurrentExecutions);
    const headroom = numAttr(context.target, "accountUnreservedConcurrency") - 100;
    if (wanted === current) return refuse(`the reservation is already ${current}`, affected);
    if (wanted > current && wanted - current > headroom) {
      return refuse(
        `raising ${current} → ${wanted} needs ${wanted - current} but the account has ${Math.max(0, headroom)} to spare`,
        affected,
      );
    }
    if (moreThanDoubles(current, wanted)) {
      return refuse(`${current} → ${wanted} more than doubles the reservation in one step`, affected);
    }
    return { allowed: true, reason: `one function, reservation ${current} → ${wanted}`, affected };
  },
  successSignal: (p) => ({
    namespace: "AWS/Lambda",
    metric: "Throttles",
    dimensions: { FunctionName: String(p.FunctionName) },
    stat: "Sum",
    recoveredWhen: "below",
    threshold: 10,
    datapoints: 3,
    deadlineMinutes: 10,
  }),
  projects: (p) => ({ reservedConcurrency: Number(p.ReservedConcurrentExecutions) }),
  rollback: restoreReservation,
};

export const stopRunawayFunction: ActionDefinition = {
  id: "lambda-stop-recursive-loop",
  title: "Stop a runaway Lambda function by setting its reserved concurrency to 0",
  description:
    "Sets reserved concurrency to 0 (lambda:PutFunctionConcurrency): every invocation is throttled, which " +
    "breaks a recursive trigger loop at once. Events from asynchronous sources are retried or go to their " +
    "failure destination; nothing is deleted. Undone by restoring the previous reservation.",
  targetType: "lambda-function",
  params: z.strictObject({
    FunctionName: functionName,
    ReservedConcurrentExecutions: z.literal(0),
  }),
  // Takes a function out of service: never low.
  risk: "medium",
  reversible: true,
  executor: { type: "api", operation: "lambda:PutFunctionConcurrency" },
  targetOf: (p) => String(p.FunctionName),
  blastRadius(p, context) {
    const affected = [String(p.FunctionName)];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    if (attr(context.target, "reservedConcurrency") === "0") {
      return refuse("the function is already stopped (reserved concurrency 0)", affected);
    }
    return { allowed: true, reason: "one function stops taking invocations until restored", affected };
  },
  successSignal: (p) => ({
    namespace: "AWS/Lambda",
    metric: "Invocations",
    dimensions: { FunctionName: String(p.FunctionName) },
    stat: "Sum",
    recoveredWhen: "below",
    threshold: 1,
    datapoints: 2,
    deadlineMinutes: 5,
  }),
  rollback: restoreReservation,
};

export const removeReservedConcurrency: ActionDefinition = {
  id: "lambda-remove-reserved-concurrency",
  title: "Remove a Lambda function's concurrency reservation (back to the shared pool)",
  description:
    "Deletes the reservation (lambda:DeleteFunctionConcurrency): the function draws on the account's " +
    "unreserved pool again. The rollback of a stop or raise on a function that had no reservation before.",
  targetType: "lambda-function",
  params: z.strictObject({ FunctionName: functionName }),
  risk: "low",
  // Removing a reservation of 0 restarts a stopped function; removing a positive one can starve it.
  riskFor: (_p, target) => (numAttr(target, "reservedConcurrency") > 0 ? "medium" : "low"),
  reversible: true,
  executor: { type: "api", operation: "lambda:DeleteFunctionConcurrency" },
  targetOf: (p) => String(p.FunctionName),
  blastRadius(p, context) {
    const affected = [String(p.FunctionName)];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    if (attr(context.target, "reservedConcurrency") === "") {
      return refuse("the function has no reservation to remove", affected);
    }
    return { allowed: true, reason: "one function returns to the unreserved pool", affected };
  },
  successSignal: (p) => ({
    namespace: "AWS/Lambda",
    metric: "Throttles",
    dimensions: { FunctionName: String(p.FunctionName) },
    stat: "Sum",
    recoveredWhen: "below",
    threshold: 10,
    datapoints: 3,
    deadlineMinutes: 10,
  }),
  rollback: (p, before) => ({
    actionId: "lambda-set-reserved-concurrency",
    params: {
      FunctionName: p.FunctionName,
      ReservedConcurrentExecutions: numAttr(before, "reservedConcurrency"),
    },
  }),
};
