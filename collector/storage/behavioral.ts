/**
 * Behavioral batch metadata: one row per batch, with the same (sessionId, windowId, sequence) idempotency key
 * as recording batches, in a table of its own so the two streams never collide.
 */
import { and, eq } from "drizzle-orm";
import type { BatchRef } from "./batches.ts";
import type { Database } from "./db.ts";
import { isUniqueViolation } from "./driver-errors.ts";
import { behavioralBatches } from "./schema.ts";

export type NewBehavioralBatch = typeof behavioralBatches.$inferInsert;

export async function hasBehavioralBatch(db: Database, ref: BatchRef): Promise<boolean> {
  const rows = await db.select({ id: behavioralBatches.id }).from(behavioralBatches).where(
    and(
      eq(behavioralBatches.sessionId, ref.sessionId),
      eq(behavioralBatches.windowId, ref.windowId),
      eq(behavioralBatches.sequence, ref.sequence),
    ),
  ).limit(1);
  return rows.length > 0;
}

/** Records a stored behavioral batch; "duplicate" when the same one won a race first. */
export async function insertBehavioralBatch(
  db: Database,
  row: NewBehavioralBatch,
): Promise<"inserted" | "duplicate"> {
  try {
    await db.insert(behavioralBatches).values(row);
    return "inserted";
  } catch (error) {
    if (isUniqueViolation(error, "behavioral_batches")) return "duplicate";
    throw error;
  }
}
