/**
 * Batch metadata queries. Recording a batch is one atomic libSQL batch (a transaction on one connection):
 * the batch row, its window, the session's running totals and its pages. The batch row's unique index on
 * (sessionId, windowId, sequence) decides duplicates, also when two copies race: the loser's whole write
 * rolls back and it is reported as a duplicate.
 */
import type { InArgs, InStatement } from "@libsql/client/web";
import { asc, eq, fillPlaceholders, inArray, sql } from "drizzle-orm";
import type { ConsentRecord } from "../../shared/batch.ts";
import type { Database } from "./db.ts";
import { causeMatches, isUniqueViolation } from "./driver-errors.ts";
import { batches, behavioralBatches, sessionPages, sessions, sessionUsers, windows } from "./schema.ts";

export type BatchRef = { sessionId: string; windowId: string; sequence: number };

export type NewBatch = BatchRef & {
  appId: string;
  blobKey: string;
  eventCount: number;
  bytes: number;
  /** Uncompressed JSON bytes of the batch, counted against MAX_SESSION_BYTES. */
  rawBytes: number;
  firstTs: number | null;
  lastTs: number | null;
  receivedAt: number;
  userId: string | null;
  trigger: string | null;
  consent: ConsentRecord | null;
  /** The app's release the batch was recorded with (SDK option `release`). */
  release?: string | null;
  /** When the session settles if no batch follows this one (SPEC §8). */
  settleDueAt?: number;
  /** Stripped URLs seen in this batch, each with the timestamp it was first seen at. */
  pages: Array<{ url: string; firstTs: number }>;
};

export type BatchRow = typeof batches.$inferSelect;

/**
 * What the database already holds for a batch about to be stored, in one round trip: the app its session
 * belongs to and the bytes the session stored (null and 0 for a new session), and whether this very
 * (sessionId, windowId, sequence) is stored already.
 */
export type BatchClaim = { sessionAppId: string | null; sessionRawBytes: number; stored: boolean };

export async function findBatchClaim(db: Database, ref: BatchRef): Promise<BatchClaim> {
  const row = await db.get<{ app_id: string | null; raw_bytes: number | null; stored: number }>(sql`
    select (select ${sessions.appId} from ${sessions} where ${sessions.id} = ${ref.sessionId}) as app_id,
      (select ${sessions.rawBytes} from ${sessions} where ${sessions.id} = ${ref.sessionId}) as raw_bytes,
      exists(select 1 from ${batches} where ${batches.sessionId} = ${ref.sessionId}
        and ${batches.windowId} = ${ref.windowId} and ${batches.sequence} = ${ref.sequence}) as stored`);
  return {
    sessionAppId: row?.app_id ?? null,
    sessionRawBytes: Number(row?.raw_bytes ?? 0),
    stored: Number(row?.stored ?? 0) === 1,
  };
}

/**
 * Records a stored batch; answers "duplicate" when the same (session, window, sequence) won a race first, and
 * "app_mismatch" when its session belongs to another app (then nothing was recorded).
 */
export async function insertBatch(
  db: Database,
  b: NewBatch,
): Promise<"inserted" | "duplicate" | "app_mismatch"> {
  const { pages: _pages, consent, ...row } = b;
  const startedAt = b.firstTs ?? b.receivedAt;
  const values: RecordValues = {
    ...row,
    // Without a settle time the session is due as soon as it is stored (callers other than ingest).
    release: b.release ?? null,
    settleDueAt: b.settleDueAt ?? b.receivedAt,
    startedAt,
    lastEventAt: b.lastTs ?? startedAt,
    consent: consent ? JSON.stringify(consent) : null,
  };
  const statements = recordTemplates(db).map((t) => bind(t, values));
  if (b.userId !== null) statements.push(bind(sessionUserTemplate(db), values));
  for (let start = 0; start < b.pages.length; start += PAGES_PER_STATEMENT) {
    const pages = b.pages.slice(start, start + PAGES_PER_STATEMENT);
    const pageValues: Record<string, unknown> = { sessionId: b.sessionId };
    pages.forEach((page, i) => {
      pageValues[`url${i}`] = page.url;
      pageValues[`firstTs${i}`] = page.firstTs;
    });
    statements.push(bind(pagesTemplate(db, pages.length), pageValues));
  }
  try {
    // One transaction, as drizzle's `db.batch` runs it.
    await db.$client.batch(statements);
    return "inserted";
  } catch (error) {
    if (isUniqueViolation(error, "batches")) return "duplicate";
    if (causeMatches(error, /session_app_mismatch/)) return "app_mismatch";
    throw error;
  }
}

/** What `insertBatch` binds, by placeholder name. */
type RecordValues = Omit<NewBatch, "pages" | "consent" | "release" | "settleDueAt"> & {
  release: string | null;
  settleDueAt: number;
  startedAt: number;
  lastEventAt: number;
  consent: string | null;
};

/**
 * A statement that drizzle wrote once, with placeholders, and that is bound to each batch's values (`bind`).
 * Building the statements with drizzle for every batch allocated about a third of what the event loop
 * allocated per batch, and took about an eighth of its CPU per batch.
 */
type Template = { sql: string; params: unknown[] };

function bind(template: Template, values: Record<string, unknown>): InStatement {
  return { sql: template.sql, args: fillPlaceholders(template.params, values) as InArgs };
}

const value = (name: keyof RecordValues) => sql.placeholder(name);

/** The batch row, its window and the session's running totals; the SQL depends only on the dialect. */
let recorded: Template[] | undefined;

