/**
 * Operator functions behind `admin.*`: raw export, deletion and the refusal counts. Plain functions so a CLI
 * or MCP path can call them without tRPC.
 */
import type { DeleteInput, Export, Refusal } from "../../shared/admin.ts";
import type { CollectorDeps } from "../deps.ts";
import { mergeRefusals, REFUSAL_WINDOW_MS } from "../ops/refusals.ts";
import { decodeBatchBlob } from "../storage/batch-blob.ts";
import { batchCursor, EVENTS_PAGE_BYTES, startAfter } from "./replay-queries.ts";
import { listSessionBatches } from "../storage/batches.ts";
import { listRefusalRows } from "../storage/refusals.ts";
import { deleteSessions, findSessionsOfUser } from "../storage/retention.ts";
import { getSession, purgeFreedPages } from "../storage/sessions.ts";
import { CollectorError } from "../errors.ts";

/**
 * Deletes one session, or every session of one user, rows and blobs; answers how many sessions were deleted.
 * On an embedded database the freed pages are purged too, so no byte of the deleted sessions stays on disk.
 */
export async function deleteReplays(deps: CollectorDeps, target: DeleteInput): Promise<number> {
  const ids = "sessionId" in target ? [target.sessionId] : await findSessionsOfUser(deps.db, target.userId);
  const deleted = await deleteSessions(deps, ids);
  if (deps.config.DATABASE_URL.startsWith("file:")) {
    let purged = false;
    try {
      purged = await purgeFreedPages(deps.db);
    } catch (error) {
      deps.log.error("purging deleted pages failed", {
        error: error instanceof Error ? error.name : "unknown",
      });
    }
    if (!purged) {
      throw new CollectorError(
        "storage_unavailable",
        `deleted ${deleted} session(s), but the database could not yet be compacted to erase them from disk; repeat the same admin.delete`,
      );
    }
  }
  return deleted;
}

/**
 * One page of the session's stored (already redacted) batches as NDJSON, one line per batch in (windowId,
 * sequence) order, each `{windowId, sequence, receivedAt, events, meta, …}` as kept, from `cursor` (a previous
 * page's `nextCursor`) or the start; null when there is no such session. A page ends with the line that
 * reaches `pageBytes`, as `replays.events` does: one NDJSON string of a whole 1.1 GB session passes V8's
 * string limit.
 */
export async function exportReplay(
  deps: CollectorDeps,
  sessionId: string,
  opts: { cursor?: string; pageBytes?: number } = {},
): Promise<Export | null> {
  if (!(await getSession(deps.db, sessionId))) return null;
  const rows = await listSessionBatches(deps.db, sessionId);
  const pageBytes = opts.pageBytes ?? EVENTS_PAGE_BYTES;
  let next = opts.cursor === undefined ? 0 : startAfter(rows, opts.cursor);
  const lines: string[] = [];
  let chars = 0;
  while (next < rows.length && chars < pageBytes) {
    const row = rows[next++]!;
    const bytes = await deps.blobs.get(row.blobKey);
    if (!bytes) continue;
    const { appId: _appId, sessionId: _sessionId, ...batch } = decodeBatchBlob(bytes);
    // When a batch arrived is kept on its row, not in its blob.
    const line = JSON.stringify({ ...batch, receivedAt: row.receivedAt });
    lines.push(line);
    chars += line.length + 1;
  }
  const last = rows[next - 1];
  return {
    sessionId,
    ndjson: lines.length > 0 ? lines.join("\n") + "\n" : "",
    batches: lines.length,
    nextCursor: next < rows.length && last ? batchCursor(last) : null,
  };
}

/** Refusals of the last 24 h: the flushed table rows merged with the counts still in memory. */
export async function listRecentRefusals(deps: CollectorDeps): Promise<Refusal[]> {
  const now = deps.now();
  const stored = await listRefusalRows(deps.db, now - REFUSAL_WINDOW_MS);
  const inMemory = deps.refusals.list(now).map((r) => ({
    ...r,
    firstAt: Date.parse(r.firstAt),
    lastAt: Date.parse(r.lastAt),
  }));
  return mergeRefusals([...stored, ...inMemory], now);
}
