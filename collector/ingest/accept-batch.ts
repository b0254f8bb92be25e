/**
 * The write path of `ingest.batch`: check limits → skip a known duplicate → redact and cap → write the gzip
 * blob durably → record its metadata in one transaction → acknowledge. The acknowledgement comes only after
 * both writes, so an acknowledged batch survives a crash; a batch that fails half-way is not acknowledged
 * and the SDK retries it (the blob write is idempotent: same key, same content).
 *
 * A batch that came over HTTP usually has its events read already, where its body was gunzipped
 * (`RawBatchBody.read`): parsed, checked, redacted and summed up on the batch reader's Worker, so the event loop
 * parses only the rest of the body. A batch that did not (a direct call, `?batch=1`, a body the scan could
 * not vouch for) is prepared here the same way (`prepare-events.ts`).
 *
 * When redaction, URL stripping and caps change nothing, the blob is the request's own gzip bytes, so the
 * batch is not gzipped again (`body-as-blob.ts` says when that is safe). Otherwise it is the gzip of
 * `JSON.stringify(blob)`, except that the events text in it is, when nothing in the events changed and the
 * request body's events text is known to parse to the same value (`body-scan.ts`), that text as it came, or
 * the changed events' JSON written where they were read: re-serializing thousands of events was the largest
 * cost after parsing them. Readers parse the blob either way and get the same batch.
 */
import type { IngestAck, IngestBatch } from "../../shared/batch.ts";
import { replaceStringsInPlace } from "../../shared/redact.ts";
import { stripUrl } from "../../shared/url.ts";
import type { CollectorDeps } from "../deps.ts";
import { CollectorError } from "../errors.ts";
import type { RawBatchBody } from "../trpc/context.ts";
import { batchBlobJson, type BlobJson, type StoredBatchBlob } from "../storage/batch-blob.ts";
import { batchBlobKey } from "../storage/blobs/blob-store.ts";
import { findBatchClaim, insertBatch } from "../storage/batches.ts";
import {
  checkBatchLimits,
  checkEventTimes,
  checkSessionApp,
  checkSessionSize,
  sessionAppMismatch,
  withStorage,
} from "./batch-limits.ts";
import { settleDueAt } from "../settle/settle-due.ts";
import { inThreadReader } from "./batch-reader.ts";
import { bodyAsBlob } from "./body-as-blob.ts";
import { pagesOf } from "./pages.ts";
import { type EventIssue, MAX_REDACT_DEPTH, type PreparedEvents, prepareEvents } from "./prepare-events.ts";
import { storedString, type StringRules, stringRulesOf } from "./stored-string.ts";

const UTF8_ENCODER = new TextEncoder();

export async function acceptBatch(
  deps: CollectorDeps,
  input: IngestBatch,
  raw?: RawBatchBody,
): Promise<IngestAck> {
  const { config } = deps;
  // Events read where the body was gunzipped stand for the input's (empty) `events` (`RawBatchBody`).
  const read = raw?.read;
  if (read?.kind === "invalid") throw invalidEvents(read.issues);
  checkBatchLimits(config, read ? read.prepared.count : input.events.length, input.sequence);
  const ref = { sessionId: input.sessionId, windowId: input.windowId, sequence: input.sequence };
  const claim = await withStorage(() => findBatchClaim(deps.db, ref));
  checkSessionApp(claim.sessionAppId, input);
  if (claim.stored) {
    deps.metrics.countBatch("duplicate", 0);
    return { accepted: true, duplicate: true };
  }
  // The decompressed body as it came over HTTP; a direct call (tests, in-process) measures its input.
  const rawBytes = raw ? raw.bytes.length : UTF8_ENCODER.encode(JSON.stringify(input)).length;
  checkSessionSize(config, claim.sessionRawBytes, rawBytes);

  const receivedAt = deps.now();
  const rules = stringRulesOf(deps.config);
  const { key: _key, ...blob } = input;
  const events = read ? read.prepared : prepareEvents(blob.events, raw?.events, rules);
  checkEventTimes(events.lastTs, receivedAt);
  prepareMeta(blob.meta, rules);
  const blobKey = batchBlobKey(input);
  const gzipped = (events.asSent && raw ? bodyAsBlob(raw, blob) : null) ??
    gzipBlob(deps, blobJson(blob, events, raw));
  // The row's figures are worked out while the Worker compresses.
  const pages = pagesOf(events.pages, blob.meta.url, events.lastTs ?? receivedAt);
  const bytes = await gzipped;
  await withStorage(() => deps.blobs.put(blobKey, bytes));

  const outcome = await withStorage(() =>
    insertBatch(deps.db, {
      ...ref,
      appId: input.appId,
      blobKey,
      eventCount: events.count,
      bytes: bytes.length,
      rawBytes,
      firstTs: events.firstTs,
      lastTs: events.lastTs,
      receivedAt,
      userId: blob.meta.userId ?? null,
      trigger: blob.meta.trigger ?? null,
      consent: blob.meta.consent ?? null,
      release: blob.meta.release ?? null,
      settleDueAt: settleDueAt(config, receivedAt, input.final === true),
      pages,
    })
  );
  if (outcome === "app_mismatch") {
    // Another app's batch claimed the session between the check above and this write: nothing was recorded,
    // and the blob just written (under this batch's own appId) goes too.
    await withStorage(() => deps.blobs.delete(blobKey));
    throw sessionAppMismatch(input);
  }
  deps.metrics.countBatch(outcome === "duplicate" ? "duplicate" : "accepted", events.count);
  return { accepted: true, duplicate: outcome === "duplicate" };
}

/**
 * The 400 that tRPC's input validation gives, for events that were validated where they were read: the
 * issues travel with it, so the answer names each field as a schema error's does.
 */
function invalidEvents(issues: EventIssue[]): CollectorError {
  return new CollectorError("bad_input", "invalid input", { issues });
}

/** When SERVER_SIDE_REDACTION, strips the page URL; redacts and caps every string (`storedString`). */
function prepareMeta(meta: StoredBatchBlob["meta"], rules: StringRules): void {
  if (rules.redact && meta.url !== undefined) meta.url = stripUrl(meta.url);
  replaceStringsInPlace(meta, MAX_REDACT_DEPTH, (text) => storedString(text, rules));
}

/**
 * The blob's JSON: around the stored events' text when there is one — the request's own when it holds exactly
 * the stored events, or the one written where the events were read when they changed — else the whole blob
 * serialized here.
 */
function blobJson(blob: StoredBatchBlob, events: PreparedEvents, raw: RawBatchBody | undefined): BlobJson {
  const read = raw?.read?.kind === "ok" ? raw.read : undefined;
  if (raw && (events.asSent || read)) {
    return batchBlobJson(blob, read?.text ?? raw.bytes.subarray(raw.events.start, raw.events.end));
  }
  return JSON.stringify(blob);
}

/** Gzips the blob's JSON, on the batch reader's Worker when there is one. */
function gzipBlob(deps: CollectorDeps, json: BlobJson): Promise<Uint8Array> {
  return (deps.batchReader ?? inThreadReader).encodeBlob(json);
}
