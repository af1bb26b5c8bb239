/**
 * bot-flood: a handful of clients hammer one endpoint with a scripted user agent. Requests and CPU climb on
 * the serving Auto Scaling group like a traffic surge, but the traffic is abusive: adding capacity only
 * feeds it. A client stops reaching the service once an IP set on a web ACL associated with the service's
 * load balancer covers its address; the flood ends when every client is blocked (waf-block-ip-set, with
 * sign-off). A set on another balancer, or one that misses a client, leaves that share of the flood.
 */
import { z } from "zod";
import { blockedAtEdge, registerFlood } from "../edge.js";
import { intBetween, pick } from "../random.js";
import { inService, serviceEffects } from "../world.js";
import { must, pkgOf, ramp } from "./helpers.js";
import { defineFault } from "./types.js";

/** The request as the access log prints it: a search query for a GET, the bare form path for a POST. */
function requestLine(p: { method: "GET" | "POST"; path: string }, rand: () => number): string {
  if (p.method === "POST") return `POST ${p.path}`;
  return `GET ${p.path}?q=${String.fromCharCode(97 + intBetween(rand, 0, 25))}${intBetween(rand, 100, 999)}&page=${intBetween(rand, 1, 400)}`;
}

export const botFlood = defineFault({
  kind: "bot-flood",
  summary:
    "Scripted clients flood one endpoint; CPU saturates. Scaling feeds the bots: block them at the WAF (sign-off).",
  targetType: "autoscaling-group",
  params: z.strictObject({
    factor: z.number().min(1).default(2.6),
    rampMinutes: z.number().int().positive().default(3),
    clients: z.array(z.string()).min(1).default(["198.51.100.23", "198.51.100.24", "203.0.113.77"]),
    userAgent: z.string().default("python-requests/2.31.0"),
    path: z.string().default("/api/v1/search"),
    /** A POST flood (credential stuffing on a login form) logs the form post and its status, no query. */
    method: z.enum(["GET", "POST"]).default("GET"),
    status: z.number().int().default(200),
  }),
  start(ctx) {
    const asg = must(ctx.world.asgs.get(ctx.target), "bot-flood", "Auto Scaling group", ctx.target);
    return { pkg: pkgOf(asg.service) };
  },
  tick(ctx, state) {
    const asg = ctx.world.asgs.get(ctx.target);
    if (!asg) return;
    const svc = asg.service;
    const { clients } = ctx.params;
    const flood = (ctx.params.factor - 1) * ramp(ctx.elapsed, ctx.params.rampMinutes);
    const perClient =
      ((ctx.world.services.get(svc)?.traffic.requestsPerMinute ?? 0) * flood) / clients.length;
    for (const ip of clients) {
      registerFlood(ctx.world, svc, {
        ip,
        requestsPerMinute: perClient,
        userAgent: ctx.params.userAgent,
        path: ctx.params.path,
      });
    }
    const through = clients.filter((ip) => !blockedAtEdge(ctx.world, svc, ip));
    if (through.length === 0) return;
    const factor = 1 + (flood * through.length) / clients.length;
    serviceEffects(ctx.world, svc).trafficFactor *= factor;
    const running = Math.max(1, inService(ctx.world, asg).length);
    const cpu = (asg.baselineLoad * factor) / running;
    for (let i = 0; i < 4; i++) {
      const ip = pick(ctx.rand, through);
      ctx.log(
        svc,
        "INFO",
        `INFO [${`http-nio-8080-exec-${intBetween(ctx.rand, 1, 48)}`}] ${state.pkg}.web.AccessLog - ${requestLine(ctx.params, ctx.rand)} ${ctx.params.status} ${intBetween(ctx.rand, 200, 1800)}ms client=${ip} ua="${ctx.params.userAgent}"`,
      );
    }
    const ip = pick(ctx.rand, through);
    ctx.log(
      svc,
      "WARN",
      `WARN [rate-limiter] ${state.pkg}.web.RateLimitFilter - rate limit exceeded for client ${ip}: ${intBetween(ctx.rand, 1400, 2600)} req/min (limit 600), user agent "${ctx.params.userAgent}"`,
    );
    if (cpu > 80) {
      ctx.log(
        svc,
        "WARN",
        `WARN [tomcat-monitor] ${state.pkg}.server.ThreadPoolMonitor - Tomcat thread pool busy=${Math.min(200, Math.round(120 + (cpu - 80) * 4))} max=200, request queue depth ${intBetween(ctx.rand, 150, 500)}`,
      );
    }
  },
  resolved(ctx) {
    const asg = ctx.world.asgs.get(ctx.target);
    return asg !== undefined && ctx.params.clients.every((ip) => blockedAtEdge(ctx.world, asg.service, ip));
  },
});
