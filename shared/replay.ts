/**
 * Read-side shapes: replay summaries, list paging, the stitched event stream (SPEC §3, §5).
 */
import { z } from "zod";
import { IdSchema, RecordedEventSchema } from "./batch.ts";
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from "./limits.ts";

/** One session as `replays.list` and `rerun replays --json` show it. */
export const ReplaySummarySchema = z.object({
  sessionId: z.string(),
  appId: z.string(),
  /** ISO time of the first event. */
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  eventCount: z.number().int().nonnegative(),
  pageCount: z.number().int().nonnegative(),
  /** Stripped URLs in first-visit order. */
  pages: z.array(z.string()),
  windowCount: z.number().int().nonnegative(),
  batchCount: z.number().int().nonnegative(),
  /** ISO time the collector last stored a batch of this session. */
  lastSeenAt: z.string(),
  userId: z.string().nullable(),
  trigger: z.string().nullable(),
  consent: z.object({ source: z.string().optional(), version: z.string().optional(), at: z.number() })
    .nullable(),
});
export type ReplaySummary = z.infer<typeof ReplaySummarySchema>;

/** Input of `replays.list`: newest first, cursor paging. */
export const ReplayListInputSchema = z.object({
  limit: z.number().int().min(1).max(MAX_LIST_LIMIT).default(DEFAULT_LIST_LIMIT),
  cursor: z.string().max(200).optional(),
  appId: IdSchema.optional(),
  /** ISO time or epoch ms: only sessions that started at or after it. */
  since: z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]).optional(),
}).default({ limit: DEFAULT_LIST_LIMIT });
export type ReplayListInput = z.input<typeof ReplayListInputSchema>;

export const ReplayListSchema = z.object({
  replays: z.array(ReplaySummarySchema),
  /** Pass back as `cursor` for the next, older page; null at the end. */
  nextCursor: z.string().nullable(),
});
export type ReplayList = z.infer<typeof ReplayListSchema>;

/** Input of the read procedures that take one session. */
export const SessionRefSchema = z.object({ sessionId: IdSchema });
export type SessionRef = z.infer<typeof SessionRefSchema>;

/** Most narrative rows one call may ask for; bounds what an agent or a site build pulls at once. */
export const MAX_NARRATIVE_ROWS = 10_000;

/** Input of `replays.narrative`: one session, optionally fewer rows than the default. */
export const NarrativeInputSchema = SessionRefSchema.extend({
  maxRows: z.number().int().min(1).max(MAX_NARRATIVE_ROWS).optional(),
});
export type NarrativeInput = z.infer<typeof NarrativeInputSchema>;

/** A hole in one window's sequence: batches `from`..`to` never arrived. Reported, never hidden. */
export const SequenceGapSchema = z.object({
  windowId: z.string(),
  from: z.number().int().nonnegative(),
  to: z.number().int().nonnegative(),
});
export type SequenceGap = z.infer<typeof SequenceGapSchema>;

/** Output of `replays.events` and `admin.stitch`: one ordered timeline across windows. */
export const StitchedEventsSchema = z.object({
  sessionId: z.string(),
  events: z.array(RecordedEventSchema),
  windows: z.array(
    z.object({
      windowId: z.string(),
      batches: z.number().int(),
      firstSequence: z.number().int(),
      lastSequence: z.number().int(),
    }),
  ),
  gaps: z.array(SequenceGapSchema),
});
export type StitchedEvents = z.infer<typeof StitchedEventsSchema>;
