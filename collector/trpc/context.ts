/**
 * Request context, split so procedures can be tested without HTTP: `createContextInner` takes plain values
 * (tests call it with a key), `createContext` reads them from a Request.
 */
import type { EventsSpan } from "../ingest/body-scan.ts";
import type { EventsRead } from "../ingest/prepare-events.ts";
import type { CollectorDeps } from "../deps.ts";
import { readRequestKey } from "./auth.ts";

/**
 * The decoded body of an unbatched `ingest.batch` request, whose input is that whole body, where the text of
 * its `events` array lies, and its own gzip bytes when they may be stored. Ingest may store that text, or
 * those bytes, instead of re-serializing the parsed events (`accept-batch.ts`).
 *
 * With `read`, the events were parsed and prepared where the body was gunzipped, and the procedure's input
 * holds an empty `events` array in their place: `read` stands for them.
 */
export type RawBatchBody = {
  bytes: Uint8Array;
  events: EventsSpan;
  gzip: Uint8Array | null;
  read?: Exclude<EventsRead, { kind: "unread" }>;
};

export type Context = { deps: CollectorDeps; key: string | null; rawBatch?: RawBatchBody };

export function createContextInner(
  deps: CollectorDeps,
  opts: { key?: string | null; rawBatch?: RawBatchBody } = {},
): Context {
  return { deps, key: opts.key ?? null, ...(opts.rawBatch ? { rawBatch: opts.rawBatch } : {}) };
}

export function createContext(req: Request, deps: CollectorDeps, rawBatch?: RawBatchBody): Context {
  return createContextInner(deps, { key: readRequestKey(req.headers), rawBatch });
}
