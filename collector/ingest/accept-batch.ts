/**
 * The write path of `ingest.batch`: check limits → skip a known duplicate → redact and cap → write the gzip
 * blob durably → record its metadata in one transaction → acknowledge. The acknowledgement comes only after
 * both writes, so an acknowledged batch survives a crash; a batch that fails half-way is not acknowledged
 * and the SDK retries it (the blob write is idempotent: same key, same content).
 */
import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";
import type { IngestAck, IngestBatch } from "../../shared/batch.ts";
import { redactDeep } from "../../shared/redact.ts";
import { stripUrl } from "../../shared/url.ts";
import type { CollectorDeps } from "../deps.ts";
import { batchBlobKey } from "../storage/blobs/blob-store.ts";
import { hasBatch, insertBatch } from "../storage/batches.ts";
import { checkBatchLimits, withStorage } from "./batch-limits.ts";
import { capStrings } from "./cap-strings.ts";
import { extractPages } from "./pages.ts";
import { stripEventUrls } from "./strip-event-urls.ts";

const gzip = promisify(gzipCallback);

/** What a blob holds: the batch as received, minus the key, after redaction. */
export type StoredBatchBlob = Omit<IngestBatch, "key"> & { receivedAt: number };

export async function acceptBatch(deps: CollectorDeps, input: IngestBatch): Promise<IngestAck> {
  const { config } = deps;
  checkBatchLimits(config, input);
  const ref = { sessionId: input.sessionId, windowId: input.windowId, sequence: input.sequence };
  if (await withStorage(() => hasBatch(deps.db, ref))) {
    deps.metrics.countBatch("duplicate", 0);
    return { accepted: true, duplicate: true };
  }

  const receivedAt = deps.now();
  const blob = prepareBlob(deps, input, receivedAt);
  const blobKey = batchBlobKey(input);
  const bytes = new Uint8Array(await gzip(JSON.stringify(blob)));
  await withStorage(() => deps.blobs.put(blobKey, bytes));

  const { firstTs, lastTs } = timeRange(blob.events);
  const outcome = await withStorage(() =>
    insertBatch(deps.db, {
      ...ref,
      appId: input.appId,
      blobKey,
      eventCount: blob.events.length,
      bytes: bytes.length,
      firstTs,
      lastTs,
      receivedAt,
      userId: blob.meta.userId ?? null,
      trigger: blob.meta.trigger ?? null,
      consent: blob.meta.consent ?? null,
      pages: extractPages(blob.events, blob.meta.url, lastTs ?? receivedAt),
    })
  );
  deps.metrics.countBatch(outcome === "duplicate" ? "duplicate" : "accepted", blob.events.length);
  return { accepted: true, duplicate: outcome === "duplicate" };
}

function timeRange(events: Array<{ timestamp: number }>): { firstTs: number | null; lastTs: number | null } {
  let firstTs: number | null = null;
  let lastTs: number | null = null;
  for (const event of events) {
    const ts = Math.round(event.timestamp);
    if (firstTs === null || ts < firstTs) firstTs = ts;
    if (lastTs === null || ts > lastTs) lastTs = ts;
  }
  return { firstTs, lastTs };
}

/**
 * Drops the key; when SERVER_SIDE_REDACTION, strips known page URLs and redacts PII; then caps every string.
 */
function prepareBlob(deps: CollectorDeps, input: IngestBatch, receivedAt: number): StoredBatchBlob {
  const { key: _key, ...batch } = input;
  const redacted = deps.config.SERVER_SIDE_REDACTION
    ? {
      ...batch,
      events: redactDeep(batch.events.map(stripEventUrls)),
      meta: redactDeep({
        ...batch.meta,
        url: batch.meta.url === undefined ? undefined : stripUrl(batch.meta.url),
      }),
    }
    : batch;
  return { ...capStrings(redacted, deps.config.MAX_STORED_STRING_BYTES), receivedAt };
}
