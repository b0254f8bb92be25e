/**
 * Friction issues across sessions (SPEC §8): the shapes of `friction.issues`, `friction.issue` and
 * `friction.setStatus`, which the CLI, the MCP tools and the report site read. A friction issue is every
 * finding of one fingerprint (app, kind, route template, per-kind key) summed over settled sessions.
 */
import { z } from "zod";
import { AppIdSchema } from "./batch.ts";
import { RELEASE_PATTERN } from "./ids.ts";
import { FindingKindSchema } from "./report.ts";

/** A release as the SDK's `release` option names it: a version or a commit, at most 64 characters. */
export const ReleaseSchema = z.string().regex(
  RELEASE_PATTERN,
  "must be 1-64 characters: letters, digits and . _ + @ / : - (starting with a letter or digit)",
);

export const FRICTION_STATUSES = ["new", "ongoing", "regressed", "resolved", "ignored"] as const;
export const FrictionStatusSchema = z.enum(FRICTION_STATUSES);
export type FrictionStatus = z.infer<typeof FrictionStatusSchema>;

/** `fp_` and 16 hex characters of SHA-256 (SPEC §8). */
export const FingerprintSchema = z.string().regex(/^fp_[0-9a-f]{16}$/, "must look like fp_0123456789abcdef");

/** A window edge: an ISO date-time, or a span back from now such as `24h`, `7d` or `30d`. */
export const WindowEdgeSchema = z.union([
  z.iso.datetime({ offset: true }),
  z.string().regex(/^[1-9][0-9]{0,3}[hd]$/, 'must be an ISO date-time or a span such as "24h", "7d", "30d"'),
]);

export const FrictionExampleSchema = z.object({
  sessionId: z.string(),
  /** The finding's offset from the session start: where the player should jump. */
  startMs: z.number().nonnegative(),
  evidence: z.string(),
});
export type FrictionExample = z.infer<typeof FrictionExampleSchema>;

export const FrictionIssueSchema = z.object({
  fingerprint: z.string(),
  appId: z.string(),
  kind: FindingKindSchema,
  route: z.string(),
  /** One line, redacted, e.g. "Dead click on #apply-coupon on /checkout". */
  title: z.string(),
  target: z.object({ selector: z.string(), tag: z.string().optional() }).optional(),
  occurrences: z.number().int().nonnegative(),
  sessions: z.number().int().nonnegative(),
  /** Distinct `userId` where the app identified users, each other session counting as one user. */
  users: z.number().int().nonnegative(),
  /** Sessions with the issue ÷ sessions that visited `route` in the same window, 0–1. */
  share: z.number().min(0).max(1),
  firstSeen: z.string(),
  lastSeen: z.string(),
  firstRelease: z.string().nullable(),
  lastRelease: z.string().nullable(),
  status: FrictionStatusSchema,
  /** Sessions per day over the window, oldest first. */
  trend: z.array(z.number().int().nonnegative()),
  /** ≤ 5 in `friction.issues`, ≤ 20 in `friction.issue`; newest first. */
  examples: z.array(FrictionExampleSchema),
  /** The same issue in `compareRelease`, when one was asked for. */
  compare: z.object({ release: z.string(), sessions: z.number().int().nonnegative(), share: z.number() })
    .optional(),
});
export type FrictionIssue = z.infer<typeof FrictionIssueSchema>;

export const FRICTION_SORTS = ["sessions", "share", "occurrences", "change"] as const;
/** Most issues one page may hold. */
export const MAX_FRICTION_LIMIT = 100;

export const FrictionIssuesInputSchema = z.object({
  appId: AppIdSchema.optional(),
  since: WindowEdgeSchema.default("7d"),
  until: WindowEdgeSchema.optional(),
  release: ReleaseSchema.optional(),
  compareRelease: ReleaseSchema.optional(),
  /** A route template as the issues show it, e.g. `/orders/:id`. */
  route: z.string().min(1).max(512).optional(),
  kind: FindingKindSchema.optional(),
  status: FrictionStatusSchema.optional(),
  minSessions: z.number().int().min(1).max(1_000_000).optional(),
  sort: z.enum(FRICTION_SORTS).optional(),
  limit: z.number().int().min(1).max(MAX_FRICTION_LIMIT).default(20),
  cursor: z.string().max(200).optional(),
}).refine((input) => input.compareRelease === undefined || input.release !== undefined, {
  path: ["compareRelease"],
  message: "needs release: compareRelease compares the issues of release with those of compareRelease",
}).default({ since: "7d", limit: 20 });
export type FrictionIssuesInput = z.input<typeof FrictionIssuesInputSchema>;
export type FrictionIssuesQuery = z.output<typeof FrictionIssuesInputSchema>;

export const FrictionIssuesSchema = z.object({
  issues: z.array(FrictionIssueSchema),
  nextCursor: z.string().nullable(),
  /** Settled sessions in the window (of `release`, when given): the base every share is read against. */
  sessions: z.number().int().nonnegative(),
});
export type FrictionIssues = z.infer<typeof FrictionIssuesSchema>;

export const FrictionIssueInputSchema = z.object({
  fingerprint: FingerprintSchema,
  since: WindowEdgeSchema.default("7d"),
});
export type FrictionIssueInput = z.input<typeof FrictionIssueInputSchema>;

export const FrictionReleaseRowSchema = z.object({
  release: z.string(),
  sessions: z.number().int().nonnegative(),
  share: z.number().min(0).max(1),
});
export type FrictionReleaseRow = z.infer<typeof FrictionReleaseRowSchema>;

export const FrictionIssueDetailSchema = FrictionIssueSchema.extend({
  /** Per release, newest first; sessions without a release are listed as "(none)". */
  releases: z.array(FrictionReleaseRowSchema),
});
export type FrictionIssueDetail = z.infer<typeof FrictionIssueDetailSchema>;

export const FrictionSetStatusInputSchema = z.object({
  fingerprint: FingerprintSchema,
  status: z.enum(["resolved", "ignored", "open"]),
  /** With `resolved`: the release that fixed it; an occurrence in a later release makes it `regressed`. */
  release: ReleaseSchema.optional(),
});
export type FrictionSetStatusInput = z.infer<typeof FrictionSetStatusInputSchema>;

export const FrictionSetStatusResultSchema = z.object({
  fingerprint: z.string(),
  status: FrictionStatusSchema,
});
export type FrictionSetStatusResult = z.infer<typeof FrictionSetStatusResultSchema>;

/** The label the per-release rows give sessions recorded without a `release`. */
export const NO_RELEASE_LABEL = "(none)";
