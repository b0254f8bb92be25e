/**
 * Request → read batch: the one stage where a tRPC request body is checked and an `ingest.batch` body becomes
 * the batch ingest stores (`ReadBatch`). In order:
 *
 * 1. the body under MAX_BODY_BYTES, gunzipped under the same cap (`request-body.ts`);
 * 2. one scan of its JSON: depth (MAX_JSON_DEPTH), where the events array lies, whether its strings are kept
 *    as they are (`body-scan.ts`);
 * 3. for a batch whose header carries a public key, its events parsed, checked, URLs stripped, redacted,
 *    capped and summed up (`prepare-events.ts`); steps 1–3 are one call on the batch reader's Worker;
 * 4. the rest of the body parsed and checked with `IngestBatchSchema`, its meta prepared, and the blob chosen:
 *    the request's own gzip bytes when nothing changed (`body-as-blob.ts`), else JSON around the events text.
 *
 * The HTTP edge answers the refusals of steps 1–2 itself (`TrpcBody`). What step 4 read travels in tRPC's
 * context and becomes the `ingest.batch` procedure's input (`edgeBatchInput`, `BatchInputSchema`), so an
 * invalid batch is refused by tRPC's input validation after the key check, as a body tRPC parsed itself would
 * be. A batch that comes as JSON — a direct call, `?batch=1`, a key in the body, a body the scan could not
 * vouch for — is read the same way in the procedure (`readParsedBatch`). Either way `acceptBatch` gets one
 * `ReadBatch`.
 */
import { type IngestBatch, type IngestBatchInput, IngestBatchSchema } from "../../shared/batch.ts";
import type { CollectorConfig } from "../../shared/config.ts";
import { CollectorError, type CollectorErrorCode } from "../errors.ts";
import { MAX_JSON_DEPTH } from "../../shared/limits.ts";
import type { StoredBatchFields } from "../storage/batch-blob.ts";
import type { BatchReader, SentBatchBody } from "./batch-reader.ts";
import { checkBatchLimits } from "./batch-limits.ts";
import { type BlobSource, chooseBlob } from "./body-as-blob.ts";
import { withEventsEmptied } from "./body-scan.ts";
import { type EventsRead, type PreparedEvents, prepareEvents, prepareMeta } from "./prepare-events.ts";
import { readRequestBody } from "./request-body.ts";
import { type StringRules, stringRulesOf } from "./stored-string.ts";

/** An `ingest.batch` as ingest stores it: checked, its events and meta prepared, its blob chosen. */
export type ReadBatch = {
  /**
   * The batch without its key, `meta` prepared. Its `events` are the prepared events when it was read as JSON;
   * a batch read at the edge has them only as `events` and `blob` say.
   */
  batch: StoredBatchFields;
  /** The events' figures for the batch row, and whether they are stored as they were sent. */
  events: PreparedEvents;
  blob: BlobSource;
  /** Uncompressed JSON bytes of the batch as sent, counted against MAX_SESSION_BYTES. */
  rawBytes: number;
};

/** What the edge made of a tRPC request's body. */
export type TrpcBody =
  | { kind: "refused"; error: CollectorError }
  | {
    kind: "ok";
    /** The decompressed body. */
    bytes: Uint8Array;
    /** What tRPC parses as JSON: the body, or nothing when its batch was read here. */
    json: Uint8Array | null;
    /** An unbatched `ingest.batch`'s read, for its procedure's context (`Context.edgeInput`). */
    edgeInput?: EdgeInput;
    /** The batch's `appId` as sent, when the edge parsed it, for counting a refusal. */
    appId?: unknown;
  };

/**
 * The raw input of `ingest.batch` for a body this stage read. Its key is a symbol, which no JSON a client
 * sends can hold.
 */
const EDGE_READ = Symbol("ingest.batch read at the HTTP edge");
type EdgeInput = { [EDGE_READ]: EdgeRead; json?: unknown };
type EdgeRead =
  | { kind: "read"; read: ReadBatch }
  /** Thrown by the procedure's input validation, as its own error for such a body would be. */
  | { kind: "invalid"; error: unknown }
  /** Not read here: tRPC parses the body, and the procedure reads it with where its events text lies. */
  | { kind: "sent"; sent: SentBatchBody };

/** What `ingest.batch`'s input validation gives: a batch read at the edge, or one parsed from JSON. */
export type BatchInput =
  | { kind: "read"; read: ReadBatch }
  | { kind: "parsed"; batch: IngestBatch; sent?: SentBatchBody };

const UTF8_DECODER = new TextDecoder();
const UTF8_ENCODER = new TextEncoder();

/**
 * Reads a tRPC POST body. `batch` is set for an unbatched `ingest.batch` call, whose input is the whole body;
 * `readEvents` when its header carries a public key, so that a request that will be refused is not parsed.
 */
