/** `admin.*`: operator procedures (admin key only). Each is schema in, one call, return. */
import { z } from "zod";
import { RecordedEventSchema } from "../../shared/batch.ts";
import { ReplaySummarySchema, SessionRefSchema, StitchedEventsSchema } from "../../shared/replay.ts";
import { REFUSAL_REASONS } from "../ops/refusals.ts";
import { getStorageTotals } from "../storage/sessions.ts";
import { CollectorError } from "../trpc/errors.ts";
import { adminProcedure, router } from "../trpc/init.ts";
import { deleteReplays, exportReplay } from "./admin-queries.ts";
import { getReplayEvents } from "./replay-queries.ts";

const RefusalsSchema = z.object({
  refusals: z.array(z.object({
    reason: z.enum(REFUSAL_REASONS),
    origin: z.string().nullable(),
    appId: z.string().nullable(),
    count: z.number().int(),
    firstAt: z.string(),
    lastAt: z.string(),
  })),
});

const StatsSchema = z.object({
  sessions: z.number().int(),
  batches: z.number().int(),
  events: z.number().int(),
  storedBytes: z.number().int(),
});

const DeleteInputSchema = z.union([
  SessionRefSchema.strict(),
  z.object({ userId: z.string().min(1).max(200) }).strict(),
]);

const ExportSchema = z.object({
  summary: ReplaySummarySchema,
  batches: z.array(z.looseObject({
    windowId: z.string(),
    sequence: z.number().int(),
    receivedAt: z.number(),
    events: z.array(RecordedEventSchema),
  })),
});

function notFound(sessionId: string): never {
  throw new CollectorError("not_found", `no session ${sessionId}: check the id with replays.list`);
}

export const adminRouter = router({
  /** Deletes one session (`{sessionId}`) or every session of a user (`{userId}`), rows and blobs. */
  delete: adminProcedure
    .input(DeleteInputSchema)
    .output(z.object({ deleted: z.number().int() }))
    .mutation(async ({ ctx, input }) => ({ deleted: await deleteReplays(ctx.deps, input) })),

  /** The session's stored (redacted) batches as they are kept, for export. */
  export: adminProcedure
    .input(SessionRefSchema)
    .output(ExportSchema)
    .query(async ({ ctx, input }) =>
      (await exportReplay(ctx.deps, input.sessionId)) ?? notFound(input.sessionId)
    ),

  /** Refused ingest requests of the last 24 h, content-free. */
  refusals: adminProcedure
    .output(RefusalsSchema)
    .query(({ ctx }) => ({ refusals: ctx.deps.refusals.list(ctx.deps.now()) })),

  stats: adminProcedure
    .output(StatsSchema)
    .query(({ ctx }) => getStorageTotals(ctx.deps.db)),

  /** The stitched timeline with its gaps, for operators checking a session's completeness. */
  stitch: adminProcedure
    .input(SessionRefSchema)
    .output(StitchedEventsSchema)
    .query(async ({ ctx, input }) => {
      const stitched = await getReplayEvents(ctx.deps, input.sessionId);
      if (!stitched) {
        throw new CollectorError(
          "not_found",
          `no session ${input.sessionId}: check the id with replays.list`,
        );
      }
      return stitched;
    }),
});
