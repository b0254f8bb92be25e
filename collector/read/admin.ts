/** `admin.*`: operator procedures (admin key only). Each is schema in, one call, return. */
import {
  DeleteInputSchema,
  DeleteResultSchema,
  ExportSchema,
  RefusalsSchema,
  StatsSchema,
} from "../../shared/admin.ts";
import { ReplayEventsInputSchema, StitchedEventsSchema } from "../../shared/replay.ts";
import { getStorageTotals } from "../storage/sessions.ts";
import { CollectorError } from "../errors.ts";
import { adminProcedure, router } from "../trpc/init.ts";
import { deleteReplays, exportReplay, listRecentRefusals } from "./admin-queries.ts";
import { getReplayEvents } from "./replay-queries.ts";

function notFound(sessionId: string): never {
  throw new CollectorError("not_found", `no session ${sessionId}: check the id with replays.list`);
}

export const adminRouter = router({
  /** Deletes one session (`{sessionId}`) or every session of a user (`{userId}`), rows and blobs. */
  delete: adminProcedure
    .input(DeleteInputSchema)
    .output(DeleteResultSchema)
    .mutation(async ({ ctx, input }) => ({ deleted: await deleteReplays(ctx.deps, input) })),

  /** The session's raw stored (redacted) batches as NDJSON, one line per batch. */
  export: adminProcedure
    .input(ReplayEventsInputSchema)
    .output(ExportSchema)
    .query(async ({ ctx, input }) =>
      (await exportReplay(ctx.deps, input.sessionId, { cursor: input.cursor })) ?? notFound(input.sessionId)
    ),

  /** Refused ingest requests of the last 24 h, content-free (table and memory merged). */
  refusals: adminProcedure
    .output(RefusalsSchema)
    .query(async ({ ctx }) => ({ refusals: await listRecentRefusals(ctx.deps) })),

  stats: adminProcedure
    .output(StatsSchema)
    .query(({ ctx }) => getStorageTotals(ctx.deps.db)),

  /** The stitched timeline with its gaps, for operators checking a session's completeness. */
  stitch: adminProcedure
    .input(ReplayEventsInputSchema)
    .output(StitchedEventsSchema)
    .query(async ({ ctx, input }) => {
      const stitched = await getReplayEvents(ctx.deps, input.sessionId, { cursor: input.cursor });
      if (!stitched) {
        throw new CollectorError(
          "not_found",
          `no session ${input.sessionId}: check the id with replays.list`,
        );
      }
      return stitched;
    }),
});
