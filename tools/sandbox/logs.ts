/**
 * Application logs: everyday chatter from templates for every service, helpers faults use to write their
 * own lines, and CloudWatch Logs-style querying (log group or service, time range, filter pattern).
 */

import type { LogEvent, LogLevel } from "../domain/index.js";
import type { LogQuery } from "../ports.js";
import { hash32, hex, intBetween, pick, streamFor } from "./random.js";
import type { InstanceState, LambdaState, World } from "./world.js";
import { appendLog, inService, MINUTE_MS, minuteMs } from "./world.js";

const NOUNS = ["items", "orders", "sessions", "accounts", "invoices"];
const KNOWN_NOUNS: Record<string, string> = {
  checkout: "carts",
  search: "queries",
  web: "pages",
  payments: "payments",
  inventory: "items",
  reports: "reports",
  ledger: "entries",
  catalog: "products",
};

/** Log streams a service writes to right now: ECS tasks, instance ids, Lambda containers. */
export function streamsOf(world: World, service: string): string[] {
  const streams: string[] = [];
  for (const ecs of world.ecs.values()) {
    if (ecs.service === service) streams.push(...ecs.taskIds.map((t) => `ecs/${ecs.serviceName}/${t}`));
  }
  // A hung process or an impaired host writes nothing.
  const writes = (i: InstanceState) => !i.hung && !i.systemCheckFailed;
  for (const asg of world.asgs.values()) {
    if (asg.service === service)
      streams.push(
        ...inService(world, asg)
          .filter(writes)
          .map((i) => i.id),
      );
  }
  for (const instance of world.instances.values()) {
    if (!instance.group && instance.service === service && instance.status === "running" && writes(instance))
      streams.push(instance.id);
  }
  return streams;
}

/** Writes one line at a seeded second of the minute. */
export function writeLine(
  world: World,
  minute: number,
  rand: () => number,
  line: { service: string; level: LogLevel; message: string; stream?: string },
): void {
  const streams = streamsOf(world, line.service);
  const stream = line.stream ?? (streams.length > 0 ? pick(rand, streams) : "");
  const ms = minuteMs(world, minute) + Math.floor(rand() * (MINUTE_MS - 1));
  appendLog(world, { ms, service: line.service, level: line.level, message: line.message, stream });
}

/** "payments-api" → "PaymentsApi", for class names in log lines. */
export function javaName(service: string): string {
  return service
    .split("-")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("");
}

/** A thread name as a Java web service prints it. */
export function thread(rand: () => number): string {
  return `http-nio-8080-exec-${intBetween(rand, 1, 48)}`;
}

/** Normal background lines of every internal service and function for one minute. */
export function writeChatter(world: World, minute: number): void {
  for (const service of world.services.values()) {
    if (service.external) continue;
    const rand = streamFor(world.seed, "chatter", service.name, minute);
    if (streamsOf(world, service.name).length === 0) continue;
    const pkg = `c.e.${service.name.replace(/-/g, "")}`;
    const noun = KNOWN_NOUNS[service.name] ?? NOUNS[hash32(service.name) % NOUNS.length] ?? "items";
    const lines = intBetween(rand, 2, 4);
    for (let i = 0; i < lines; i++) {
      const roll = rand();
      let level: LogLevel = "INFO";
      let message: string;
      if (roll < 0.45) {
        message = `INFO [${thread(rand)}] ${pkg}.web.AccessLog - GET /api/v1/${noun}/${intBetween(rand, 1000, 99999)} 200 ${intBetween(rand, 8, 180)}ms`;
      } else if (roll < 0.65) {
        message = `INFO [${thread(rand)}] ${pkg}.web.AccessLog - POST /api/v1/${noun} 201 ${intBetween(rand, 20, 240)}ms`;
      } else if (roll < 0.77) {
        const active = intBetween(rand, 1, 6);
        message = `INFO [HikariPool-1 housekeeper] com.zaxxer.hikari.pool.HikariPool - HikariPool-1 - Pool stats (total=20, active=${active}, idle=${20 - active}, waiting=0)`;
      } else if (roll < 0.87) {
        message = `INFO [scheduler-1] ${pkg}.cache.CacheRefresher - Refreshed ${intBetween(rand, 800, 4000)} cache entries in ${intBetween(rand, 30, 140)}ms`;
      } else if (roll < 0.96) {
        message = `INFO [${thread(rand)}] ${pkg}.health.HealthController - GET /health 200 ${intBetween(rand, 1, 4)}ms`;
      } else if (roll < 0.99) {
        level = "WARN";
        message = `WARN [${thread(rand)}] ${pkg}.web.AccessLog - Slow request: GET /api/v1/${noun}/${intBetween(rand, 1000, 99999)} took ${intBetween(rand, 1100, 2600)}ms`;
      } else {
        level = "ERROR";
        message = `ERROR [${thread(rand)}] o.a.c.c.C.[.[.[/].[dispatcherServlet] - Servlet.service() threw exception: org.apache.catalina.connector.ClientAbortException: java.io.IOException: Broken pipe`;
      }
      writeLine(world, minute, rand, { service: service.name, level, message });
    }
  }
  for (const fn of world.lambdas.values()) {
    const rand = streamFor(world.seed, "chatter", fn.id, minute);
    const stream = lambdaStream(world, fn, minute);
    const requestId = `${hex(rand, 8)}-${hex(rand, 4)}-${hex(rand, 4)}-${hex(rand, 4)}-${hex(rand, 12)}`;
    const duration = (fn.durationMs * (0.8 + rand() * 0.4)).toFixed(2);
    const lines = [
      `START RequestId: ${requestId} Version: ${fn.aliasVersion}`,
      `END RequestId: ${requestId}`,
      `REPORT RequestId: ${requestId}\tDuration: ${duration} ms\tBilled Duration: ${Math.ceil(Number(duration))} ms\tMemory Size: 512 MB\tMax Memory Used: ${intBetween(rand, 80, 140)} MB`,
    ];
    const ms = minuteMs(world, minute) + Math.floor(rand() * 50_000);
    lines.forEach((message, i) => {
      world.logs.push({
        time: new Date(ms + i * 3).toISOString(),
        logGroup: `/aws/lambda/${fn.functionName}`,
        stream,
        level: "INFO",
        message,
      });
    });
  }
}

