/**
 * The write path of `ingest.batch`, after the batch is read (`read-batch.ts`): skip a known duplicate → check
 * the session → write the gzip blob durably → record its metadata in one transaction → acknowledge. The
 * acknowledgement comes only after both writes, so an acknowledged batch survives a crash; a batch that fails
 * half-way is not acknowledged and the SDK retries it (the blob write is idempotent: same key, same content).
 */
import type { IngestAck } from "../../shared/batch.ts";
import type { CollectorDeps } from "../deps.ts";
import { settleDueAt } from "../settle/settle-due.ts";
import { batchBlobJson } from "../storage/batch-blob.ts";
import { findBatchClaim, insertBatch } from "../storage/batches.ts";
import { batchBlobKey } from "../storage/blobs/blob-store.ts";
import {
  checkEventTimes,
  checkSessionApp,
  checkSessionSize,
  sessionAppMismatch,
  withStorage,
} from "./batch-limits.ts";
import { pagesOf } from "./pages.ts";
import type { ReadBatch } from "./read-batch.ts";
import { encodeBlobJson, storeBlobThenRow } from "./store-batch.ts";

export async function acceptBatch(deps: CollectorDeps, read: ReadBatch): Promise<IngestAck> {
  const { config } = deps;
  const { batch, events } = read;
  const ref = { sessionId: batch.sessionId, windowId: batch.windowId, sequence: batch.sequence };
  const claim = await withStorage(() => findBatchClaim(deps.db, ref));
  checkSessionApp(claim.sessionAppId, batch);
  if (claim.stored) {
    deps.metrics.countBatch("duplicate", 0);
    return { accepted: true, duplicate: true };
  }
  checkSessionSize(config, claim.sessionRawBytes, read.rawBytes);

  const receivedAt = deps.now();
  checkEventTimes(events.lastTs, receivedAt);
  const blobKey = batchBlobKey(batch);
  const gzipped = blobBytes(deps, read);
  // The row's figures are worked out while the Worker compresses.
  const pages = pagesOf(events.pages, batch.meta.url, events.lastTs ?? receivedAt);
  const bytes = await gzipped;
  const outcome = await storeBlobThenRow(deps, { key: blobKey, bytes }, () =>
    insertBatch(deps.db, {
      ...ref,
      appId: batch.appId,
      blobKey,
      eventCount: events.count,
      bytes: bytes.length,
      rawBytes: read.rawBytes,
      firstTs: events.firstTs,
      lastTs: events.lastTs,
      receivedAt,
      userId: batch.meta.userId ?? null,
      trigger: batch.meta.trigger ?? null,
      consent: batch.meta.consent ?? null,
      release: batch.meta.release ?? null,
      settleDueAt: settleDueAt(config, receivedAt, batch.final === true),
      pages,
    }));
  if (outcome === "app_mismatch") {
    // Another app's batch claimed the session between the check above and this write: nothing was recorded,
    // and the blob just written (under this batch's own appId) goes too.
    await withStorage(() => deps.blobs.delete(blobKey));
    throw sessionAppMismatch(batch);
  }
  deps.metrics.countBatch(outcome === "duplicate" ? "duplicate" : "accepted", events.count);
  return { accepted: true, duplicate: outcome === "duplicate" };
}

/** The blob's gzip bytes: the request's own, or its JSON gzipped. */
function blobBytes(deps: CollectorDeps, { batch, blob }: ReadBatch): Promise<Uint8Array> {
  if (blob.kind === "sent") return Promise.resolve(blob.gzip);
  return encodeBlobJson(
    deps,
    blob.kind === "events_text" ? batchBlobJson(batch, blob.text) : JSON.stringify(batch),
  );
}
