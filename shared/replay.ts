/**
 * Read-side shapes: replay summaries, list paging, the stitched event stream (SPEC §3, §5).
 */
import { z } from "zod";
import { AppIdSchema, IdSchema, RecordedEventSchema } from "./batch.ts";
import { RELEASE_PATTERN } from "./ids.ts";
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
  /** The app's release the session was recorded with (SDK option `release`), or null. */
  release: z.string().nullable(),
});
export type ReplaySummary = z.infer<typeof ReplaySummarySchema>;

/** Input of `replays.list`: newest first, cursor paging. */
export const ReplayListInputSchema = z.object({
  limit: z.number().int().min(1).max(MAX_LIST_LIMIT).default(DEFAULT_LIST_LIMIT),
  cursor: z.string().max(200).optional(),
  appId: AppIdSchema.optional(),
  /** ISO time or epoch ms: only sessions that started at or after it. */
  since: z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]).optional(),
  /** Only sessions recorded with this release (SDK option `release`). */
  release: z.string().regex(RELEASE_PATTERN, "must be a release as the SDK sends it (1-64 characters)")
    .optional(),
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

/**
 * Input of `replays.events` and `admin.stitch`: one session, and where to continue. Without `cursor` the
 * answer starts at the session's first batch.
 */
export const ReplayEventsInputSchema = SessionRefSchema.extend({
  /** The `nextCursor` of the previous page, unchanged. */
  cursor: z.string().max(200).optional(),
});
export type ReplayEventsInput = z.infer<typeof ReplayEventsInputSchema>;

/**
 * Output of `replays.events` and `admin.stitch`: one ordered timeline across windows, a page at a time. A
 * page holds whole batches, about 8 MB of events at most, so no session is too large to read; `windows` and
 * `gaps` describe the whole session on every page. Concatenated, the pages are the session's timeline.
 */
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
  /** Pass back as `cursor` for the next page of events; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type StitchedEvents = z.infer<typeof StitchedEventsSchema>;
