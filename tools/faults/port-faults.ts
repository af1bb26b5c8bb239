/**
 * The AWS fault layer for the sandbox's ports (the simulated account stands in for CloudWatch, Logs, SSM,
 * EC2...): each call to a port that is AWS in production may throttle, fail with a 5xx, or time out, per
 * the seeded schedule — and a start whose answer times out has still started (as SSM would). The graph
 * sees these ports only through `withRetries`, as the AWS adapters see AWS only through the SDK's retries.
 */
import type { Ports } from "../ports.js";
import type { AwsFaultClass, FaultSchedule } from "./schedule.js";

/** Port methods that are AWS calls in production. */
export const AWS_PORT_METHODS = {
  metrics: ["getSeries"],
  alarms: ["describe", "list"],
  logs: ["query"],
  changes: ["list"],
  resources: ["describe", "listByService", "dependencies"],
  automation: ["start", "status"],
} as const satisfies Partial<Record<keyof Ports, readonly string[]>>;

/** An AWS-shaped error the retry layer classifies like the SDK does. */
export class InjectedAwsError extends Error {
  constructor(
    readonly fault: AwsFaultClass,
    readonly call: string,
  ) {
    super(`injected ${fault} on ${call}`);
    this.name =
      fault === "throttling"
        ? "ThrottlingException"
        : fault === "server-error"
          ? "InternalServerError"
          : "TimeoutError";
  }
}

const CLASSES: AwsFaultClass[] = ["throttling", "server-error", "timeout-before-send", "timeout-after-send"];

type Method = (...args: unknown[]) => Promise<unknown>;

/** Replaces each AWS port on `ports` with one whose calls fail per the schedule. */
export function injectPortFaults(ports: Ports, schedule: FaultSchedule): void {
  for (const [portName, methods] of Object.entries(AWS_PORT_METHODS)) {
    const port = ports[portName as keyof typeof AWS_PORT_METHODS] as unknown as Record<string, Method>;
    const faulty: Record<string, unknown> = Object.create(port);
    for (const method of methods) {
      const original = port[method]!.bind(port);
      const call = `${portName}.${method}`;
      faulty[method] = async (...args: unknown[]) => {
        const fault = schedule.draw(CLASSES);
        if (fault && fault !== "timeout-after-send") throw new InjectedAwsError(fault, call);
        const result = await original(...args);
        if (fault === "timeout-after-send") throw new InjectedAwsError(fault, call);
        return result;
      };
    }
    (ports as unknown as Record<string, unknown>)[portName] = faulty;
  }
}
