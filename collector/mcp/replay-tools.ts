/**
 * `list_replays` and `get_replay_summary`: the MCP face of `replays.list` and `replays.summary`, calling the
 * same read functions. Outputs are bounded: at most `MAX_MCP_LIST_LIMIT` sessions per call and
 * `MAX_PAGES_PER_SUMMARY` page URLs per session (`pageCount` always holds the true number).
 */
// @ts-types="../../node_modules/@modelcontextprotocol/sdk/dist/esm/server/mcp.d.ts"
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { AppIdSchema, IdSchema } from "../../shared/batch.ts";
import { DEFAULT_LIST_LIMIT } from "../../shared/limits.ts";
import { ReplayListSchema, type ReplaySummary, ReplaySummarySchema } from "../../shared/replay.ts";
import { formatDurationCompact } from "../../shared/duration.ts";
import type { CollectorDeps } from "../deps.ts";
import { CollectorError } from "../errors.ts";
import { getReplaySummary, listReplays } from "../read/replay-queries.ts";
import { capList, runTool, toolResult } from "./tool-result.ts";

/** Sessions per `list_replays` call: enough to pick from, small enough for an agent's context. */
export const MAX_MCP_LIST_LIMIT = 50;
/** Page URLs shown per session; a long session can visit hundreds. */
export const MAX_PAGES_PER_SUMMARY = 20;

export const SessionIdInput = IdSchema.describe(
  "The session's id, as list_replays returns it (8-64 characters: letters, digits, _ and -).",
);

const ListReplaysInput = z.object({
  limit: z.number().int().min(1).max(MAX_MCP_LIST_LIMIT).default(DEFAULT_LIST_LIMIT).describe(
    `How many sessions to return, newest first (1-${MAX_MCP_LIST_LIMIT}, default ${DEFAULT_LIST_LIMIT}).`,
  ),
  since: z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]).optional().describe(
    "Only sessions that started at or after this time: an ISO 8601 date-time such as 2026-05-01T00:00:00Z, or epoch milliseconds.",
  ),
  appId: AppIdSchema.optional().describe(
    "Only sessions recorded by this app (the appId the SDK was initialised with).",
  ),
  cursor: z.string().max(200).optional().describe(
    "To page back to older sessions: the nextCursor of the previous list_replays answer, unchanged.",
  ),
});

export function registerReplayTools(server: McpServer, deps: CollectorDeps): void {
  server.registerTool("list_replays", {
    title: "List recorded sessions",
    description: "Lists recorded browser sessions (session replays), newest first: id, app, start time, " +
      "duration, event count and the pages visited. Start here to find a sessionId, then call " +
      "analyze_replay for its friction report or get_replay_narrative for a step-by-step account. " +
      "Filter with since and appId; page back with cursor.",
    inputSchema: ListReplaysInput,
    outputSchema: ReplayListSchema,
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, (input) =>
    runTool(deps.log, "list_replays", async () => {
      const list = await listReplays(deps, input);
      const replays = list.replays.map(boundSummary);
      return toolResult({ replays, nextCursor: list.nextCursor }, describeList(replays, list.nextCursor));
    }));

  server.registerTool("get_replay_summary", {
    title: "Summarise one session",
    description: "Facts about one recorded session: app, start and last-seen time, duration, event, page, " +
      "window and batch counts, the pages visited, user id (if the app identified one), what triggered " +
      "the recording and the consent record. No analysis: use analyze_replay for friction findings.",
    inputSchema: z.object({ sessionId: SessionIdInput }),
    outputSchema: ReplaySummarySchema,
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, ({ sessionId }) =>
    runTool(deps.log, "get_replay_summary", async () => {
      const summary = await getReplaySummary(deps, sessionId);
      if (!summary) throw new CollectorError("not_found", unknownSession(sessionId));
      const bounded = boundSummary(summary);
      return toolResult(bounded, describeSummary(bounded));
    }));
}

export function unknownSession(sessionId: string): string {
  return `no session ${sessionId} on this collector: check the id with list_replays`;
}

function boundSummary(summary: ReplaySummary): ReplaySummary {
  return { ...summary, pages: capList(summary.pages, MAX_PAGES_PER_SUMMARY).kept };
}

function pagesLine(summary: ReplaySummary): string {
  const more = summary.pageCount - summary.pages.length;
  return summary.pages.join(" → ") + (more > 0 ? ` (+${more} more)` : "");
}

function describeList(replays: ReplaySummary[], nextCursor: string | null): string {
  if (replays.length === 0) return "No sessions match. Widen since or drop appId.";
  const lines = replays.map((r) =>
    `- ${r.sessionId} · ${r.appId} · ${r.startedAt} · ${formatDurationCompact(r.durationMs)} · ` +
    `${r.eventCount} events · ${r.pageCount} page${r.pageCount === 1 ? "" : "s"}: ${pagesLine(r)}`
  );
  const more = nextCursor === null ? "" : `\nOlder sessions exist: call again with cursor "${nextCursor}".`;
  return `${replays.length} session${replays.length === 1 ? "" : "s"}, newest first:\n${
    lines.join("\n")
  }${more}`;
}

function describeSummary(s: ReplaySummary): string {
  return [
    `Session ${s.sessionId} (app ${s.appId})`,
    `started ${s.startedAt}, lasted ${formatDurationCompact(s.durationMs)}, last seen ${s.lastSeenAt}`,
    `${s.eventCount} events in ${s.batchCount} batches from ${s.windowCount} window(s)`,
    `pages (${s.pageCount}): ${pagesLine(s)}`,
    `user: ${s.userId ?? "not identified"}; recording trigger: ${s.trigger ?? "none"}`,
  ].join("\n");
}
