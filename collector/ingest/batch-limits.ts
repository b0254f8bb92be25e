/** Checks and wrappers both ingest paths (`ingest.batch`, `ingest.behavioral`) share. */
import type { CollectorConfig } from "../../shared/config.ts";
import { findStorageTimeout } from "../storage/deadline.ts";
import { latestEventTime, MAX_CLOCK_AHEAD_MS } from "../storage/event-time-window.ts";
import { CollectorError } from "../errors.ts";

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

/**
 * Refuses (400) a batch whose latest event is dated beyond the stored window (`event-time-window.ts`). All of a
 * batch's times come from one clock, so one event out of range means a broken clock or a forged batch: the
 * whole batch is refused rather than stored in part.
 */
export function checkEventTimes(lastTs: number | null, serverNow: number): void {
  if (lastTs === null || lastTs <= latestEventTime(serverNow)) return;
  const hours = MAX_CLOCK_AHEAD_MS / 3_600_000;
  throw new CollectorError(
    "timestamp_out_of_range",
    `events: an event is dated more than ${hours} h ahead of the collector's clock; check the device's clock (nothing of this batch was stored)`,
  );
}

/**
 * Refuses (409) a batch for a session another app started: a session belongs to the app of its first batch,
 * so no key of one app can append to, pre-claim sequences of, or relabel the user of another app's session.
 */
export function checkSessionApp(
  sessionAppId: string | null,
  batch: { appId: string; sessionId: string },
): void {
  if (sessionAppId !== null && sessionAppId !== batch.appId) throw sessionAppMismatch(batch);
}

export function sessionAppMismatch(batch: { appId: string; sessionId: string }): CollectorError {
  return new CollectorError(
    "session_app_mismatch",
    `sessionId: session ${batch.sessionId} belongs to another app than ${batch.appId}; nothing was stored (an app must make its own session ids)`,
  );
}

/**
 * Refuses (413) a batch that would take its session past MAX_SESSION_BYTES of uncompressed JSON (0: no cap).
 * Every reader of a session — analysis, narrative, export, the report site — parses what it stored; 600
 * batches of 1.8 MB (6 MB of gzip) made one session 1.1 GB and its readers fail for everyone.
 */
export function checkSessionSize(
  config: Pick<CollectorConfig, "MAX_SESSION_BYTES">,
  sessionRawBytes: number,
  batchRawBytes: number,
): void {
  const cap = config.MAX_SESSION_BYTES;
  if (cap === 0 || sessionRawBytes + batchRawBytes <= cap) return;
  throw new CollectorError(
    "session_too_large",
    `the session holds ${sessionRawBytes} bytes and this batch ${batchRawBytes}, over the ${cap} bytes one session may store (MAX_SESSION_BYTES); nothing of the batch was stored`,
  );
}

/** Storage failures become 503 so the SDK retries; the cause goes to the log, not to the client. */
export async function withStorage<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const timeout = findStorageTimeout(error);
    throw new CollectorError(
      "storage_unavailable",
      `storage is unavailable${timeout ? ` (${timeout.message})` : ""}; retry later`,
      { cause: error },
    );
  }
}
