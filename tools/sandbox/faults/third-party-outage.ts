/**
 * third-party-outage: an external provider stops answering. Every service of ours that calls it times out
 * on it, answers 5XX and logs upstream timeouts naming the provider's host. Nothing we can do fixes it; it
 * ends by itself after `durationMinutes`, if set.
 */
import { z } from "zod";
import { thread } from "../logs.js";
import { intBetween } from "../random.js";
import { serviceEffects } from "../world.js";
import { defineFault } from "./types.js";

export const thirdPartyOutage = defineFault({
  kind: "third-party-outage",
  summary:
    "An external dependency fails; callers time out and return 5XX. No action of ours fixes it: escalate.",
  targetType: "external-service",
  params: z.strictObject({
    /** Share of our requests that fail while the provider is down. */
    errorRate: z.number().min(0).max(1).default(0.3),
    timeoutMs: z.number().int().positive().default(5000),
    /** Path our services call on the provider. */
    path: z.string().default("/v1/charges"),
  }),
  start(ctx) {
    const provider = ctx.world.services.get(ctx.target);
    if (!provider?.external)
      throw new Error(`third-party-outage: '${ctx.target}' is not an external service`);
    return { host: provider.host ?? `api.${provider.name}.example` };
  },
  tick(ctx, state) {
    const callers = [...ctx.world.services.values()].filter(
      (s) => !s.external && s.dependencies.includes(ctx.target),
    );
    const share = Math.min(1, (ctx.elapsed + 1) / 2);
    for (const caller of callers) {
      const effects = serviceEffects(ctx.world, caller.name);
      effects.errorRate += ctx.params.errorRate * share;
      effects.latencyMs += ctx.params.timeoutMs * 0.35 * share;
      const pkg = `c.e.${caller.name.replace(/-/g, "")}`;
      const url = `https://${state.host}${ctx.params.path}`;
      if (ctx.elapsed === 0) {
        ctx.log(
          caller.name,
          "WARN",
          `WARN [resilience4j] io.github.resilience4j.circuitbreaker - CircuitBreaker '${ctx.target}' changed state from CLOSED to OPEN (failure rate 62.5% above threshold 50.0%)`,
        );
      }
      const n = intBetween(ctx.rand, 3, 6);
      for (let i = 0; i < n; i++) {
        const roll = i % 3;
        const message =
          roll === 0
            ? `ERROR [${thread(ctx.rand)}] ${pkg}.gateway.ProviderClient - Upstream request to ${url} timed out after ${ctx.params.timeoutMs} ms (attempt 3/3)`
            : roll === 1
              ? `ERROR [${thread(ctx.rand)}] ${pkg}.web.AccessLog - POST /api/v1/${caller.name} 502 ${ctx.params.timeoutMs + intBetween(ctx.rand, 5, 90)}ms upstream=${state.host}`
              : `WARN [${thread(ctx.rand)}] ${pkg}.gateway.ProviderClient - io.netty.channel.ConnectTimeoutException: connection timed out: ${state.host}/203.0.113.${intBetween(ctx.rand, 10, 60)}:443`;
        ctx.log(caller.name, roll === 2 ? "WARN" : "ERROR", message);
      }
    }
  },
  resolved() {
    return false;
  },
});
