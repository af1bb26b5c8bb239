/**
 * Log dialects: the same event as a Java/Spring, Node pino, Python logging, Go zap, nginx/ALB access,
 * journald or Kafka log4j service would print it. The simulator writes Java-style lines
 * (`LEVEL [thread] logger - message`); a line in any other shape (Lambda runtime lines, hostile text planted
 * by a scenario) is left as it is.
 */

export const DIALECTS = ["spring", "pino", "python", "zap", "nginx", "journald", "log4j"] as const;
export type Dialect = (typeof DIALECTS)[number];

export interface ParsedLine {
  level: string;
  thread: string;
  logger: string;
  message: string;
}

const JAVA_LINE = /^(TRACE|DEBUG|INFO|WARN|ERROR|FATAL) \[([^\]]*)\] (?:(\S+) - )?([\s\S]*)$/;
const ACCESS = /^(GET|POST|PUT|DELETE|PATCH) (\S+) (\d{3}) (\d+)ms(?: upstream=(\S+))?$/;
const EXCEPTION = /([A-Za-z_][\w.]*(?:Exception|Error)): ([^\n]*)/;

/** Splits a simulator line into its parts; undefined for any other shape. */
export function parseJavaLine(text: string): ParsedLine | undefined {
  const m = text.match(JAVA_LINE);
  if (!m) return undefined;
  return { level: m[1] as string, thread: m[2] as string, logger: m[3] ?? m[2] ?? "", message: m[4] ?? "" };
}

export interface RenderContext {
  /** ISO time of the line. */
  time: string;
  service: string;
  /** Log stream (an instance id, a task) — a hostname stand-in. */
  stream: string;
  /** Seeded per line: small numbers (pids, line numbers, client ips) that vary but mean nothing. */
  rand: () => number;
}

const PINO_LEVEL: Record<string, number> = { TRACE: 10, DEBUG: 20, INFO: 30, WARN: 40, ERROR: 50, FATAL: 60 };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function shortLogger(logger: string): string {
  return logger.split(".").pop() ?? logger;
}

function snake(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toLowerCase();
}

function spaced(time: string, sep: "," | "."): string {
  return `${time.slice(0, 10)} ${time.slice(11, 19)}${sep}${time.slice(20, 23)}`;
}

/** A stable small number per log stream (a host's address, a process id). */
function perStream(ctx: RenderContext, mod: number): number {
  let h = 0;
  for (const ch of ctx.stream || ctx.service) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return h % mod;
}

function host(ctx: RenderContext): string {
  const n = perStream(ctx, 250) + 2;
  return ctx.stream.startsWith("i-")
    ? `ip-10-0-${n % 16}-${n}`
    : ctx.stream.split("/").pop()?.slice(0, 12) || "app";
}

function nginxAccess(m: RegExpMatchArray, ctx: RenderContext): string {
  const d = new Date(ctx.time);
  const day = String(d.getUTCDate()).padStart(2, "0");
  const stamp = `${day}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${ctx.time.slice(11, 19)} +0000`;
  const ip = `10.0.${Math.floor(ctx.rand() * 16)}.${Math.floor(ctx.rand() * 250) + 2}`;
  const bytes = Math.floor(ctx.rand() * 4000) + 120;
  const rt = (Number(m[4]) / 1000).toFixed(3);
  const upstream = m[5] ? ` upstream_addr=${m[5]}` : "";
  return `${ip} - - [${stamp}] "${m[1]} ${m[2]} HTTP/1.1" ${m[3]} ${bytes} "-" "okhttp/4.12.0" rt=${rt}${upstream}`;
}

function pythonTraceback(message: string, service: string, ctx: RenderContext): string {
  const ex = message.match(EXCEPTION);
  if (!ex) return "";
  const name = (ex[1] as string).split(".").pop() as string;
  const line = Math.floor(ctx.rand() * 400) + 20;
  return `\nTraceback (most recent call last):\n  File "/app/${snake(service)}/handlers.py", line ${line}, in handle\n    return self.process(request)\n${name}: ${ex[2]}`;
}

/** Renders one parsed line in a dialect. */
export function render(dialect: Dialect, line: ParsedLine, ctx: RenderContext): string {
  const { level, thread, logger } = line;
  const message = line.message;
  const firstLine = message.split("\n")[0] as string;
  switch (dialect) {
    case "spring":
      return `${spaced(ctx.time, ".")} ${level.padStart(5)} 1 --- [${thread.slice(0, 15).padStart(15)}] ${logger} : ${message}`;
    case "pino":
      return JSON.stringify({
        level: PINO_LEVEL[level] ?? 30,
        time: Date.parse(ctx.time),
        pid: perStream(ctx, 90) + 7,
        hostname: host(ctx),
        name: ctx.service,
        module: shortLogger(logger),
        msg: firstLine,
        ...(message.includes("\n") ? { stack: message.slice(firstLine.length + 1) } : {}),
      });
    case "python":
      return `${spaced(ctx.time, ",")} ${level === "WARN" ? "WARNING" : level} [${snake(shortLogger(logger))}] ${firstLine}${level === "ERROR" ? pythonTraceback(firstLine, ctx.service, ctx) : ""}`;
    case "zap":
      return JSON.stringify({
        level: level.toLowerCase(),
        ts: Date.parse(ctx.time) / 1000,
        caller: `${snake(shortLogger(logger))}/${snake(shortLogger(logger))}.go:${Math.floor(ctx.rand() * 300) + 12}`,
        msg: firstLine,
        service: ctx.service,
      });
    case "nginx": {
      const access = firstLine.match(ACCESS);
      if (access) return nginxAccess(access, ctx);
      return `${ctx.time.slice(0, 19).replace("T", " ")} [${level.toLowerCase()}] ${workerTag(ctx)}: ${firstLine}`;
    }
    case "journald": {
      const d = new Date(ctx.time);
      const stamp = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, "0")} ${ctx.time.slice(11, 19)}`;
      return `${stamp} ${host(ctx)} ${ctx.service}[${perStream(ctx, 30000) + 1000}]: <${level.toLowerCase()}> ${firstLine}`;
    }
    case "log4j":
      return `[${spaced(ctx.time, ",")}] ${level} ${message} (${logger})`;
  }
}

function workerTag(ctx: RenderContext): string {
  return `${Math.floor(ctx.rand() * 9000) + 100}#0`;
}
