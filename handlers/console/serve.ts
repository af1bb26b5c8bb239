/** Starts the console on loopback and returns its address; `close()` stops the server and the store. */
import { serve } from "@hono/node-server";
import { createConsoleApp } from "./server.js";
import type { ConsoleStore } from "./store.js";

export interface RunningConsole {
  url: string;
  close(): Promise<void>;
}

export async function startConsole(store: ConsoleStore, port = 0): Promise<RunningConsole> {
  const { app } = createConsoleApp(store);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port }, () => resolve(s));
    s.once("error", reject);
  });
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}`,
    async close() {
      (server as import("node:http").Server).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
