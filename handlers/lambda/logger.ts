import type { Logger as PowertoolsLogger } from "@aws-lambda-powertools/logger";
import type { LogFields, Logger } from "../../tools/logger.js";

/**
 * The logger port over Powertools Logger, for the graph's nodes and agents in Lambda: every line is Powertools'
 * structured JSON (with the invocation context it adds), plus the node's incident id and name.
 */
export function powertoolsLogger(logger: PowertoolsLogger): Logger {
  const extra = (fields?: LogFields) => fields ?? {};
  return {
    debug: (message, fields) => logger.debug(message, extra(fields)),
    info: (message, fields) => logger.info(message, extra(fields)),
    warn: (message, fields) => logger.warn(message, extra(fields)),
    error: (message, fields) => logger.error(message, extra(fields)),
    child: (fields) => {
      const child = logger.createChild();
      child.appendKeys(fields);
      return powertoolsLogger(child);
    },
  };
}