export async function readTrpcBody(
  req: Request,
  opts: {
    config: Pick<CollectorConfig, "MAX_BODY_BYTES" | "SERVER_SIDE_REDACTION" | "MAX_STORED_STRING_BYTES">;
    reader?: BatchReader;
    batch?: { readEvents: boolean };
  },
): Promise<TrpcBody> {
  const rules = stringRulesOf(opts.config);
  const reading = opts.batch ? { rules, events: opts.batch.readEvents } : undefined;
  const body = await readRequestBody(req, opts.config.MAX_BODY_BYTES, opts.reader, reading);
  if (body.kind === "too_large") return refused("body_too_large", body.message);
  if (body.kind === "bad_encoding") return refused("bad_input", body.message);
  // sendBeacon can only send text/plain without a preflight; its body is the same JSON.
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  if (type !== "" && !type.startsWith("text/plain") && !type.startsWith("application/json")) {
    const message = `content-type ${
      type.split(";")[0]?.slice(0, 100)
    } is not supported; send application/json`;
    return refused("unsupported_media_type", message);
  }
  if (body.tooDeep) {
    const message =
      `body JSON nests deeper than ${MAX_JSON_DEPTH} levels (the depth limit); flatten the data`;
    return refused("bad_input", message);
  }
  const { bytes } = body;
  if (!opts.batch || !body.events) return { kind: "ok", bytes, json: bytes };
  const sent = { bytes, events: body.events, gzip: body.gzip };
  if (!body.read || body.read.kind === "unread") {
    return { kind: "ok", bytes, json: bytes, edgeInput: { [EDGE_READ]: { kind: "sent", sent } } };
  }
  const { read, appId } = readRest(sent, body.read, rules);
  return { kind: "ok", bytes, json: null, edgeInput: { [EDGE_READ]: read }, appId };
}

function refused(code: CollectorErrorCode, message: string): TrpcBody {
  return { kind: "refused", error: new CollectorError(code, message) };
}

/**
 * Step 4 for a batch whose events were read with the body: parses and checks the rest of it as tRPC would have
 * (the same text, so the same errors), then prepares its meta and chooses its blob.
 */
function readRest(
  sent: SentBatchBody,
  events: Exclude<EventsRead, { kind: "unread" }>,
  rules: StringRules,
): { read: EdgeRead; appId?: unknown } {
  let rest: unknown;
  try {
    rest = JSON.parse(UTF8_DECODER.decode(withEventsEmptied(sent.bytes, sent.events)));
  } catch (error) {
    return { read: { kind: "invalid", error } };
  }
  const appId = (rest as { appId?: unknown } | null)?.appId;
  const checked = IngestBatchSchema.safeParse(rest);
  if (!checked.success) return { read: { kind: "invalid", error: checked.error }, appId };
  if (events.kind === "invalid") {
    // Issues of events checked where they were read, so the answer names each field as a schema error's does.
    return {
      read: {
        kind: "invalid",
        error: new CollectorError("bad_input", "invalid input", { issues: events.issues }),
      },
      appId,
    };
  }
  const { key: _key, ...batch } = checked.data;
  prepareMeta(batch.meta, rules);
  const blob = chooseBlob(batch, events.prepared, sent, events.text);
  return {
    read: { kind: "read", read: { batch, events: events.prepared, blob, rawBytes: sent.bytes.length } },
    appId,
  };
}

/**
 * `ingest.batch`'s raw input: what the edge read, when it read the body (`Context.edgeInput`), else what tRPC
 * parsed. Given to the procedure as a middleware's `getRawInput`.
 */
export function edgeBatchInput(
  edgeInput: unknown,
  getRawInput: () => Promise<unknown>,
): () => Promise<unknown> {
  if (!isEdgeInput(edgeInput)) return getRawInput;
  const read = edgeInput[EDGE_READ];
  if (read.kind !== "sent") return () => Promise.resolve(edgeInput);
  return async () => ({ [EDGE_READ]: read, json: await getRawInput() });
}

function isEdgeInput(value: unknown): value is EdgeInput {
  return typeof value === "object" && value !== null && EDGE_READ in value;
}

/**
 * `ingest.batch`'s input validation: JSON through `IngestBatchSchema` (the clients' input type), or what the
 * edge read, with its error when it found the batch invalid.
 */
export const BatchInputSchema = {
  _input: undefined as unknown as IngestBatchInput,
  _output: undefined as unknown as BatchInput,
  parse(raw: unknown): BatchInput {
    if (!isEdgeInput(raw)) return { kind: "parsed", batch: IngestBatchSchema.parse(raw) };
    const read = raw[EDGE_READ];
    switch (read.kind) {
      case "read":
        return { kind: "read", read: read.read };
      case "invalid":
        throw read.error;
      case "sent":
        return { kind: "parsed", batch: IngestBatchSchema.parse(raw.json), sent: read.sent };
      default: {
        const unreachable: never = read;
        return unreachable;
      }
    }
  },
};

/** The `ReadBatch` of a procedure's input, after the limits that need no storage (`checkBatchLimits`). */
export function toReadBatch(
  input: BatchInput,
  config: Parameters<typeof readParsedBatch>[1],
): ReadBatch {
  if (input.kind === "parsed") return readParsedBatch(input.batch, config, input.sent);
  checkBatchLimits(config, input.read.events.count, input.read.batch.sequence);
  return input.read;
}

/**
 * Reads a batch that arrived as JSON: checks its limits, then strips, redacts and caps its events and meta in
 * place (the parsed input belongs to this request). `sent` is its body, when it came over HTTP whole.
 */
export function readParsedBatch(
  input: IngestBatch,
  config: Pick<
    CollectorConfig,
    "MAX_EVENTS_PER_BATCH" | "MAX_REPLAY_SEQUENCE" | "SERVER_SIDE_REDACTION" | "MAX_STORED_STRING_BYTES"
  >,
  sent?: SentBatchBody,
): ReadBatch {
  checkBatchLimits(config, input.events.length, input.sequence);
  // The decompressed body as it came over HTTP; a direct call (tests, in-process) measures its input.
  const rawBytes = sent ? sent.bytes.length : UTF8_ENCODER.encode(JSON.stringify(input)).length;
  const rules = stringRulesOf(config);
  const { key: _key, ...batch } = input;
  const events = prepareEvents(batch.events, sent?.events, rules);
  prepareMeta(batch.meta, rules);
  return { batch, events, blob: chooseBlob(batch, events, sent, null), rawBytes };
}
