/**
 * The logger port: structured lines with fields. Lambda uses Powertools Logger (`handlers/lambda/logger.ts`);
 * local runs use `createConsoleLogger` (JSON, or one readable line per record on a terminal), quiet by
 * default in the CLI. Graph nodes and agents log through `nodeLogger`, so every line carries the incident
 * id and the node name.
 */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function isLogLevel(value: string | undefined): value is LogLevel {
  return value !== undefined && value in RANK;
}

/** Discards everything. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};

export interface ConsoleLoggerOptions {
  level?: LogLevel;
  /** One readable line per record instead of JSON. */
  pretty?: boolean;
  /** Where lines go; stderr by default, so they never mix with a command's output. */
  write?: (line: string) => void;
  now?: () => Date;
}

/** JSON lines (or pretty ones) at or above `level`. */
export function createConsoleLogger(options: ConsoleLoggerOptions = {}, bound: LogFields = {}): Logger {
  const min = RANK[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const emit = (level: Exclude<LogLevel, "silent">, message: string, fields?: LogFields) => {
    if (RANK[level] < min) return;
    const record = { ...bound, ...fields };
    if (options.pretty) {
      const where = [record.incidentId, record.node].filter(Boolean).join(" ");
      const rest = Object.entries(record)
        .filter(([k]) => k !== "incidentId" && k !== "node")
        .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
        .join(" ");
      write(`${level.padEnd(5)} ${where ? `[${where}] ` : ""}${message}${rest ? ` ${rest}` : ""}`);
    } else {
      write(JSON.stringify({ time: now().toISOString(), level, message, ...record }));
    }
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createConsoleLogger(options, { ...bound, ...fields }),
  };
}

/** The logger a graph node or agent writes with: the incident id and the node name on every line. */
export function nodeLogger(
  logger: Logger | undefined,
  state: { incident?: { id: string } },
  node: string,
): Logger {
  return (logger ?? silentLogger).child({ incidentId: state.incident?.id, node });
}
