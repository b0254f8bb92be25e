/**
 * Sweeps the fs blob folder at start-up and hourly (`FsBlobStore.sweep`): temporary files of writes that never
 * finished (a disk-full run left 53) and blobs whose batch row was never written (the row's write failed and
 * the SDK gave up). Only what is older than {@link ORPHAN_GRACE_MS} is touched: a batch's blob is written
 * moments before its row, and the SDK retries a failed one within minutes.
 */
import type { FsBlobStore, SweepResult } from "./blobs/fs-store.ts";
import type { Database } from "./db.ts";
import { findStoredBlobKeys } from "./batches.ts";

export const ORPHAN_GRACE_MS = 60 * 60_000;
const SWEEP_INTERVAL_MS = 60 * 60_000;

export async function sweepBlobFolder(
  deps: { db: Database; blobs: Pick<FsBlobStore, "sweep"> },
  now: number,
): Promise<SweepResult> {
  return await deps.blobs.sweep({
    olderThan: now - ORPHAN_GRACE_MS,
    storedKeys: (keys) => findStoredBlobKeys(deps.db, keys),
  });
}

/** Runs {@link sweepBlobFolder} now and then hourly; `stop()` ends it. Failures are reported, not thrown. */
export function startBlobSweep(deps: {
  db: Database;
  blobs: Pick<FsBlobStore, "sweep">;
  now: () => number;
  onSwept: (result: SweepResult) => void;
  onError: (error: unknown) => void;
}): { stop: () => void } {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const result = await sweepBlobFolder(deps, deps.now());
      if (result.tmpFiles + result.orphanBlobs > 0) deps.onSwept(result);
    } catch (error) {
      deps.onError(error);
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(run, SWEEP_INTERVAL_MS);
  return { stop: () => clearInterval(timer) };
}
