import { createWorkerHandler } from "./core/worker-handler.js";
import { logger, metrics } from "./deps.js";
import { workerDeps } from "./worker-deps.js";

/** SQS FIFO consumer: runs or resumes the graph for one incident per message, in order per incident. */
export const handler = createWorkerHandler(
  async () => {
    const { responder, clock } = await workerDeps();
    return { responder, clock };
  },
  { logger, metrics },
);
