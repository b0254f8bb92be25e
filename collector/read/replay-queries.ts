/**
 * The read path as plain functions, shared by the tRPC procedures (`replays.ts`), MCP tools and analysis:
 * each takes deps and an already-validated input and returns a `shared/` shape.
 */
import type { RecordedEvent } from "../../shared/batch.ts";
import {
  type ReplayList,
  type ReplayListInput,
  ReplayListInputSchema,
  type ReplaySummary,
  type StitchedEvents,
} from "../../shared/replay.ts";
import { orderStoredBatches, stitchBatches, type StitchInputBatch } from "../analysis/stitch.ts";
import type { CollectorDeps } from "../deps.ts";
import type { Logger } from "../ops/logger.ts";
import { decodeBlobText, type StoredBatchBlob } from "../storage/batch-blob.ts";
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
import { CollectorError } from "../errors.ts";

/** Sessions newest first; `nextCursor` continues with older ones. */
export async function listReplays(deps: CollectorDeps, input: ReplayListInput): Promise<ReplayList> {
  const query = ReplayListInputSchema.parse(input);
  const rows = await listSessions(deps.db, {
    limit: query.limit + 1,
    appId: query.appId,
    release: query.release,
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
 * Uncompressed JSON of the batches one `replays.events` page holds, about: a page ends with the batch that
 * reaches it, and a batch is at most MAX_BODY_BYTES (2 MB), so one read holds ~10 MB of events whatever the
 * session stored. One call answering a whole 1.1 GB session failed with "Invalid string length" and took the
 * collector to 4-5 GB resident.
 */
export const EVENTS_PAGE_BYTES = 8 * 1024 * 1024;

/**
 * One page of the session's stitched timeline, from `cursor` (a previous page's `nextCursor`) or the start;
 * null when there is no such session. Pages follow the order stitching gives the session's batches
 * (`orderStoredBatches`), worked out from their rows, so no page needs the events of another. A batch whose
 * blob is missing is left out and reported as a gap of its page instead of failing the replay.
 */
export async function getReplayEvents(
  deps: CollectorDeps,
  sessionId: string,
  opts: { cursor?: string; pageBytes?: number } = {},
): Promise<StitchedEvents | null> {
  const rows = await listSessionBatches(deps.db, sessionId);
  if (rows.length === 0) return null;
  const { ordered, windows, gaps } = orderStoredBatches(rows);
  const start = opts.cursor === undefined ? 0 : startAfter(ordered, opts.cursor);
  const page = await readBatchesFrom(deps, ordered, start, opts.pageBytes ?? EVENTS_PAGE_BYTES);
  const last = ordered[page.next - 1];
  return {
    sessionId,
    events: stitchBatches(page.batches).events,
    windows,
    gaps: [...gaps, ...page.missing.map((m) => ({ windowId: m.windowId, from: m.sequence, to: m.sequence }))],
    nextCursor: page.next < ordered.length && last ? batchCursor(last) : null,
  };
}

/**
 * The session's stitched events for analysis, at most `maxRawBytes` of them (MAX_SESSION_BYTES; a session an
 * older collector stored beyond it is analysed on its first part), or null when there is no such session.
 */
export async function readSessionEvents(
  deps: CollectorDeps,
  sessionId: string,
  maxRawBytes: number,
): Promise<RecordedEvent[] | null> {
  const rows = await listSessionBatches(deps.db, sessionId);
  if (rows.length === 0) return null;
  return await readEventsOfBatches(deps, rows, maxRawBytes);
}

/**
 * `readSessionEvents` for batch rows already listed: their stitched events, at most `maxRawBytes` of them.
 * Touches no database, so the settle Worker reads sessions exactly as `replays.analyze` does.
 */
export async function readEventsOfBatches(
  deps: { blobs: Pick<BlobStore, "get">; log: Pick<Logger, "error" | "info"> },
  rows: ReadonlyArray<StoredBatchRef & { firstTs: number | null }>,
  maxRawBytes: number,
): Promise<RecordedEvent[]> {
  const { ordered } = orderStoredBatches(rows);
  const read = await readBatchesFrom(deps, ordered, 0, maxRawBytes);
  if (read.next < ordered.length) {
    deps.log.info("session analysed on its first part", {
      batches: read.next,
      of: ordered.length,
      maxRawBytes,
    });
  }
  return stitchBatches(read.batches).events;
}

/** The cursor that continues after this batch: `windowId:sequence`. */
export function batchCursor(batch: { windowId: string; sequence: number }): string {
  return `${batch.windowId}:${batch.sequence}`;
}

/** Index of the batch after the one `cursor` (a `batchCursor`) names. */
export function startAfter(
  ordered: ReadonlyArray<{ windowId: string; sequence: number }>,
  cursor: string,
): number {
  const match = cursor.match(/^([A-Za-z0-9_-]{8,64}):(\d{1,16})$/);
  const index = match
    ? ordered.findIndex((b) => b.windowId === match[1] && b.sequence === Number(match[2]))
    : -1;
  if (index < 0) {
    throw new CollectorError(
      "bad_input",
      "cursor: not a cursor of this session's events; pass back nextCursor unchanged",
    );
  }
  return index + 1;
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
  return (await readBatchesFrom(deps, refs, 0, Number.POSITIVE_INFINITY)).batches;
}

/** Blob reads in flight at once: enough to hide S3 latency, few enough not to flood the bucket or the disk. */
const BLOB_READ_CONCURRENCY = 8;
/** Decoding holds the thread; after this long of it, other requests (`/health`) get a turn. */
const DECODE_SLICE_MS = 20;

/**
 * Decodes the batches of `refs` from `start`, in order, until their JSON reaches `maxRawBytes` (always at
 * least one): compressed blobs are fetched a few at a time, and decoded one by one, so memory holds the
 * decoded budget plus a few gzip blobs. `next` is the index of the first batch not read.
 */
async function readBatchesFrom(
  deps: { blobs: Pick<BlobStore, "get">; log: Pick<Logger, "error"> },
  refs: readonly StoredBatchRef[],
  start: number,
  maxRawBytes: number,
): Promise<{ batches: StitchInputBatch[]; missing: StoredBatchRef[]; next: number }> {
  const batches: StitchInputBatch[] = [];
  const missing: StoredBatchRef[] = [];
  let next = start;
  let used = 0;
  let sliceStart = Date.now();
  const full = () => used >= maxRawBytes && batches.length > 0;
  while (next < refs.length && !full()) {
    const wave = refs.slice(next, next + BLOB_READ_CONCURRENCY);
    const compressed = await Promise.all(wave.map((ref) => deps.blobs.get(ref.blobKey)));
    sliceStart = Date.now();
    for (const [i, ref] of wave.entries()) {
      if (full()) break;
      next++;
      const bytes = compressed[i];
      if (!bytes) {
        deps.log.error("blob of a stored batch is missing", { blobKey: ref.blobKey });
        missing.push(ref);
        continue;
      }
      const text = decodeBlobText(bytes);
      used += text.length;
      const blob = JSON.parse(text) as StoredBatchBlob;
      const events = ref.receivedAt === undefined
        ? blob.events as RecordedEvent[]
        : eventsInWindow(blob.events as RecordedEvent[], ref.receivedAt);
      batches.push({ windowId: ref.windowId, sequence: ref.sequence, events });
      if (Date.now() - sliceStart > DECODE_SLICE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        sliceStart = Date.now();
      }
    }
  }
  return { batches, missing, next };
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
    release: row.release,
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
