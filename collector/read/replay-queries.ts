/**
 * The read path as plain functions, shared by the tRPC procedures (`replays.ts`), MCP tools and analysis:
 * each takes deps and an already-validated input and returns a `shared/` shape.
 */
import { gunzipSync } from "node:zlib";
import type { RecordedEvent } from "../../shared/batch.ts";
import {
  type ReplayList,
  type ReplayListInput,
  ReplayListInputSchema,
  type ReplaySummary,
  type StitchedEvents,
} from "../../shared/replay.ts";
import { stitchBatches, type StitchInputBatch } from "../analysis/stitch.ts";
import type { CollectorDeps } from "../deps.ts";
import type { StoredBatchBlob } from "../ingest/accept-batch.ts";
import type { Logger } from "../ops/logger.ts";
import type { BlobStore } from "../storage/blobs/blob-store.ts";
import { clampEventTime, latestEventTime } from "../storage/event-time-window.ts";
import { listSessionBatches } from "../storage/batches.ts";
import {
  getSession,
  getSessionPages,
  listSessions,
  type SessionPosition,
  type SessionRow,
} from "../storage/sessions.ts";
import { CollectorError } from "../trpc/errors.ts";

/** Sessions newest first; `nextCursor` continues with older ones. */
export async function listReplays(deps: CollectorDeps, input: ReplayListInput): Promise<ReplayList> {
  const query = ReplayListInputSchema.parse(input);
  const rows = await listSessions(deps.db, {
    limit: query.limit + 1,
    appId: query.appId,
    sinceMs: query.since === undefined
      ? undefined
      : typeof query.since === "number"
      ? query.since
      : Date.parse(query.since),
    after: query.cursor === undefined ? undefined : parseCursor(query.cursor),
  });
  const page = rows.slice(0, query.limit);
  const pages = await getSessionPages(deps.db, page.map((r) => r.id));
  const last = page[page.length - 1];
  return {
    replays: page.map((row) => toSummary(row, pages.get(row.id) ?? [])),
    nextCursor: rows.length > query.limit && last ? formatCursor(last) : null,
  };
}

/** One session's summary, or null when the collector has no such session. */
export async function getReplaySummary(
  deps: CollectorDeps,
  sessionId: string,
): Promise<ReplaySummary | null> {
  const row = await getSession(deps.db, sessionId);
  if (!row) return null;
  const pages = await getSessionPages(deps.db, [sessionId]);
  return toSummary(row, pages.get(sessionId) ?? []);
}

/**
 * The session's stitched timeline, or null when there is no such session. A batch whose blob is missing is
 * left out, so it shows up as a gap instead of failing the whole replay.
 */
export async function getReplayEvents(
  deps: CollectorDeps,
  sessionId: string,
): Promise<StitchedEvents | null> {
  const rows = await listSessionBatches(deps.db, sessionId);
  if (rows.length === 0) return null;
  const stitched = stitchBatches(await readStoredBatches(deps, rows));
  return { sessionId, ...stitched };
}

/**
 * Where one stored batch's blob is, and which window and sequence it holds; `receivedAt` (server clock), when
 * known, bounds its event times (`event-time-window.ts`).
 */
export type StoredBatchRef = { windowId: string; sequence: number; blobKey: string; receivedAt?: number };

/**
 * Reads and decodes the blobs of `refs`, a few at a time, keeping `refs`' order. A missing blob is logged and
 * left out, so it shows up as a gap instead of failing the whole replay.
 */
