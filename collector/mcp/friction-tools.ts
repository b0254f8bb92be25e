/**
 * `list_friction_issues` and `get_friction_issue`: the MCP face of `friction.issues` and `friction.issue`,
 * calling the same read functions. Bounded like the other tools: at most {@link MAX_MCP_FRICTION_LIMIT}
 * issues per call, {@link MAX_MCP_EXAMPLES} examples per issue and evidence lines cut at
 * {@link MAX_EVIDENCE_CHARS}, so one answer stays a few thousand tokens.
 */
// @ts-types="../../node_modules/@modelcontextprotocol/sdk/dist/esm/server/mcp.d.ts"
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { AppIdSchema } from "../../shared/batch.ts";
import {
  FingerprintSchema,
  FRICTION_SORTS,
  type FrictionIssue,
  FrictionIssueDetailSchema,
  FrictionIssuesSchema,
  FrictionStatusSchema,
  ReleaseSchema,
  WindowEdgeSchema,
} from "../../shared/friction.ts";
import { FindingKindSchema } from "../../shared/report.ts";
import type { CollectorDeps } from "../deps.ts";
import { CollectorError } from "../errors.ts";
import { getFrictionIssue, listFrictionIssues } from "../read/friction-issues.ts";
import { runTool, toolResult } from "./tool-result.ts";

export const MAX_MCP_FRICTION_LIMIT = 20;
export const MAX_MCP_EXAMPLES = 5;
export const MAX_MCP_RELEASES = 20;
export const MAX_EVIDENCE_CHARS = 300;

const ListInput = z.object({
  appId: AppIdSchema.optional().describe("Only this app's issues (the appId the SDK was initialised with)."),
  since: WindowEdgeSchema.default("7d").describe(
    'Window start: "24h", "7d" (default), "30d", or an ISO 8601 date-time. Counts are per UTC day.',
  ),
  until: WindowEdgeSchema.optional().describe("Window end (default now): an ISO 8601 date-time or a span."),
  release: ReleaseSchema.optional().describe("Only sessions recorded with this release."),
  compareRelease: ReleaseSchema.optional().describe(
    "With release: also each issue's share in this release; sorted by the biggest change by default.",
  ),
  route: z.string().max(512).optional().describe("Only this route template, e.g. /orders/:id."),
  kind: FindingKindSchema.optional().describe("Only this kind of friction."),
  status: FrictionStatusSchema.optional().describe("Only issues with this status."),
  minSessions: z.number().int().min(1).optional().describe("Leave out issues seen in fewer sessions."),
  sort: z.enum(FRICTION_SORTS).optional().describe("sessions (default), share, occurrences or change."),
  limit: z.number().int().min(1).max(MAX_MCP_FRICTION_LIMIT).default(10).describe(
    `How many issues (1-${MAX_MCP_FRICTION_LIMIT}, default 10).`,
  ),
  cursor: z.string().max(200).optional().describe("The nextCursor of the previous answer, to page on."),
});

function bound<T extends FrictionIssue>(issue: T): T {
  return {
    ...issue,
    examples: issue.examples.slice(0, MAX_MCP_EXAMPLES).map((e) => ({
      ...e,
      evidence: e.evidence.length > MAX_EVIDENCE_CHARS
        ? `${e.evidence.slice(0, MAX_EVIDENCE_CHARS - 1)}…`
        : e.evidence,
    })),
  };
}

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

function describeIssue(i: FrictionIssue): string {
  const compare = i.compare ? ` (was ${pct(i.compare.share)} in ${i.compare.release})` : "";
  return `- ${i.fingerprint} [${i.status}] ${i.title}: ${i.sessions} sessions, ${i.users} users, ` +
    `${pct(i.share)} of the route's sessions${compare}; first seen ${i.firstSeen}` +
    (i.firstRelease ? ` in ${i.firstRelease}` : "");
}

export function registerFrictionTools(server: McpServer, deps: CollectorDeps): void {
  server.registerTool("list_friction_issues", {
    title: "List friction issues across sessions",
    description: "Friction grouped across all settled sessions: each issue is one kind of friction (dead " +
      "click, rage click, JS error, failed request, quick back…) on one route and element, with how many " +
      "sessions and users it hit, its share of the sessions that visited the route, a daily trend, its " +
      "status (new, ongoing, regressed, resolved, ignored), first release, and example sessions with the " +
      "time to watch. Use it to answer 'what hurts the most users, and is it new in this release?'; " +
      "compare two releases with release and compareRelease. Then get_friction_issue for one issue.",
    inputSchema: ListInput,
    outputSchema: FrictionIssuesSchema,
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, (input) =>
    runTool(deps.log, "list_friction_issues", async () => {
      if (input.compareRelease !== undefined && input.release === undefined) {
        throw new CollectorError(
          "bad_input",
          "compareRelease needs release: it compares the issues of release with those of compareRelease",
        );
      }
      const list = await listFrictionIssues(deps, input);
      const issues = list.issues.map(bound);
      const text = issues.length === 0
        ? `No friction issues in this window (${list.sessions} settled sessions). Widen since or drop filters.`
        : `${issues.length} issue(s) of ${list.sessions} settled sessions:\n${
          issues.map(describeIssue).join("\n")
        }` +
          (list.nextCursor ? `\nMore: call again with cursor "${list.nextCursor}".` : "");
      return toolResult({ issues, nextCursor: list.nextCursor, sessions: list.sessions }, text);
    }));

  server.registerTool("get_friction_issue", {
    title: "One friction issue",
    description: "One friction issue by fingerprint (as list_friction_issues gives it): counts, share, " +
      "trend, status, its sessions and share per release, and example sessions with the time of the " +
      "finding (startMs from session start) and one line of evidence; analyze_replay on an example's " +
      "sessionId gives that session's whole report.",
    inputSchema: z.object({
      fingerprint: FingerprintSchema.describe("The issue's fingerprint, fp_ and 16 hex characters."),
      since: WindowEdgeSchema.default("7d").describe('Window start: "24h", "7d" (default), "30d" or ISO.'),
    }),
    outputSchema: FrictionIssueDetailSchema,
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, (input) =>
    runTool(deps.log, "get_friction_issue", async () => {
      const issue = await getFrictionIssue(deps, input);
      const bounded = { ...bound(issue), releases: issue.releases.slice(0, MAX_MCP_RELEASES) };
      const releases = bounded.releases.map((r) => `${r.release}: ${r.sessions} sessions, ${pct(r.share)}`);
      const examples = bounded.examples.map((e) =>
        `${e.sessionId} at ${Math.round(e.startMs / 1000)}s: ${e.evidence}`
      );
      return toolResult(
        bounded,
        [
          describeIssue(bounded),
          ...(releases.length ? ["Per release:", ...releases] : []),
          ...(examples.length ? ["Examples:", ...examples] : []),
        ]
          .join("\n"),
      );
    }));
}
