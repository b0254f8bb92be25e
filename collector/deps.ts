/**
 * Everything a request needs, built once at start-up by `main.ts` (or by a test) and passed down. Nothing
 * below reads the environment or a global.
 */
import type { CollectorConfig } from "../shared/config.ts";
import type { BatchReader } from "./ingest/batch-reader.ts";
import type { DependencyHealth } from "./ops/dependency-health.ts";
import type { Logger } from "./ops/logger.ts";
import type { Metrics } from "./ops/metrics.ts";
import type { RefusalLog } from "./ops/refusals.ts";
import type { BlobStore } from "./storage/blobs/blob-store.ts";
import type { Database } from "./storage/db.ts";

export type CollectorDeps = {
  config: CollectorConfig;
  db: Database;
  blobs: BlobStore;
  log: Logger;
  metrics: Metrics;
  refusals: RefusalLog;
  /** Server clock in epoch ms; injectable so tests need no fake timers. */
  now: () => number;
  /** What storage calls found of the database and blob store, for `/health`; unset in most unit tests. */
  health?: DependencyHealth;
  /** Where ingest reads bodies and encodes blobs: a Worker in `main.ts`; on the calling thread when unset. */
  batchReader?: BatchReader;
};
