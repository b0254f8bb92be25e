/** Checks and wrappers both ingest paths (`ingest.batch`, `ingest.behavioral`) share. */
import type { CollectorConfig } from "../../shared/config.ts";
import { CollectorError } from "../trpc/errors.ts";

type Limits = Pick<CollectorConfig, "MAX_EVENTS_PER_BATCH" | "MAX_REPLAY_SEQUENCE">;

/** Refuses a batch with too many events (413) or a sequence over the per-window limit (400). */
export function checkBatchLimits(config: Limits, eventCount: number, sequence: number): void {
  if (eventCount > config.MAX_EVENTS_PER_BATCH) {
    throw new CollectorError(
      "too_many_events",
      `batch has ${eventCount} events, the limit is ${config.MAX_EVENTS_PER_BATCH} (MAX_EVENTS_PER_BATCH); send smaller batches`,
    );
  }
  if (config.MAX_REPLAY_SEQUENCE > 0 && sequence > config.MAX_REPLAY_SEQUENCE) {
    throw new CollectorError(
      "sequence_over_limit",
      `sequence: ${sequence} is above the limit of ${config.MAX_REPLAY_SEQUENCE} batches per window (MAX_REPLAY_SEQUENCE)`,
    );
  }
}

/** Storage failures become 503 so the SDK retries; the cause goes to the log, not to the client. */
export async function withStorage<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw new CollectorError("storage_unavailable", "storage is unavailable; retry later", { cause: error });
  }
}
