/**
 * Operator shapes of `admin.*` (SPEC §3): refused-request counts, storage totals, deletion and raw export.
 */
import { z } from "zod";
import { IdSchema } from "./batch.ts";
import { SessionRefSchema } from "./replay.ts";

/** Why an ingest request was refused; the closed set `admin.refusals` and `/metrics` report. */
export const REFUSAL_REASONS = [
  "cors_origin",
  "no_key",
  "unknown_key",
  "wrong_key_kind",
  "key_in_query",
  "body_too_large",
  "too_many_events",
  "sequence_over_limit",
  "bad_batch",
  "rate_limited",
  "storage_unavailable",
  "timestamp_out_of_range",
  "session_app_mismatch",
  "session_too_large",
] as const;
export const RefusalReasonSchema = z.enum(REFUSAL_REASONS);
export type RefusalReason = z.infer<typeof RefusalReasonSchema>;

/** One content-free row: a reason, the Origin (scheme://host:port only) and a well-formed appId, counted. */
export const RefusalSchema = z.object({
  reason: RefusalReasonSchema,
  origin: z.string().nullable(),
  appId: z.string().nullable(),
  count: z.number().int(),
  /** ISO times of the first and last refusal counted in this row. */
  firstAt: z.string(),
  lastAt: z.string(),
});
export type Refusal = z.infer<typeof RefusalSchema>;

/** Output of `admin.refusals`: the last 24 h, most recent first. */
export const RefusalsSchema = z.object({ refusals: z.array(RefusalSchema) });
export type Refusals = z.infer<typeof RefusalsSchema>;

/** Output of `admin.stats`. */
export const StatsSchema = z.object({
  sessions: z.number().int(),
  batches: z.number().int(),
  events: z.number().int(),
  storedBytes: z.number().int(),
});
export type Stats = z.infer<typeof StatsSchema>;

/** Input of `admin.delete`: one session, or every session of one user. */
export const DeleteInputSchema = z.union([
  SessionRefSchema.strict(),
  z.object({ userId: z.string().min(1).max(200) }).strict(),
]);
export type DeleteInput = z.infer<typeof DeleteInputSchema>;

export const DeleteResultSchema = z.object({ deleted: z.number().int() });
export type DeleteResult = z.infer<typeof DeleteResultSchema>;

/**
 * Output of `admin.export`: the session's raw stored (already redacted) batches as NDJSON, one line per batch
 * `{windowId, sequence, receivedAt, events, …}` in (windowId, sequence) order, a page at a time like
 * `replays.events` (input `{sessionId, cursor?}`): about 8 MB of lines, whole batches, so no stored session is
 * too large to export.
 */
export const ExportSchema = z.object({
  sessionId: IdSchema,
  ndjson: z.string(),
  batches: z.number().int().nonnegative(),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type Export = z.infer<typeof ExportSchema>;
