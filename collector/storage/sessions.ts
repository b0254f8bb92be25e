/**
 * Session queries for the read path: newest first by `startedAt`, with a keyset cursor on (startedAt, id)
 * so paging stays stable while new sessions arrive.
 */
import { and, asc, count, desc, eq, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "./db.ts";
import { batches, sessionPages, sessions } from "./schema.ts";

export type SessionRow = typeof sessions.$inferSelect;
export type SessionPosition = { startedAt: number; id: string };

export type SessionQuery = {
  limit: number;
  appId?: string | undefined;
  release?: string | undefined;
  sinceMs?: number | undefined;
  after?: SessionPosition | undefined;
};

/** Up to `limit` sessions older than `after`, newest first. */
export async function listSessions(db: Database, q: SessionQuery): Promise<SessionRow[]> {
  const where: SQL[] = [];
  if (q.appId !== undefined) where.push(eq(sessions.appId, q.appId));
  if (q.release !== undefined) where.push(eq(sessions.release, q.release));
  if (q.sinceMs !== undefined) where.push(gte(sessions.startedAt, q.sinceMs));
  if (q.after) {
    const older = or(
      lt(sessions.startedAt, q.after.startedAt),
      and(eq(sessions.startedAt, q.after.startedAt), lt(sessions.id, q.after.id)),
    );
    if (older) where.push(older);
  }
  return await db.select().from(sessions).where(and(...where))
    .orderBy(desc(sessions.startedAt), desc(sessions.id)).limit(q.limit);
}

export async function getSession(db: Database, id: string): Promise<SessionRow | null> {
  const rows = await db.select().from(sessions).where(eq(sessions.id, id)).limit(1);
  return rows[0] ?? null;
}

/** Pages of each session, in first-visit order. */
export async function getSessionPages(db: Database, ids: string[]): Promise<Map<string, string[]>> {
  const pages = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return pages;
  const rows = await db.select().from(sessionPages).where(inArray(sessionPages.sessionId, ids))
    .orderBy(asc(sessionPages.firstTs), asc(sessionPages.url));
  for (const row of rows) pages.get(row.sessionId)?.push(row.url);
  return pages;
}

export type StorageTotals = { sessions: number; batches: number; events: number; storedBytes: number };

/** Totals for `admin.stats` and `/metrics`: two aggregate queries, no per-row reads. */
export async function getStorageTotals(db: Database): Promise<StorageTotals> {
  const [s] = await db.select({ sessions: count() }).from(sessions);
  const [b] = await db.select({
    batches: count(),
    events: sql<number | null>`sum(${batches.eventCount})`,
    storedBytes: sql<number | null>`sum(${batches.bytes})`,
  }).from(batches);
  return {
    sessions: s?.sessions ?? 0,
    batches: b?.batches ?? 0,
    events: Number(b?.events ?? 0),
    storedBytes: Number(b?.storedBytes ?? 0),
  };
}

/**
 * Makes deleted rows unrecoverable from the database files (an erasure request means every byte): VACUUM
 * rewrites the file without the freed pages, and a truncating checkpoint empties the WAL, which still holds
 * the old page images. Only for an embedded `file:` database; a remote libSQL server manages its own files.
 * Answers false when a reader kept the checkpoint from finishing (the next call finishes it).
 */
export async function purgeFreedPages(db: Database): Promise<boolean> {
  await db.run(sql`VACUUM`);
  const rows = await db.all<{ busy: number }>(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
  return Number(rows[0]?.busy ?? 0) === 0;
}
