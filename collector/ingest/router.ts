/** `ingest.*`: the SDK's procedures (public key). */
import { z } from "zod";
import {
  AppIdSchema,
  BehavioralBatchSchema,
  IngestAckSchema,
  IngestBatchSchema,
} from "../../shared/batch.ts";
import { ingestProcedure, router } from "../trpc/init.ts";
import { acceptBatch } from "./accept-batch.ts";
import { acceptBehavioralBatch } from "./accept-behavioral.ts";

export const ingestRouter = router({
  batch: ingestProcedure
    .input(IngestBatchSchema)
    .output(IngestAckSchema)
    .mutation(({ ctx, input }) => acceptBatch(ctx.deps, input, ctx.rawBatch)),

  /** The value-free interaction stream (SDK option `behavioral`). */
  behavioral: ingestProcedure
    .input(BehavioralBatchSchema)
    .output(IngestAckSchema)
    .mutation(({ ctx, input }) => acceptBehavioralBatch(ctx.deps, input)),

  /** Verifies the key and the appId's shape; stores nothing. */
  check: ingestProcedure
    .input(z.object({ appId: AppIdSchema }))
    .output(z.object({ ok: z.literal(true), appId: z.string() }))
    .query(({ input }) => ({ ok: true as const, appId: input.appId })),
});
