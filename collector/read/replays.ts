/** `replays.*`: the read procedures (read or admin key). Each is schema in, one call, return. */
import {
  ReplayEventsInputSchema,
  ReplayListInputSchema,
  ReplayListSchema,
  ReplaySummarySchema,
  SessionRefSchema,
  StitchedEventsSchema,
} from "../../shared/replay.ts";
import { FrictionReportSchema, NarrativeSchema } from "../../shared/report.ts";
import { CollectorError } from "../errors.ts";
import { readProcedure, router } from "../trpc/init.ts";
import { getReplayNarrative, getReplayReport } from "./analysis-queries.ts";
import { getReplayEvents, getReplaySummary, listReplays } from "./replay-queries.ts";

function notFound(sessionId: string): never {
  throw new CollectorError("not_found", `no session ${sessionId}: check the id with replays.list`);
}

export const replaysRouter = router({
  list: readProcedure
    .input(ReplayListInputSchema)
    .output(ReplayListSchema)
    .query(({ ctx, input }) => listReplays(ctx.deps, input)),

  summary: readProcedure
    .input(SessionRefSchema)
    .output(ReplaySummarySchema)
    .query(async ({ ctx, input }) =>
      (await getReplaySummary(ctx.deps, input.sessionId)) ?? notFound(input.sessionId)
    ),

  /** A page of the stitched timeline; follow `nextCursor` for the rest. */
  events: readProcedure
    .input(ReplayEventsInputSchema)
    .output(StitchedEventsSchema)
    .query(async ({ ctx, input }) =>
      (await getReplayEvents(ctx.deps, input.sessionId, { cursor: input.cursor })) ??
        notFound(input.sessionId)
    ),

  analyze: readProcedure
    .input(SessionRefSchema)
    .output(FrictionReportSchema)
    .query(async ({ ctx, input }) =>
      (await getReplayReport(ctx.deps, input.sessionId)) ?? notFound(input.sessionId)
    ),

  narrative: readProcedure
    .input(SessionRefSchema)
    .output(NarrativeSchema)
    .query(async ({ ctx, input }) =>
      (await getReplayNarrative(ctx.deps, input.sessionId)) ?? notFound(input.sessionId)
    ),
});