export async function readStoredBatches(
  deps: { blobs: Pick<BlobStore, "get">; log: Pick<Logger, "error"> },
  refs: readonly StoredBatchRef[],
): Promise<StitchInputBatch[]> {
  const loaded = await mapConcurrently(
    refs,
    BLOB_READ_CONCURRENCY,
    async (ref): Promise<StitchInputBatch | null> => {
      const bytes = await deps.blobs.get(ref.blobKey);
      if (!bytes) {
        deps.log.error("blob of a stored batch is missing", { blobKey: ref.blobKey });
        return null;
      }
      const blob = decodeBatchBlob(bytes);
      const events = ref.receivedAt === undefined
        ? blob.events as RecordedEvent[]
        : eventsInWindow(blob.events as RecordedEvent[], ref.receivedAt);
      return { windowId: ref.windowId, sequence: ref.sequence, events };
    },
  );
  return loaded.filter((b): b is StitchInputBatch => b !== null);
}

/**
 * The events dated within the window at `receivedAt`. An older collector stored whatever a batch carried, and
 * one event dated 1e308 made every date a reader formats invalid; such an event is left out, as ingest now
 * refuses it. The list is returned as it is when every event is in the window, as nearly always.
 */
function eventsInWindow(events: RecordedEvent[], receivedAt: number): RecordedEvent[] {
  if (!Array.isArray(events)) return events;
  const latest = latestEventTime(receivedAt);
  const inWindow = (e: RecordedEvent) => typeof e?.timestamp === "number" && e.timestamp <= latest;
  return events.every(inWindow) ? events : events.filter(inWindow);
}

/**
 * Decodes like `Buffer#toString("utf8")`, a byte-order mark included, at a third of its cost on Deno (the same
 * on Node).
 */
const UTF8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * A stored blob's bytes as the batch they hold. One synchronous zlib call, as at ingest (`decode.ts`): for a
 * batch-sized blob it costs less than the async API's chunked round trips through the thread pool, and the
 * JSON.parse that follows holds the thread for several times longer anyway.
 */
export function decodeBatchBlob(bytes: Uint8Array): StoredBatchBlob {
  return JSON.parse(UTF8.decode(gunzipSync(bytes))) as StoredBatchBlob;
}

/** Blob reads in flight per replay: enough to hide S3 latency, few enough not to flood the bucket or the disk. */
const BLOB_READ_CONCURRENCY = 16;

/** `Promise.all(items.map(fn))` with at most `limit` calls in flight; results keep the items' order. */
async function mapConcurrently<TItem, TResult>(
  items: readonly TItem[],
  limit: number,
  fn: (item: TItem) => Promise<TResult>,
): Promise<TResult[]> {
  const results = new Array<TResult>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as TItem);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function toSummary(row: SessionRow, pages: string[]): ReplaySummary {
  // Rows an older collector wrote may hold any event time; they are read within the window (so a date can
  // always be formatted), whose "now" is the server's clock when the session's last batch was stored.
  const startedAt = clampEventTime(row.startedAt, row.lastSeenAt);
  const lastEventAt = Math.max(startedAt, clampEventTime(row.lastEventAt, row.lastSeenAt));
  return {
    sessionId: row.id,
    appId: row.appId,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: lastEventAt - startedAt,
    eventCount: row.eventCount,
    pageCount: pages.length,
    pages,
    windowCount: row.windowCount,
    batchCount: row.batchCount,
    lastSeenAt: new Date(row.lastSeenAt).toISOString(),
    userId: row.userId,
    trigger: row.trigger,
    consent: row.consent === null ? null : (JSON.parse(row.consent) as ReplaySummary["consent"]),
  };
}

/** Cursor = position of the last session of a page; opaque to clients. */
function formatCursor(row: SessionRow): string {
  return `${row.startedAt}:${row.id}`;
}

function parseCursor(cursor: string): SessionPosition {
  // A row an older collector wrote may hold a start beyond 2^53 (`1.7e+308`): its cursor must still page on.
  const match = cursor.match(/^(\d{1,16}(?:\.\d{1,20})?(?:e\+\d{1,3})?):([A-Za-z0-9_-]{8,64})$/);
  if (!match?.[1] || !match[2]) {
    throw new CollectorError(
      "bad_input",
      "cursor: not a cursor this collector issued; pass back nextCursor unchanged",
    );
  }
  return { startedAt: Number(match[1]), id: match[2] };
}
