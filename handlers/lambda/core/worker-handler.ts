import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context, SQSEvent } from "aws-lambda";
import { BUDGET_SAFETY_MARGIN_MS, budgetFromRemaining } from "../../../graph/budget.js";
import type { ClockPort } from "../../../tools/ports.js";
import { RUN_MAX_RECEIVE_COUNT } from "../../runtime/redrive.js";
import type { Responder } from "../../runtime/responder.js";
import { handleWorkBatch } from "./worker-batch.js";

/** What the worker handler runs on: the responder and the clock its graph's ports use. */
export interface WorkerRuntime {
  responder: Responder;
  clock: ClockPort;
}

export interface WorkerHandlerOptions {
  logger: Logger;
  metrics?: Metrics;
  /** Kept back from the remaining time for the checkpoint write and the wake-up schedule. */
  safetyMarginMs?: number;
  /** Publish the run's duration this long before a timeout (default TIMEOUT_METRIC_MARGIN_MS). */
  timeoutMetricMarginMs?: number;
  /** The run queue's maxReceiveCount: on that receive a persistent AWS fault escalates the incident. */
  maxReceiveCount?: number;
}

/**
 * The SQS FIFO worker: runs or resumes one incident's graph per message within what the invocation has
 * left (`context.getRemainingTimeInMillis()` minus a safety margin, measured on the ports clock). A wait
 * longer than that ends the invocation at a checkpoint with a scheduled wake-up instead of sleeping.
 */
export function createWorkerHandler(runtime: () => Promise<WorkerRuntime>, options: WorkerHandlerOptions) {
  const { logger, metrics } = options;
  return async (event: SQSEvent, context: Context) => {
    logger.addContext(context);
    const { responder, clock } = await runtime();
    const started = Date.now();
    let emitted = false;
    const emit = () => {
      if (emitted) return;
      emitted = true;
      metrics?.addMetric("GraphRunDuration", MetricUnit.Milliseconds, Date.now() - started);
      metrics?.publishStoredMetrics();
    };
    // Lambda kills a timed-out invocation without running `finally`: publish the duration just before the
    // deadline, so the slow-run alarm sees the runs that time out (EMF goes to the log synchronously).
    const timer = setTimeout(
      () => {
        logger.warn("the invocation is about to time out", { ms: Date.now() - started });
        emit();
      },
      Math.max(
        0,
        context.getRemainingTimeInMillis() - (options.timeoutMetricMarginMs ?? TIMEOUT_METRIC_MARGIN_MS),
      ),
    );
    timer.unref?.();
    try {
      return await handleWorkBatch(
        event,
        responder,
        logger,
        () =>
          budgetFromRemaining(
            clock.now().getTime(),
            context.getRemainingTimeInMillis(),
            options.safetyMarginMs ?? BUDGET_SAFETY_MARGIN_MS,
          ),
        { maxReceiveCount: options.maxReceiveCount ?? RUN_MAX_RECEIVE_COUNT },
      );
    } finally {
      clearTimeout(timer);
      emit();
    }
  };
}

/** How long before the invocation's deadline a hung run's duration is published. */
export const TIMEOUT_METRIC_MARGIN_MS = 1_000;
