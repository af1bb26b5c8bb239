#!/usr/bin/env node
import { CliError } from "./errors.js";
import { buildProgram } from "./program.js";

// The AWS SDK warns about Node 20 on every client; the warning is for Lambda authors, not CLI users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`air: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`air: unexpected error: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  }
}
