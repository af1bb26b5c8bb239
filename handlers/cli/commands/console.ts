import { LocalConsoleStore } from "../../console/local-store.js";
import { startConsole } from "../../console/serve.js";
import type { ConsoleStore } from "../../console/store.js";
import { CliError } from "../errors.js";
import { stateDir } from "./saved-runs.js";

export interface ConsoleCommandOptions {
  port?: string;
  aws?: boolean;
  /** With `--aws`: the deployed stack and its Region. */
  stack?: string;
  region?: string;
}

/** `air console`: the web console over the local store, on loopback, until interrupted. */
export async function consoleCommand(options: ConsoleCommandOptions): Promise<void> {
  const port = Number(options.port ?? 4680);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port ${options.port} is not a port number (0-65535)`);
  let store: ConsoleStore;
  if (options.aws) {
    // Loaded only here: the AWS store pulls in the SDK clients the local console never needs.
    const { openAwsConsoleStore } = await import("./console-aws.js");
    store = await openAwsConsoleStore(options);
  } else {
    try {
      store = await LocalConsoleStore.open({});
    } catch (error) {
      throw new CliError(
        `cannot open the local store in ${stateDir()}/ (${(error as Error).message}); another air process may hold it — stop it and retry`,
      );
    }
  }
  const running = await startConsole(store, port);
  process.stdout.write(`air console on ${running.url}  (store ${store.where}; Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  await running.close();
}
