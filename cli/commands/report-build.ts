/**
 * `rerun report build`: fetches the friction issues of a window (the site's overview), then sessions, reports
 * and narratives through the typed client (and, with `--with-replays`, the already-masked events), writes
 * them as the site's data and runs `astro build` into a static folder that works from `file://` or any
 * static host, with no collector behind it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { defineCommand } from "citty";
import type { RecordedEvent } from "../../shared/batch.ts";
import type { ReplaySummary } from "../../shared/replay.ts";
import { JSON_ARG, parsePositiveInt, TARGET_ARGS } from "../args.ts";
import { callCollector, type CollectorClient, createCollectorClient } from "../client.ts";
import { CliError } from "../errors.ts";
import { endProgress, note, printJson, printLine, progress } from "../output.ts";
import { exampleSessionIds, fetchFriction } from "../report/fetch-friction.ts";
import { buildSite, type SiteSessionInput, writeSiteData } from "../report/site-data.ts";
import { requireReadKey, resolveTarget } from "../resolve.ts";

/** Sessions fetched per `replays.list` call while paging. */
const LIST_PAGE = 100;
/** Example sessions fetched beyond `--limit`, so the overview's examples have pages to link to. */
const MAX_EXAMPLE_SESSIONS = 200;

/**
 * Events JSON embedded per session page at most. The player's page carries its events inline (a page opened
 * from file:// cannot fetch them), and a bigger page is more than a browser opens comfortably; a session above
 * it gets its report without a player, and the build says so.
 */
export const MAX_EMBEDDED_REPLAY_CHARS = 32 * 1024 * 1024;

/** A session the build left out, or whose replay it could not embed, and why: printed, and in `--json`. */
type Skipped = { sessionId: string; what: "session" | "replay"; reason: string };

export default defineCommand({
  meta: { name: "build", description: "Build a static friction-report site from the collector's sessions" },
  args: {
    out: { type: "string", description: "Folder for the static site", default: "rerun-report" },
    limit: { type: "string", description: "How many of the newest sessions to include", default: "50" },
    since: {
      type: "string",
      description: 'Window of the friction overview: "24h", "7d", "30d" or an ISO time',
      default: "7d",
    },
    "with-replays": {
      type: "boolean",
      description: "Embed a replay player per session (includes the masked events)",
      default: false,
    },
    ...JSON_ARG,
    ...TARGET_ARGS,
  },
  async run({ args }) {
    const limit = parsePositiveInt("limit", args.limit, 50);
    const target = await resolveTarget({
      url: args.url,
      readKey: args["read-key"],
      dataDir: args["data-dir"],
    });
    const client = createCollectorClient(target.url, requireReadKey(target));

    const friction = await fetchFriction(client, target.url, { since: args.since, onProgress: progress });
    const summaries = await listNewest(client, target.url, limit);
    // Every example of the overview links to a session page, so its session is fetched too.
    const listed = new Set(summaries.map((s) => s.sessionId));
    const extra = exampleSessionIds(friction).filter((id) => !listed.has(id)).slice(0, MAX_EXAMPLE_SESSIONS);
    for (const sessionId of extra) {
      summaries.push(
        await callCollector(target.url, "replays.summary", () => client.replays.summary.query({ sessionId })),
      );
    }
    const sessions: SiteSessionInput[] = [];
    const skipped: Skipped[] = [];
    for (const [i, summary] of summaries.entries()) {
      progress(`Fetching session ${i + 1}/${summaries.length} (${summary.sessionId})`);
      // One session the collector cannot answer for (too big, a row it cannot read) must not fail the site.
      try {
        const session = await fetchSession(client, target.url, summary);
        if (args["with-replays"]) {
          const replay = await fetchReplay(client, target.url, summary.sessionId);
          if (replay.kind === "embedded") session.events = replay.events;
          else skipped.push({ sessionId: summary.sessionId, what: "replay", reason: replay.reason });
        }
        sessions.push(session);
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        skipped.push({ sessionId: summary.sessionId, what: "session", reason: error.message });
      }
    }
    endProgress();
    for (const skip of skipped) {
      note(
        `rerun: ${
          skip.what === "session" ? "left out session" : "no replay player for session"
        } ${skip.sessionId}: ${skip.reason}`,
      );
    }

    const dataDir = await mkdtemp(join(tmpdir(), "rerun-site-data-"));
    try {
      await writeSiteData(dataDir, { generatedAt: new Date().toISOString(), sessions, friction });
      progress("Building the site with Astro…");
      const { outDir } = await buildSite({
        dataDir,
        outDir: resolve(args.out),
        onProgress: (line) => progress(line),
      });
      endProgress();
      if (args.json) {
        printJson({
          outDir,
          sessions: sessions.length,
          issues: friction.issues.length,
          withReplays: args["with-replays"],
          skipped,
        });
      } else {
        const shown = relative(process.cwd(), outDir) || ".";
        printLine(
          `Report of ${friction.issues.length} friction issue(s) and ${sessions.length} session(s) written to ${
            join(shown, "index.html")
          }`,
        );
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
});

async function listNewest(client: CollectorClient, url: string, limit: number): Promise<ReplaySummary[]> {
  const out: ReplaySummary[] = [];
  let cursor: string | undefined;
  while (out.length < limit) {
    const page = await callCollector(
      url,
      "replays.list",
      () => client.replays.list.query({ limit: Math.min(LIST_PAGE, limit - out.length), cursor }),
    );
    out.push(...page.replays);
    if (!page.nextCursor || page.replays.length === 0) break;
    cursor = page.nextCursor;
  }
  return out;
}

async function fetchSession(
  client: CollectorClient,
  url: string,
  summary: ReplaySummary,
): Promise<SiteSessionInput> {
  const { sessionId } = summary;
  const [report, narrative] = await Promise.all([
    callCollector(url, "replays.analyze", () => client.replays.analyze.query({ sessionId })),
    callCollector(url, "replays.narrative", () => client.replays.narrative.query({ sessionId })),
  ]);
  return { summary, report, narrative: narrative.csv };
}

/**
 * The session's events, page by page (`nextCursor`), up to {@link MAX_EMBEDDED_REPLAY_CHARS}; past it, or
 * when the collector cannot answer, the reason the player is left out.
 */
async function fetchReplay(
  client: CollectorClient,
  url: string,
  sessionId: string,
): Promise<{ kind: "embedded"; events: RecordedEvent[] } | { kind: "skipped"; reason: string }> {
  const events: RecordedEvent[] = [];
  let chars = 0;
  let cursor: string | undefined;
  try {
    do {
      const page = await callCollector(
        url,
        "replays.events",
        () => client.replays.events.query({ sessionId, cursor }),
      );
      chars += JSON.stringify(page.events).length;
      if (chars > MAX_EMBEDDED_REPLAY_CHARS) {
        return {
          kind: "skipped",
          reason: `its events are over ${
            MAX_EMBEDDED_REPLAY_CHARS / 1024 / 1024
          } MB, more than a report page embeds`,
        };
      }
      for (const event of page.events as RecordedEvent[]) events.push(event);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return { kind: "skipped", reason: error.message };
  }
  // Pages are stitched one at a time; windows that overlap in time across pages are merged here, as the
  // collector merges them within a page (a stable sort keeps equal timestamps in recorded order).
  const ordered = events.every((e, i) =>
    i === 0 || e.timestamp >= (events[i - 1] as RecordedEvent).timestamp
  );
  return { kind: "embedded", events: ordered ? events : events.sort((a, b) => a.timestamp - b.timestamp) };
}
