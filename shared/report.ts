/**
 * The friction report (SPEC §4): exactly these fields, because the CLI, MCP, the site and users' own
 * scripts read them.
 */
import { z } from "zod";

/** The eleven kinds of friction analysis detects. */
export const FINDING_KINDS = [
  "rage_click",
  "dead_click",
  "error_click",
  "js_error",
  "network_error",
  "slow_response",
  "quick_back",
  "navigation_loop",
  "excessive_scroll",
  "form_abandon",
  "form_error_loop",
] as const;
export const FindingKindSchema = z.enum(FINDING_KINDS);
export type FindingKind = z.infer<typeof FindingKindSchema>;

export const SeveritySchema = z.enum(["low", "medium", "high"]);
export type Severity = z.infer<typeof SeveritySchema>;

export const FindingTargetSchema = z.object({
  selector: z.string(),
  tag: z.string().optional(),
  /** Text as recorded, so masked unless the page unmasked it. */
  text: z.string().optional(),
});
export type FindingTarget = z.infer<typeof FindingTargetSchema>;

export const FindingSchema = z.object({
  kind: FindingKindSchema,
  /** Offset from session start. */
  startMs: z.number().nonnegative(),
  endMs: z.number().nonnegative(),
  severity: SeveritySchema,
  url: z.string(),
  target: FindingTargetSchema.optional(),
  count: z.number().int().positive().optional(),
  /** One line a person can verify in the replay. */
  evidence: z.string(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const FrictionStatsSchema = z.object({
  clicks: z.number().int().nonnegative(),
  pageviews: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  networkErrors: z.number().int().nonnegative(),
  inputs: z.number().int().nonnegative(),
});
export type FrictionStats = z.infer<typeof FrictionStatsSchema>;

export const FrictionReportSchema = z.object({
  sessionId: z.string(),
  appId: z.string(),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  rulesVersion: z.string(),
  pages: z.array(z.string()),
  frictionScore: z.number().min(0).max(100),
  findings: z.array(FindingSchema),
  summary: z.string(),
  stats: FrictionStatsSchema,
});
export type FrictionReport = z.infer<typeof FrictionReportSchema>;

/** One row of the narrative CSV (`t_ms,page,kind,target,detail`). */
export const NarrativeRowSchema = z.object({
  t_ms: z.number().nonnegative(),
  page: z.string(),
  kind: z.string(),
  target: z.string(),
  detail: z.string(),
});
export type NarrativeRow = z.infer<typeof NarrativeRowSchema>;

/** Output of `replays.narrative`: the CSV text plus the rows it was made from. */
export const NarrativeSchema = z.object({
  sessionId: z.string(),
  csv: z.string(),
  rows: z.number().int().nonnegative(),
});
export type Narrative = z.infer<typeof NarrativeSchema>;
