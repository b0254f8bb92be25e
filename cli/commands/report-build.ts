/**
 * `rerun report build`: fetches sessions, reports and narratives through the typed client (and, with
 * `--with-replays`, the already-masked events), writes them as the site's data and runs `astro build` into
 * a static folder that works from `file://` or any static host, with no collector behind it.
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
import { endProgress, printJson, printLine, progress } from "../output.ts";
import { buildSite, SiteBuildError, type SiteSessionInput, writeSiteData } from "../report/site-data.ts";
import { requireReadKey, resolveTarget } from "../resolve.ts";

/** Sessions fetched per `replays.list` call while paging. */
const LIST_PAGE = 100;

export default defineCommand({
  meta: { name: "build", description: "Build a static friction-report site from the collector's sessions" },
  args: {
    out: { type: "string", description: "Folder for the static site", default: "rerun-report" },
    limit: { type: "string", description: "How many of the newest sessions to include", default: "50" },
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

    const summaries = await listNewest(client, target.url, limit);
    const sessions: SiteSessionInput[] = [];
    for (const [i, summary] of summaries.entries()) {
      progress(`Fetching session ${i + 1}/${summaries.length} (${summary.sessionId})`);
      sessions.push(await fetchSession(client, target.url, summary, args["with-replays"]));
    }
    endProgress();

    const dataDir = await mkdtemp(join(tmpdir(), "rerun-site-data-"));
    try {
      await writeSiteData(dataDir, { generatedAt: new Date().toISOString(), sessions });
      progress("Building the site with Astro…");
      const { outDir } = await buildSite({
        dataDir,
        outDir: resolve(args.out),
        onProgress: (line) => progress(line),
      });
      endProgress();
      if (args.json) {
        printJson({ outDir, sessions: sessions.length, withReplays: args["with-replays"] });
      } else {
        const shown = relative(process.cwd(), outDir) || ".";
        printLine(`Report of ${sessions.length} session(s) written to ${join(shown, "index.html")}`);
      }
    } catch (error) {
      if (error instanceof SiteBuildError) throw new CliError("check_failed", error.message);
      throw error;
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
  withReplays: boolean,
): Promise<SiteSessionInput> {
  const { sessionId } = summary;
  const [report, narrative, events] = await Promise.all([
    callCollector(url, "replays.analyze", () => client.replays.analyze.query({ sessionId })),
    callCollector(url, "replays.narrative", () => client.replays.narrative.query({ sessionId })),
    withReplays
      ? callCollector(url, "replays.events", () => client.replays.events.query({ sessionId }))
      : Promise.resolve(null),
  ]);
  return {
    summary,
    report,
    narrative: narrative.csv,
    ...(events ? { events: events.events as RecordedEvent[] } : {}),
  };
}