function recordTemplates(db: Database): Template[] {
  recorded ??= [
    db.insert(batches).values({
      sessionId: value("sessionId"),
      windowId: value("windowId"),
      sequence: value("sequence"),
      blobKey: value("blobKey"),
      eventCount: value("eventCount"),
      bytes: value("bytes"),
      firstTs: value("firstTs"),
      lastTs: value("lastTs"),
      receivedAt: value("receivedAt"),
    }),
    db.insert(windows).values({
      sessionId: value("sessionId"),
      windowId: value("windowId"),
      firstSeenAt: value("receivedAt"),
      batchCount: 1,
    })
      .onConflictDoUpdate({
        target: [windows.sessionId, windows.windowId],
        set: { batchCount: sql`${windows.batchCount} + 1` },
      }),
    db.insert(sessions).values({
      id: value("sessionId"),
      appId: value("appId"),
      startedAt: value("startedAt"),
      lastEventAt: value("lastEventAt"),
      lastSeenAt: value("receivedAt"),
      eventCount: value("eventCount"),
      batchCount: 1,
      windowCount: 1,
      rawBytes: value("rawBytes"),
      userId: value("userId"),
      trigger: value("trigger"),
      consent: value("consent"),
      release: value("release"),
      settleDueAt: value("settleDueAt"),
    }).onConflictDoUpdate({
      target: sessions.id,
      set: {
        // Written so that the trigger of migration 0004 refuses a batch of another app's session.
        appId: sql`excluded.app_id`,
        startedAt: sql`min(${sessions.startedAt}, excluded.started_at)`,
        lastEventAt: sql`max(${sessions.lastEventAt}, excluded.last_event_at)`,
        lastSeenAt: sql`max(${sessions.lastSeenAt}, excluded.last_seen_at)`,
        eventCount: sql`${sessions.eventCount} + excluded.event_count`,
        rawBytes: sql`${sessions.rawBytes} + excluded.raw_bytes`,
        batchCount: sql`${sessions.batchCount} + 1`,
        // The windows row above is already written, so this counts the batch's window too.
        windowCount: sql`(select count(*) from ${windows} where ${windows.sessionId} = excluded.id)`,
        // The latest identity and consent win; the first trigger is the one that started the recording.
        userId: sql`coalesce(excluded.user_id, ${sessions.userId})`,
        consent: sql`coalesce(excluded.consent, ${sessions.consent})`,
        trigger: sql`coalesce(${sessions.trigger}, excluded.trigger)`,
        release: sql`coalesce(excluded.release, ${sessions.release})`,
        // The latest batch decides when the session settles (a final batch settles it sooner).
        settleDueAt:
          sql`case when excluded.last_seen_at >= ${sessions.lastSeenAt} then excluded.settle_due_at else ${sessions.settleDueAt} end`,
      },
    }),
  ].map((query) => query.toSQL());
  return recorded;
}

let sessionUserRecorded: Template | undefined;

/** Keeps every user id a session carried (`session_users`), for deletion by user. */
function sessionUserTemplate(db: Database): Template {
  sessionUserRecorded ??= db.insert(sessionUsers).values({
    sessionId: value("sessionId"),
    userId: value("userId"),
  }).onConflictDoNothing().toSQL();
  return sessionUserRecorded;
}

/**
 * Pages per upsert statement: 3 bound values each, far below SQLite's limit of 32,766 per statement. A batch
 * usually shows a few pages; one statement for all of them, rather than one each, saves a statement's
 * building and preparing per page on the event loop.
 */
export const PAGES_PER_STATEMENT = 1_000;

/** Upserts of up to this many pages are kept once written; a larger one is written for its batch. */
const KEPT_PAGE_TEMPLATES = 32;
const pageTemplates = new Map<number, Template>();

/** The upsert of `count` pages (`url<i>`, `firstTs<i>`), keeping each page's earliest first-seen time. */
function pagesTemplate(db: Database, count: number): Template {
  const kept = pageTemplates.get(count);
  if (kept) return kept;
  const rows = Array.from({ length: count }, (_, i) => ({
    sessionId: sql.placeholder("sessionId"),
    url: sql.placeholder(`url${i}`),
    firstTs: sql.placeholder(`firstTs${i}`),
  }));
  const template = db.insert(sessionPages).values(rows).onConflictDoUpdate({
    target: [sessionPages.sessionId, sessionPages.url],
    set: { firstTs: sql`min(${sessionPages.firstTs}, excluded.first_ts)` },
  }).toSQL();
  if (count <= KEPT_PAGE_TEMPLATES) pageTemplates.set(count, template);
  return template;
}

/** Every batch of a session, in (windowId, sequence) order. */
export async function listSessionBatches(db: Database, sessionId: string): Promise<BatchRow[]> {
  return await db.select().from(batches).where(eq(batches.sessionId, sessionId))
    .orderBy(asc(batches.windowId), asc(batches.sequence));
}

/**
 * Which of `keys` (blob keys of recording or behavioral batches) a batch row names; the rest are orphans. Looked
 * up by session, which leads both tables' unique index.
 */
export async function findStoredBlobKeys(db: Database, keys: readonly string[]): Promise<Set<string>> {
  const sessionIds = [...new Set(keys.map((key) => key.split("/")[1] ?? ""))];
  const stored = new Set<string>();
  if (sessionIds.length === 0) return stored;
  for (const table of [batches, behavioralBatches]) {
    const rows = await db.select({ blobKey: table.blobKey }).from(table).where(
      inArray(table.sessionId, sessionIds),
    );
    for (const row of rows) stored.add(row.blobKey);
  }
  return stored;
}
