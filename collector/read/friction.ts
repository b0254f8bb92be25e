/** `friction.*`: friction issues across sessions (SPEC §8). Each is schema in, one call, return. */
import {
  FrictionIssueDetailSchema,
  FrictionIssueInputSchema,
  FrictionIssuesInputSchema,
  FrictionIssuesSchema,
  FrictionSetStatusInputSchema,
  FrictionSetStatusResultSchema,
} from "../../shared/friction.ts";
import { adminProcedure, readProcedure, router } from "../trpc/init.ts";
import { getFrictionIssue, listFrictionIssues, setFrictionStatus } from "./friction-issues.ts";

export const frictionRouter = router({
  issues: readProcedure
    .input(FrictionIssuesInputSchema)
    .output(FrictionIssuesSchema)
    .query(({ ctx, input }) => listFrictionIssues(ctx.deps, input)),

  issue: readProcedure
    .input(FrictionIssueInputSchema)
    .output(FrictionIssueDetailSchema)
    .query(({ ctx, input }) => getFrictionIssue(ctx.deps, input)),

  /** Resolve (optionally in a release), ignore, or reopen (`open`) an issue. */
  setStatus: adminProcedure
    .input(FrictionSetStatusInputSchema)
    .output(FrictionSetStatusResultSchema)
    .mutation(({ ctx, input }) => setFrictionStatus(ctx.deps, input)),
});
