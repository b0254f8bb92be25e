/**
 * Deleting sessions: by id (`admin.delete`), by user id, and by age (`LOCAL_RETENTION_DAYS`). Blobs go first,
 * then rows: if deletion stops half-way, the rows are still there to find the remaining blobs on the next
 * attempt, so no blob is ever orphaned with its content still on disk.
 */
import { eq, inArray, lt } from "drizzle-orm";
import type { BlobStore } from "./blobs/blob-store.ts";
import type { Database } from "./db.ts";
import { settleRollups } from "./friction-cells.ts";
import { sessionFrictionRemovals } from "./friction-write.ts";
import { batches, behavioralBatches, sessionPages, sessions, sessionUsers, windows } from "./schema.ts";

type StorageDeps = { db: Database; blobs: BlobStore };

/** Sessions removed per round, so a large sweep never holds one huge transaction. */
const DELETE_CHUNK = 100;
const DAY_MS = 24 * 60 * 60_000;
/** Once an hour is plenty for a limit counted in days. */
export const RETENTION_SWEEP_INTERVAL_MS = 60 * 60_000;

/** Deletes the sessions' blobs and rows; answers how many sessions existed and are now gone. */
export async function deleteSessions(deps: StorageDeps, ids: readonly string[]): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < ids.length; i += DELETE_CHUNK) {
    const chunk = ids.slice(i, i + DELETE_CHUNK);
    const blobRows = [
      ...await deps.db.select({ blobKey: batches.blobKey }).from(batches).where(
        inArray(batches.sessionId, chunk),
      ),
      ...await deps.db.select({ blobKey: behavioralBatches.blobKey }).from(behavioralBatches)
        .where(inArray(behavioralBatches.sessionId, chunk)),
    ];
    for (const row of blobRows) await deps.blobs.delete(row.blobKey);
    const [first, ...friction] = sessionFrictionRemovals(deps.db, chunk);
    const results = await deps.db.batch([
      // The session's friction leaves with it, in the same transaction (friction-write.ts).
      first!,
      ...friction,
      deps.db.delete(batches).where(inArray(batches.sessionId, chunk)),
      deps.db.delete(behavioralBatches).where(inArray(behavioralBatches.sessionId, chunk)),
      deps.db.delete(windows).where(inArray(windows.sessionId, chunk)),
      deps.db.delete(sessionPages).where(inArray(sessionPages.sessionId, chunk)),
      deps.db.delete(sessionUsers).where(inArray(sessionUsers.sessionId, chunk)),
      deps.db.delete(sessions).where(inArray(sessions.id, chunk)),
    ]);
    deleted += results[results.length - 1]?.rowsAffected ?? 0;
  }
  // Users counts and first/last seen of the issues those sessions left are rebuilt before answering.
  if (deleted > 0) await settleRollups(deps.db);
  return deleted;
}

/**
 * Ids of every session that ever carried `userId` (as the SDK's `identify` set it), also when a later batch
 * named another user: the latest id is on the session row, every id in `session_users`.
 */
export async function findSessionsOfUser(db: Database, userId: string): Promise<string[]> {
  const latest = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
  const ever = await db.select({ id: sessionUsers.sessionId }).from(sessionUsers)
    .where(eq(sessionUsers.userId, userId));
  return [...new Set([...latest, ...ever].map((r) => r.id))];
}

/** Deletes every session last seen more than `retentionDays` ago (server clock); 0 keeps everything. */
export async function sweepRetention(deps: StorageDeps, retentionDays: number, now: number): Promise<number> {
  if (retentionDays <= 0) return 0;
  const cutoff = now - retentionDays * DAY_MS;
  let total = 0;
  for (;;) {
    const rows = await deps.db.select({ id: sessions.id }).from(sessions)
      .where(lt(sessions.lastSeenAt, cutoff)).limit(DELETE_CHUNK);
    if (rows.length === 0) break;
    total += await deleteSessions(deps, rows.map((r) => r.id));
  }
  await sweepBehavioral(deps, cutoff);
  return total;
}

/** Behavioral batches can exist without a recorded session (a team may send only that stream). */
async function sweepBehavioral(deps: StorageDeps, cutoff: number): Promise<void> {
  for (;;) {
    const rows = await deps.db.select({ id: behavioralBatches.id, blobKey: behavioralBatches.blobKey })
      .from(behavioralBatches).where(lt(behavioralBatches.receivedAt, cutoff)).limit(DELETE_CHUNK);
    if (rows.length === 0) return;
    for (const row of rows) await deps.blobs.delete(row.blobKey);
    await deps.db.delete(behavioralBatches).where(inArray(behavioralBatches.id, rows.map((r) => r.id)));
  }
}

/** Runs {@link sweepRetention} now and then every hour; `stop()` ends it. Failures are logged, not thrown. */
export function startRetentionSweep(
  deps: StorageDeps & {
    now: () => number;
    onError: (error: unknown) => void;
    onSwept?: (count: number) => void;
    /** Erases freed pages after a sweep deleted something (embedded databases; see purgeFreedPages). */
    purgeFreedPages?: () => Promise<unknown>;
  },
  retentionDays: number,
): { stop: () => void } {
  if (retentionDays <= 0) return { stop: () => {} };
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const count = await sweepRetention(deps, retentionDays, deps.now());
      if (count > 0) {
        // Expired sessions must leave the disk too, not linger in free database pages.
        await deps.purgeFreedPages?.();
        deps.onSwept?.(count);
      }
    } catch (error) {
      deps.onError(error);
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(run, RETENTION_SWEEP_INTERVAL_MS);
  return { stop: () => clearInterval(timer) };
}
