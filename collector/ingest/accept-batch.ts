/**
 * The write path of `ingest.batch`: check limits → skip a known duplicate → redact and cap → write the gzip
 * blob durably → record its metadata in one transaction → acknowledge. The acknowledgement comes only after
 * both writes, so an acknowledged batch survives a crash; a batch that fails half-way is not acknowledged
 * and the SDK retries it (the blob write is idempotent: same key, same content).
 *
 * When redaction, URL stripping and caps change nothing, the blob is the request's own gzip bytes, so the
 * batch is not gzipped again (`body-as-blob.ts` says when that is safe). Otherwise it is the gzip of
 * `JSON.stringify(blob)`, except that when nothing in the events changed and the request body's events text
 * is known to parse to the same value (`body-scan.ts`), that text goes into the blob as it came:
 * re-serializing thousands of events was the largest cost after parsing them. Readers parse the blob either
 * way and get the same batch.
 */
import type { IngestAck, IngestBatch, RecordedEvent } from "../../shared/batch.ts";
import { replaceStringsInPlace } from "../../shared/redact.ts";
import { stripUrl } from "../../shared/url.ts";
import type { CollectorDeps } from "../deps.ts";
import type { RawBatchBody } from "../trpc/context.ts";
import { MAX_JSON_DEPTH } from "../trpc/json-depth.ts";
import { batchBlobKey } from "../storage/blobs/blob-store.ts";
import { hasBatch, insertBatch } from "../storage/batches.ts";
import { checkBatchLimits, withStorage } from "./batch-limits.ts";
import { type BlobJson, inThreadCompression } from "./compression.ts";
import { bodyAsBlob } from "./body-as-blob.ts";
import { extractPages } from "./pages.ts";
import { storedString, stringRulesOf } from "./stored-string.ts";
import { stripEventUrls } from "./strip-event-urls.ts";

/**
 * How deep redaction and caps reach: as deep as the HTTP edge lets a body nest, so no string of an accepted
 * batch escapes them. A full snapshot nests two levels per DOM level, so a fixed 64 left text more than ~30
 * elements deep unredacted.
 */
const MAX_DEPTH = MAX_JSON_DEPTH + 1;

/**
 * What a blob holds: the batch as received, minus the key, after redaction. When it was received is the
 * batch row's `receivedAt`.
 */
export type StoredBatchBlob = Omit<IngestBatch, "key">;

export async function acceptBatch(
  deps: CollectorDeps,
  input: IngestBatch,
  raw?: RawBatchBody,
): Promise<IngestAck> {
  const { config } = deps;
  checkBatchLimits(config, input);
  const ref = { sessionId: input.sessionId, windowId: input.windowId, sequence: input.sequence };
  if (await withStorage(() => hasBatch(deps.db, ref))) {
    deps.metrics.countBatch("duplicate", 0);
    return { accepted: true, duplicate: true };
  }

  const receivedAt = deps.now();
  const { blob, eventsAsSent } = prepareBlob(deps, input, raw);
  const blobKey = batchBlobKey(input);
  const sent = eventsAsSent ? raw : undefined;
  const gzipped = (sent && bodyAsBlob(sent, blob)) ?? gzipBlob(deps, blob, sent);
  // The row's figures are worked out while the Worker compresses.
  const { firstTs, lastTs } = timeRange(blob.events);
  const pages = extractPages(blob.events, blob.meta.url, lastTs ?? receivedAt);
  const bytes = await gzipped;
  await withStorage(() => deps.blobs.put(blobKey, bytes));

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
      pages,
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
 * MAX_STORED_STRING_BYTES (`storedString`). One walk over the events and the meta, in place: the parsed
 * request body belongs to this request and nothing reads it afterwards, so copying it (three times, as
 * separate passes did) only fed the garbage collector.
 *
 * Says whether the request's events text holds exactly the stored events, so it may be stored as it came:
 * the same number of events, nothing changed, and no key written twice (JSON.parse kept one of its values;
 * the text keeps both). When the body scan already found every string of that text stored as it is
 * (`stringsKept`, checked where the body was gunzipped), the walk over the events is skipped: for a batch
 * the SDK has already masked and redacted it found nothing, and it was the largest cost after parsing.
 */
function prepareBlob(
  deps: CollectorDeps,
  input: IngestBatch,
  raw: RawBatchBody | undefined,
): { blob: StoredBatchBlob; eventsAsSent: boolean } {
  const { key: _key, ...batch } = input;
  const rules = stringRulesOf(deps.config);
  let changedStrings = 0;
  const fix = (text: string) => {
    const out = storedString(text, rules);
    if (out !== text) changedStrings++;
    return out;
  };
  const { events, meta } = batch;
  let strippedEvents = 0;
  if (rules.redact) {
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as RecordedEvent;
      const stripped = stripEventUrls(event);
      if (stripped !== event) {
        events[i] = stripped;
        strippedEvents++;
      }
    }
    if (meta.url !== undefined) meta.url = stripUrl(meta.url);
  }
  const sameEvents = raw !== undefined && raw.events.count === events.length && strippedEvents === 0;
  let eventsAsSent = sameEvents && raw.events.stringsKept;
  if (!eventsAsSent) {
    const eventKeys = replaceStringsInPlace(events, MAX_DEPTH, fix);
    eventsAsSent = sameEvents && changedStrings === 0 && raw.events.keys === eventKeys;
  }
  replaceStringsInPlace(meta, MAX_DEPTH, fix);
  return { blob: batch, eventsAsSent };
}

/**
 * Gzips the blob's JSON (on the compression Worker when there is one), with the events text of `sent`, the
 * request whose events text holds exactly the stored events, when there is one.
 */
function gzipBlob(
  deps: CollectorDeps,
  blob: StoredBatchBlob,
  sent: RawBatchBody | undefined,
): Promise<Uint8Array> {
  const json: BlobJson = sent ? blobJsonAround(blob, sent) : JSON.stringify(blob);
  return (deps.compression ?? inThreadCompression).gzipBlob(json);
}

/**
 * The blob's JSON with the events text taken from the request body: what `JSON.stringify(blob)` writes, in
 * the same key order (the schema's), but for the events array.
 */
function blobJsonAround(blob: StoredBatchBlob, raw: RawBatchBody): BlobJson {
  const { appId, sessionId, windowId, sequence, events: _events, ...rest } = blob;
  const head = JSON.stringify({ appId, sessionId, windowId, sequence });
  return {
    head: `${head.slice(0, -1)},"events":`,
    events: raw.bytes.subarray(raw.events.start, raw.events.end),
    tail: `,${JSON.stringify(rest).slice(1)}`,
  };
}
