import { z } from "zod";

/** One thing to do to one incident's thread. Commands of an incident are processed in order. */
export const WorkCommandSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("start"), incidentId: z.string().min(1) }),
  z.object({
    kind: z.literal("resume"),
    incidentId: z.string().min(1),
    resume: z.unknown(),
    commandId: z.string().min(1),
  }),
  /** Continue a run that checkpointed at a wait, at its wake-up time (`at` names the wait it ends). */
  z.object({ kind: z.literal("wake"), incidentId: z.string().min(1), at: z.string().min(1) }),
  /** Continue a run that stopped on an error (after a crash), from its last checkpoint. */
  z.object({ kind: z.literal("continue"), incidentId: z.string().min(1) }),
]);
export type WorkCommand = z.infer<typeof WorkCommandSchema>;

export interface WorkQueue {
  enqueue(command: WorkCommand): Promise<void>;
}

/**
 * In-process stand-in for the SQS FIFO queue: commands with the same incident id run one after another,
 * in arrival order; different incidents run concurrently.
 */
export class KeyedSerialQueue implements WorkQueue {
  private readonly tails = new Map<string, Promise<void>>();
  readonly failures: { command: WorkCommand; error: Error }[] = [];

  constructor(private readonly handle: (command: WorkCommand) => Promise<unknown>) {}

  async enqueue(command: WorkCommand): Promise<void> {
    const key = command.incidentId;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(() =>
      this.handle(command).then(
        () => undefined,
        (error: Error) => {
          this.failures.push({ command, error });
        },
      ),
    );
    this.tails.set(key, next);
    void next.then(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
  }

  /** Resolves when every queued command has run. */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
