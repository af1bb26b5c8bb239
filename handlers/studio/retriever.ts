/** A runbook retriever that can be handed to the graph synchronously and loads the corpus on first use. */
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import type { RetrievalQuery, RunbookHit, RunbookRetriever } from "../../knowledge/retrieval/types.js";

/** Loads the built-in corpus on the first search; a failed load is retried on the next search. */
export class LazyRetriever implements RunbookRetriever {
  private loading?: Promise<RunbookRetriever>;

  constructor(private readonly load: () => Promise<RunbookRetriever> = () => createRetriever()) {}

  async search(query: RetrievalQuery): Promise<RunbookHit[]> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined;
      throw new Error(`Studio could not load the runbook corpus: ${(error as Error).message ?? error}`, {
        cause: error,
      });
    });
    return (await this.loading).search(query);
  }
}
