/** `ingest.*`: the SDK's procedures (public key). */
import { z } from "zod";
import { AppIdSchema, BehavioralBatchSchema, IngestAckSchema } from "../../shared/batch.ts";
import { ingestProcedure, router } from "../trpc/init.ts";
import { acceptBatch } from "./accept-batch.ts";
import { acceptBehavioralBatch } from "./accept-behavioral.ts";
import { BatchInputSchema, edgeBatchInput, toReadBatch } from "./read-batch.ts";

export const ingestRouter = router({
  /** Its input is what the HTTP edge read of the body, or JSON (`read-batch.ts`). */
  batch: ingestProcedure
    .use(({ ctx, getRawInput, next }) => next({ getRawInput: edgeBatchInput(ctx.edgeInput, getRawInput) }))
    .input(BatchInputSchema)
    .output(IngestAckSchema)
    .mutation(({ ctx, input }) => acceptBatch(ctx.deps, toReadBatch(input, ctx.deps.config))),

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
