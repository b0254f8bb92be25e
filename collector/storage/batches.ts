/**
 * Batch metadata queries. Recording a batch is one atomic libSQL batch (a transaction on one connection):
 * the batch row, its window, the session's running totals and its pages. The batch row's unique index on
 * (sessionId, windowId, sequence) decides duplicates, also when two copies race: the loser's whole write
 * rolls back and it is reported as a duplicate.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { ConsentRecord } from "../../shared/batch.ts";
import type { Database } from "./db.ts";
import { batches, sessionPages, sessions, windows } from "./schema.ts";

export type BatchRef = { sessionId: string; windowId: string; sequence: number };

export type NewBatch = BatchRef & {
  appId: string;
  blobKey: string;
  eventCount: number;
  bytes: number;
  firstTs: number | null;
  lastTs: number | null;
  receivedAt: number;
  userId: string | null;
  trigger: string | null;
  consent: ConsentRecord | null;
  /** Stripped URLs seen in this batch, each with the timestamp it was first seen at. */
  pages: Array<{ url: string; firstTs: number }>;
};

export type BatchRow = typeof batches.$inferSelect;

/** Whether a batch with this (sessionId, windowId, sequence) is already stored. */
export async function hasBatch(db: Database, ref: BatchRef): Promise<boolean> {
  const rows = await db.select({ id: batches.id }).from(batches).where(
    and(
      eq(batches.sessionId, ref.sessionId),
      eq(batches.windowId, ref.windowId),
      eq(batches.sequence, ref.sequence),
    ),
  ).limit(1);
  return rows.length > 0;
}

/** Records a stored batch; answers "duplicate" when the same (session, window, sequence) won a race first. */
export async function insertBatch(db: Database, b: NewBatch): Promise<"inserted" | "duplicate"> {
  const startedAt = b.firstTs ?? b.receivedAt;
  const lastEventAt = b.lastTs ?? startedAt;
  const statements: BatchItem<"sqlite">[] = [
    db.insert(batches).values({
      sessionId: b.sessionId,
      windowId: b.windowId,
      sequence: b.sequence,
      blobKey: b.blobKey,
      eventCount: b.eventCount,
      bytes: b.bytes,
      firstTs: b.firstTs,
      lastTs: b.lastTs,
      receivedAt: b.receivedAt,
    }),
    db.insert(windows).values({
      sessionId: b.sessionId,
      windowId: b.windowId,
      firstSeenAt: b.receivedAt,
      batchCount: 1,
    })
      .onConflictDoUpdate({
        target: [windows.sessionId, windows.windowId],
        set: { batchCount: sql`${windows.batchCount} + 1` },
      }),
    db.insert(sessions).values({
      id: b.sessionId,
      appId: b.appId,
      startedAt,
      lastEventAt,
      lastSeenAt: b.receivedAt,
      eventCount: b.eventCount,
      batchCount: 1,
      windowCount: 1,
      userId: b.userId,
      trigger: b.trigger,
      consent: b.consent ? JSON.stringify(b.consent) : null,
    }).onConflictDoUpdate({
      target: sessions.id,
      set: {
        startedAt: sql`min(${sessions.startedAt}, excluded.started_at)`,
        lastEventAt: sql`max(${sessions.lastEventAt}, excluded.last_event_at)`,
        lastSeenAt: sql`max(${sessions.lastSeenAt}, excluded.last_seen_at)`,
        eventCount: sql`${sessions.eventCount} + excluded.event_count`,
        batchCount: sql`${sessions.batchCount} + 1`,
        // The windows row above is already written, so this counts the batch's window too.
        windowCount: sql`(select count(*) from ${windows} where ${windows.sessionId} = excluded.id)`,
        // The latest identity and consent win; the first trigger is the one that started the recording.
        userId: sql`coalesce(excluded.user_id, ${sessions.userId})`,
        consent: sql`coalesce(excluded.consent, ${sessions.consent})`,
        trigger: sql`coalesce(${sessions.trigger}, excluded.trigger)`,
      },
    }),
    ...upsertPages(db, b.sessionId, b.pages),
  ];
  try {
    await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    return "inserted";
  } catch (error) {
    if (isBatchUniqueViolation(error)) return "duplicate";
    throw error;
  }
}

/**
 * Pages per upsert statement: 3 bound values each, far below SQLite's limit of 32,766 per statement. A batch
 * usually shows a few pages; one statement for all of them, rather than one each, saves a statement's
 * building and preparing per page on the event loop.
 */
export const PAGES_PER_STATEMENT = 1_000;

/** Upserts a batch's pages, keeping each page's earliest first-seen time. */
function upsertPages(db: Database, sessionId: string, pages: NewBatch["pages"]): BatchItem<"sqlite">[] {
  const statements: BatchItem<"sqlite">[] = [];
  for (let start = 0; start < pages.length; start += PAGES_PER_STATEMENT) {
    const rows = pages.slice(start, start + PAGES_PER_STATEMENT)
      .map((page) => ({ sessionId, url: page.url, firstTs: page.firstTs }));
    statements.push(
      db.insert(sessionPages).values(rows).onConflictDoUpdate({
        target: [sessionPages.sessionId, sessionPages.url],
        set: { firstTs: sql`min(${sessionPages.firstTs}, excluded.first_ts)` },
      }),
    );
  }
  return statements;
}

/** Every batch of a session, in (windowId, sequence) order. */
export async function listSessionBatches(db: Database, sessionId: string): Promise<BatchRow[]> {
  return await db.select().from(batches).where(eq(batches.sessionId, sessionId))
    .orderBy(asc(batches.windowId), asc(batches.sequence));
}

/** drizzle wraps driver errors, so the unique violation may sit a few `cause`s deep. */
function isBatchUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const message = String((e as { message?: unknown }).message ?? "");
    if (/UNIQUE constraint failed: batches\./.test(message)) return true;
  }
  return false;
}
