/**
 * Builds the JSON body of `ingest.batch` (the `IngestBatch` input of `shared/batch.ts`) from events that
 * were serialized once, when they were batched, so no event is stringified twice.
 */
import type { BatchMeta } from "../../shared/batch.ts";
import { canGzip, gzipText } from "./gzip.ts";

/** A cut batch waiting to be sent: ids, sequence, and its events as JSON strings. */
export type PendingBatch = {
  sessionId: string;
  windowId: string;
  sequence: number;
  /** Each event already `JSON.stringify`-ed. */
  events: string[];
  /** Sum of the event strings' lengths, a cheap stand-in for the body size. */
  bytes: number;
  meta: BatchMeta;
  final?: boolean;
  /** Left by an earlier page in the outbox: `body` or `gzip` is sent as is; ids, events and meta are unused. */
  resumed?: boolean;
  /** The whole body as an earlier page built it. */
  body?: string;
  /** The gzipped body once built, with the drop count it reports; retries and the unload path reuse it. */
  gzip?: { bytes: Uint8Array; reported: number };
};

/** Returns the exact JSON text of the `ingest.batch` input; `key` is only for header-less beacons. */
export function buildBatchBody(
  batch: PendingBatch,
  opts: { appId: string; droppedBatches?: number; key?: string },
): string {
  if (batch.body !== undefined) return opts.key === undefined ? batch.body : withKey(batch.body, opts.key);
  const meta: BatchMeta = { ...batch.meta };
  if (opts.droppedBatches) meta.droppedBatches = opts.droppedBatches;
  const head = {
    appId: opts.appId,
    sessionId: batch.sessionId,
    windowId: batch.windowId,
    sequence: batch.sequence,
  };
  const tail: Record<string, unknown> = { meta };
  if (batch.final) tail.final = true;
  if (opts.key !== undefined) tail.key = opts.key;
  const headJson = JSON.stringify(head);
  const tailJson = JSON.stringify(tail);
  return `${headJson.slice(0, -1)},"events":[${batch.events.join(",")}],${tailJson.slice(1)}`;
}

/** Adds the public key to a JSON object body, for a beacon, which cannot carry headers. */
export function withKey(body: string, key: string): string {
  return `${body.slice(0, -1)},"key":${JSON.stringify(key)}}`;
}

/**
 * The body to POST: the gzip built earlier, or built now (gzipped where the browser can) and kept with the
 * batch for retries and for the unload path, which cannot gzip. `reported` is the drop count it carries.
 */
export async function batchPayload(
  batch: PendingBatch,
  appId: string,
  reported: number,
): Promise<Uint8Array | string> {
  if (batch.gzip) return batch.gzip.bytes;
  const text = buildBatchBody(batch, { appId, droppedBatches: reported });
  if (!canGzip()) return text;
  batch.gzip = { bytes: await gzipText(text), reported };
  return batch.gzip.bytes;
}

/**
 * How many dropped batches `batch`'s body reports: fixed once its gzip is built, none for a body an earlier
 * page built, else every drop not reported yet.
 */
export function reportedBy(batch: PendingBatch, unreported: number): number {
  return batch.gzip ? batch.gzip.reported : batch.resumed ? 0 : unreported;
}
