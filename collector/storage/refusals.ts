/**
 * The `refusals` table: upserts of in-memory refusal counts (one statement batch per flush) and the reads
 * behind `admin.refusals`. Absent origins and appIds are stored as '' so the primary key can match them.
 */
import { gte, lt, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { RefusalReason } from "../../shared/admin.ts";
import type { RefusalDelta } from "../ops/refusals.ts";
import type { Database } from "./db.ts";
import { refusals } from "./schema.ts";

/**
 * Adds `deltas` to their rows and deletes rows last counted before `pruneBefore`, in one atomic batch.
 * Does nothing (no write at all) when `deltas` is empty.
 */
export async function upsertRefusals(
  db: Database,
  deltas: RefusalDelta[],
  pruneBefore: number,
): Promise<void> {
  if (deltas.length === 0) return;
  const statements: BatchItem<"sqlite">[] = deltas.map((d) =>
    db.insert(refusals).values({
      reason: d.reason,
      origin: d.origin ?? "",
      appId: d.appId ?? "",
      hour: d.hour,
      count: d.count,
      firstAt: d.firstAt,
      lastAt: d.lastAt,
    }).onConflictDoUpdate({
      target: [refusals.reason, refusals.origin, refusals.appId, refusals.hour],
      set: {
        count: sql`${refusals.count} + excluded.count`,
        firstAt: sql`min(${refusals.firstAt}, excluded.first_at)`,
        lastAt: sql`max(${refusals.lastAt}, excluded.last_at)`,
      },
    })
  );
  statements.push(db.delete(refusals).where(lt(refusals.lastAt, pruneBefore)));
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
}

/** Rows last counted at or after `since` (epoch ms). */
export async function listRefusalRows(db: Database, since: number): Promise<Omit<RefusalDelta, "hour">[]> {
  const rows = await db.select().from(refusals).where(gte(refusals.lastAt, since));
  return rows.map((r) => ({
    reason: r.reason as RefusalReason,
    origin: r.origin === "" ? null : r.origin,
    appId: r.appId === "" ? null : r.appId,
    count: r.count,
    firstAt: r.firstAt,
    lastAt: r.lastAt,
  }));
}
