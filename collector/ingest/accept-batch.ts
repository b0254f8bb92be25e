/**
 * The write path of `ingest.batch`: check limits → skip a known duplicate → redact and cap → write the gzip
 * blob durably → record its metadata in one transaction → acknowledge. The acknowledgement comes only after
 * both writes, so an acknowledged batch survives a crash; a batch that fails half-way is not acknowledged
 * and the SDK retries it (the blob write is idempotent: same key, same content).
 */
import type { IngestAck, IngestBatch, RecordedEvent } from "../../shared/batch.ts";
import { DEFAULT_REDACTION_RULES, redactInPlace, type RedactionRule } from "../../shared/redact.ts";
import { stripUrl } from "../../shared/url.ts";
import type { CollectorDeps } from "../deps.ts";
import { MAX_JSON_DEPTH } from "../trpc/json-depth.ts";
import { batchBlobKey } from "../storage/blobs/blob-store.ts";
import { hasBatch, insertBatch } from "../storage/batches.ts";
import { checkBatchLimits, withStorage } from "./batch-limits.ts";
import { capString } from "./cap-strings.ts";
import { inThreadCompression } from "./compression.ts";
import { extractPages } from "./pages.ts";
import { stripEventUrls } from "./strip-event-urls.ts";

/**
 * How deep redaction and caps reach: as deep as the HTTP edge lets a body nest, so no string of an accepted
 * batch escapes them. A full snapshot nests two levels per DOM level, so a fixed 64 left text more than ~30
 * elements deep unredacted.
 */
const MAX_DEPTH = MAX_JSON_DEPTH + 1;
const NO_RULES: readonly RedactionRule[] = [];

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
  const bytes = await (deps.compression ?? inThreadCompression).gzipBlob(JSON.stringify(blob));
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
 * Drops the key; when SERVER_SIDE_REDACTION, strips known page URLs and redacts PII; caps every string at
 * MAX_STORED_STRING_BYTES. One walk over the events and the meta, in place: the parsed request body belongs
 * to this request and nothing reads it afterwards, so copying it (three times, as separate passes did) only
 * fed the garbage collector.
 */
function prepareBlob(deps: CollectorDeps, input: IngestBatch, receivedAt: number): StoredBatchBlob {
  const { key: _key, ...batch } = input;
  const { SERVER_SIDE_REDACTION: redact, MAX_STORED_STRING_BYTES: maxBytes } = deps.config;
  const rules = redact ? DEFAULT_REDACTION_RULES : NO_RULES;
  const cap = (text: string) => capString(text, maxBytes);
  const { events, meta } = batch;
  if (redact) {
    for (let i = 0; i < events.length; i++) events[i] = stripEventUrls(events[i] as RecordedEvent);
    if (meta.url !== undefined) meta.url = stripUrl(meta.url);
  }
  redactInPlace(events, rules, MAX_DEPTH, cap);
  redactInPlace(meta, rules, MAX_DEPTH, cap);
  return { ...batch, receivedAt };
}