/** The log stream a Lambda function's current version writes to on the day of `minute`. */
export function lambdaStream(world: World, fn: LambdaState, minute: number): string {
  const day = new Date(minuteMs(world, minute)).toISOString().slice(0, 10).replace(/-/g, "/");
  return `${day}/[${fn.aliasVersion}]${hex(streamFor(world.seed, "container", fn.id, fn.aliasVersion), 32)}`;
}

/** Writes one line to a Lambda function's own log group at a seeded second of the minute. */
export function writeLambdaLine(
  world: World,
  fn: LambdaState,
  minute: number,
  rand: () => number,
  level: LogLevel,
  message: string,
): void {
  world.logs.push({
    time: new Date(minuteMs(world, minute) + Math.floor(rand() * (MINUTE_MS - 1))).toISOString(),
    logGroup: `/aws/lambda/${fn.functionName}`,
    stream: lambdaStream(world, fn, minute),
    level,
    message,
  });
}

/** Log groups of a service: its own group and the groups of its functions. */
export function logGroupsOf(world: World, service: string): string[] {
  const groups = new Set<string>();
  const svc = world.services.get(service);
  if (svc && !svc.external) groups.add(svc.logGroup);
  for (const fn of world.lambdas.values())
    if (fn.service === service) groups.add(`/aws/lambda/${fn.functionName}`);
  return [...groups];
}

/**
 * Compiles a CloudWatch-style filter: plain terms must all appear, `?term`s need one to appear, `-term`s must
 * not appear, "quoted phrases" count as one term. A message containing the whole filter text also matches.
 * Matching ignores case.
 */
export function compileFilter(filter: string | undefined): (message: string) => boolean {
  const text = (filter ?? "").trim().toLowerCase();
  if (text === "") return () => true;
  const tokens = [...text.matchAll(/([?-]?)(?:"([^"]*)"|(\S+))/g)].map((m) => ({
    mode: m[1] ?? "",
    term: (m[2] ?? m[3] ?? "").trim(),
  }));
  const all = tokens.filter((t) => t.mode === "" && t.term !== "").map((t) => t.term);
  const any = tokens.filter((t) => t.mode === "?" && t.term !== "").map((t) => t.term);
  const none = tokens.filter((t) => t.mode === "-" && t.term !== "").map((t) => t.term);
  return (message) => {
    const m = message.toLowerCase();
    if (m.includes(text)) return true;
    return (
      all.every((t) => m.includes(t)) &&
      (any.length === 0 || any.some((t) => m.includes(t))) &&
      none.every((t) => !m.includes(t))
    );
  };
}

/** Log events matching a query, oldest first; with a limit, the most recent `limit` of them. */
export function queryLogs(world: World, query: LogQuery): LogEvent[] {
  const groups = query.logGroup
    ? [query.logGroup]
    : query.service
      ? logGroupsOf(world, query.service)
      : undefined;
  const start = query.start.getTime();
  const end = query.end.getTime();
  const matches = compileFilter(query.filter);
  const out = world.logs.filter((e) => {
    const t = Date.parse(e.time);
    return t >= start && t < end && (!groups || groups.includes(e.logGroup)) && matches(e.message);
  });
  const limit = query.limit ?? 10_000;
  return (out.length > limit ? out.slice(out.length - limit) : out).map((e) => ({ ...e }));
}
