import { createConsoleLogger, isLogLevel, type Logger, silentLogger } from "../../tools/logger.js";

/**
 * The local logger: silent unless `AIR_LOG_LEVEL` is set or `verbose` (the CLI's `-v`, which means `info`),
 * JSON lines on stderr, or readable ones when stderr is a terminal. Never mixed into the command's stdout.
 */
export function localLogger(options: { verbose?: boolean; env?: NodeJS.ProcessEnv } = {}): Logger {
  const env = options.env ?? process.env;
  const wanted = env.AIR_LOG_LEVEL?.toLowerCase();
  const level = isLogLevel(wanted) ? wanted : options.verbose ? "info" : "silent";
  if (level === "silent") return silentLogger;
  return createConsoleLogger({ level, pretty: Boolean(process.stderr.isTTY) });
}
