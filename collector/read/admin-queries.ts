/**
 * Operator functions behind `admin.*`: raw export and deletion. Plain functions so a CLI or MCP path can
 * call them without tRPC.
 */
import { promisify } from "node:util";
import { gunzip as gunzipCallback } from "node:zlib";
import type { ReplaySummary } from "../../shared/replay.ts";
import type { CollectorDeps } from "../deps.ts";
import type { StoredBatchBlob } from "../ingest/accept-batch.ts";
import { listSessionBatches } from "../storage/batches.ts";
import { deleteSessions, findSessionsOfUser } from "../storage/retention.ts";
import { getReplaySummary } from "./replay-queries.ts";

const gunzip = promisify(gunzipCallback);

export type DeleteTarget = { sessionId: string } | { userId: string };

/** Deletes one session, or every session of one user; answers how many sessions were deleted. */
export async function deleteReplays(deps: CollectorDeps, target: DeleteTarget): Promise<number> {
  const ids = "sessionId" in target ? [target.sessionId] : await findSessionsOfUser(deps.db, target.userId);
  return await deleteSessions(deps, ids);
}

export type ReplayExport = {
  summary: ReplaySummary;
  /** Every stored batch as stored (already redacted), in (windowId, sequence) order. */
  batches: Array<Omit<StoredBatchBlob, "appId" | "sessionId">>;
};

/** The session's stored batches, for export; null when there is no such session. */
export async function exportReplay(deps: CollectorDeps, sessionId: string): Promise<ReplayExport | null> {
  const summary = await getReplaySummary(deps, sessionId);
  if (!summary) return null;
  const rows = await listSessionBatches(deps.db, sessionId);
  const batches: ReplayExport["batches"] = [];
  for (const row of rows) {
    const bytes = await deps.blobs.get(row.blobKey);
    if (!bytes) continue;
    const { appId: _appId, sessionId: _sessionId, ...batch } = JSON.parse(
      (await gunzip(bytes)).toString("utf8"),
    ) as StoredBatchBlob;
    batches.push(batch);
  }
  return { summary, batches };
}
