/**
 * Reads of the data and config resources are granted on resources carrying the managed tag only: a missing
 * resource and a denied read both mean "not one the responder may act on", so both describe as undefined
 * instead of failing the run. Any other failure (throttling after retries, credentials) still throws.
 */
import { AwsAdapterError, isNotFound } from "../../aws-shared/errors.js";

export async function readable<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    if (err instanceof AwsAdapterError && err.kind === "access-denied") return undefined;
    throw err;
  }
}
