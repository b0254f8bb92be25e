/**
 * The ingest wire contract: what the SDK sends to `ingest.batch` and `ingest.behavioral` (SPEC §2, §3).
 * The collector validates every request against these schemas; the SDK imports only the inferred types.
 */
import { z } from "zod";
import { APP_ID_PATTERN, ID_PATTERN, RELEASE_PATTERN } from "./ids.ts";
import { MAX_URL_CHARS } from "./limits.ts";

export const IdSchema = z.string().regex(ID_PATTERN, "must match ^[A-Za-z0-9_-]{8,64}$");
export const AppIdSchema = z.string().regex(APP_ID_PATTERN, "must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

/**
 * One rrweb event (or an SDK custom event, rrweb type 5). Other fields rrweb adds are kept. Written out
 * rather than inferred because the SDK's published types (`beforeRecordEvent`) name it, and a consumer of
 * the SDK must not need zod to type-check.
 */
export type RecordedEvent = { type: number; data: unknown; timestamp: number; [field: string]: unknown };
export const RecordedEventSchema = z.looseObject({
  type: z.number().int().min(0).max(6),
  data: z.unknown(),
  timestamp: z.number().finite().nonnegative(),
}) satisfies z.ZodType<RecordedEvent>;

/** RecordedEventSchema's rules as a plain predicate, for the valid events that are nearly all of a batch. */
function isRecordedEvent(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { type, data, timestamp } = value as { type?: unknown; data?: unknown; timestamp?: unknown };
  return typeof type === "number" && Number.isInteger(type) && type >= 0 && type <= 6 &&
    data !== undefined &&
    typeof timestamp === "number" && Number.isFinite(timestamp) && timestamp >= 0;
}

const StrictRecordedEventListSchema = z.array(RecordedEventSchema);

/**
 * A batch's `events`: the rules of `z.array(RecordedEventSchema)`, but a valid list is passed through as it is
 * instead of zod copying every event object (a batch holds thousands, and the copies were most of the cost of
 * validating it). A list that fails is parsed by the strict schema, so a 400 names the same field with the
 * same message.
 */
export const RecordedEventListSchema = z.custom<RecordedEvent[]>().check((ctx) => {
  if (Array.isArray(ctx.value) && ctx.value.every(isRecordedEvent)) return;
  const result = StrictRecordedEventListSchema.safeParse(ctx.value);
  if (!result.success) {
    ctx.issues.push(...result.error.issues.map((issue) => ({ ...issue, input: undefined })));
  }
});

/** The consent record `optIn(meta)` produces; it travels with the session. */
export const ConsentRecordSchema = z.object({
  source: z.string().max(200).optional(),
  version: z.string().max(200).optional(),
  at: z.number().finite().nonnegative(),
});
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;

const ScalarSchema = z.union([z.string().max(2_000), z.number().finite(), z.boolean(), z.null()]);

/** Per-batch metadata: who and where, never event content. */
export const BatchMetaSchema = z.object({
  sdkVersion: z.string().max(50).optional(),
  /** Stripped URL of the page when the batch was cut. */
  url: z.string().max(MAX_URL_CHARS).optional(),
  userAgent: z.string().max(1_000).optional(),
  viewport: z.object({ width: z.number().int().nonnegative(), height: z.number().int().nonnegative() })
    .optional(),
  consent: ConsentRecordSchema.optional(),
  userId: z.string().max(200).optional(),
  traits: z.record(z.string().max(100), ScalarSchema).optional(),
  tags: z.record(z.string().max(100), ScalarSchema).optional(),
  /** Batches the SDK dropped (queue full) since the previous batch it delivered. */
  droppedBatches: z.number().int().nonnegative().optional(),
  /** Why a buffered session started sending: an error, a trigger URL/event, or `replay.trigger(reason)`. */
  trigger: z.string().max(200).optional(),
  /** The app's release (SDK option `release`), kept with the session for friction issues (SPEC §8). */
  release: z.string().regex(RELEASE_PATTERN, "must be 1-64 characters: letters, digits and . _ + @ / : -")
    .optional(),
}).default({});
export type BatchMeta = z.infer<typeof BatchMetaSchema>;

/** Input of `ingest.batch`. */
export const IngestBatchSchema = z.object({
  appId: AppIdSchema,
  sessionId: IdSchema,
  windowId: IdSchema,
  sequence: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  events: RecordedEventListSchema,
  meta: BatchMetaSchema,
  final: z.boolean().optional(),
  /** The public key, only for `sendBeacon` bodies, which cannot carry headers. */
  key: z.string().max(200).optional(),
});
export type IngestBatch = z.infer<typeof IngestBatchSchema>;
export type IngestBatchInput = z.input<typeof IngestBatchSchema>;

/** Answer of `ingest.batch`: acknowledged only after the batch is durably stored. */
export const IngestAckSchema = z.object({ accepted: z.boolean(), duplicate: z.boolean() });
export type IngestAck = z.infer<typeof IngestAckSchema>;

/** One value-free interaction of the behavioral stream: never a key value, text or URL query. */
export const BehavioralEventSchema = z.object({
  t: z.number().finite().nonnegative(),
  kind: z.enum(["pointer", "scroll", "focus", "blur", "key", "visibility"]),
  x: z.number().finite().optional(),
  y: z.number().finite().optional(),
  /** Key category only: "char", "enter", "backspace", "tab", "arrow", "modifier", "other". */
  key: z.enum(["char", "enter", "backspace", "tab", "arrow", "modifier", "other"]).optional(),
  target: z.string().max(300).optional(),
});
export type BehavioralEvent = z.infer<typeof BehavioralEventSchema>;

/** Input of `ingest.behavioral`. */
export const BehavioralBatchSchema = z.object({
  appId: AppIdSchema,
  sessionId: IdSchema,
  windowId: IdSchema,
  sequence: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  events: z.array(BehavioralEventSchema),
  key: z.string().max(200).optional(),
});
export type BehavioralBatch = z.infer<typeof BehavioralBatchSchema>;
