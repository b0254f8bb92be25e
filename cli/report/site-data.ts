/**
 * The data side of `rerun report build`: write what the CLI fetched into a folder the Astro site reads
 * ({@link writeSiteData}), then run `astro build` on `site/` against that folder ({@link buildSite}).
 *
 * The fetching (tRPC, paging, progress) belongs to `cli/commands/report-build.ts`; this module only turns
 * already-fetched, already-masked data into files and a static folder, so it can be tested without a
 * collector.
 *
 * @example
 * ```ts
 * const dataDir = await mkdtemp(join(tmpdir(), "rerun-site-"));
 * await writeSiteData(dataDir, { generatedAt: new Date().toISOString(), sessions });
 * await buildSite({ dataDir, outDir: "rerun-report", onProgress: (line) => process.stderr.write(`${line}\n`) });
 * ```
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import type { RecordedEvent } from "../../shared/batch.ts";
import { isValidId } from "../../shared/ids.ts";
import {
  type FrictionReport,
  FrictionReportSchema,
  type NarrativeRow,
  NarrativeRowSchema,
} from "../../shared/report.ts";
import { type ReplaySummary, ReplaySummarySchema } from "../../shared/replay.ts";
import { collectorLaunch } from "../collector-process.ts";
import { CliError } from "../errors.ts";
import { ensureRuntimePart } from "../runtime/fetch.ts";
import { nodeRunsAstro } from "../runtime/parts.ts";
import { isSourceCheckout, PACKAGE_ROOT } from "../runtime/package-root.ts";
import {
  SITE_DATA_ENV,
  SITE_DATA_FILE,
  SITE_DATA_VERSION,
  SITE_EVENTS_DIR,
  type SiteData,
  SiteDataSchema,
  type SiteFriction,
  SiteFrictionSchema,
  type SiteSession,
} from "./site-data-schema.ts";

/** One session as the CLI fetched it. `narrative` may be the CSV text `replays.narrative` returns. */
export type SiteSessionInput = {
  summary: ReplaySummary;
  report: FrictionReport;
  narrative: NarrativeRow[] | string;
  /** The stitched, already-masked rrweb stream; only with `--with-replays`. */
  events?: RecordedEvent[];
};

export type SiteDataInput = { generatedAt: string; sessions: SiteSessionInput[]; friction?: SiteFriction };

/** What to do when the collector's answers do not fit this CLI's schemas: most often the two releases differ. */
const SCHEMA_HINT = "is the collector the same rerun release as this CLI?";

/**
 * Writes `site.json` (and `events/<sessionId>.json` for sessions with events) into `dir`, creating it.
 * Every session is checked against the shared schemas first, and its id against the id pattern before
 * it names a file. Returns the number of sessions written.
 */
export async function writeSiteData(
  dir: string,
  data: SiteDataInput,
): Promise<{ sessions: number; replays: number }> {
  const sessions: SiteSession[] = [];
  let replays = 0;
  await mkdir(join(dir, SITE_EVENTS_DIR), { recursive: true });
  for (const input of data.sessions) {
    const id = input.report.sessionId;
    if (!isValidId(id) || input.summary.sessionId !== id) {
      throw new CliError(
        "build_failed",
        `session ${JSON.stringify(id)}: bad or mismatched session id in summary and report; ${SCHEMA_HINT}`,
      );
    }
    const summary = parseOrThrow(ReplaySummarySchema, input.summary, `session ${id}: summary`);
    const report = parseOrThrow(FrictionReportSchema, input.report, `session ${id}: report`);
    const rows = typeof input.narrative === "string" ? parseNarrativeCsv(input.narrative) : input.narrative;
    const narrative = rows.map((row, i) =>
      parseOrThrow(NarrativeRowSchema, row, `session ${id}: narrative row ${i + 1}`)
    );
    const hasEvents = Array.isArray(input.events) && input.events.length > 0;
    if (hasEvents) {
      await writeFile(join(dir, SITE_EVENTS_DIR, `${id}.json`), JSON.stringify(input.events));
      replays++;
    }
    sessions.push({ summary, report, narrative, hasEvents });
  }
  const friction = data.friction === undefined
    ? undefined
    : parseOrThrow(SiteFrictionSchema, data.friction, "friction issues");
  const site: SiteData = {
    version: SITE_DATA_VERSION,
    generatedAt: data.generatedAt,
    sessions,
    ...(friction ? { friction } : {}),
  };
  await writeFile(join(dir, SITE_DATA_FILE), JSON.stringify(SiteDataSchema.parse(site)));
  return { sessions: sessions.length, replays };
}

function parseOrThrow<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | {
      success: false;
      error: { issues: Array<{ path: PropertyKey[]; message: string }> };
    };
  },
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue ? issue.path.map(String).join(".") || "(root)" : "(root)";
  throw new CliError("build_failed", `${what}: ${where}: ${issue?.message ?? "invalid"}; ${SCHEMA_HINT}`);
}

/**
 * Parses the narrative CSV (`t_ms,page,kind,target,detail`, RFC 4180 quoting) into rows. Columns are
 * found by header name, so extra columns are ignored.
 */
export function parseNarrativeCsv(csv: string): NarrativeRow[] {
  const records = parseCsv(csv);
  const header = records.shift();
  if (!header) return [];
  const col = (name: string) => header.indexOf(name);
  const [t, page, kind, target, detail] = ["t_ms", "page", "kind", "target", "detail"].map(col) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (t < 0 || kind < 0) {
    throw new CliError(
      "build_failed",
      `narrative CSV: header must name t_ms and kind, got "${header.join(",")}"; ${SCHEMA_HINT}`,
    );
  }
  return records
    .filter((r) => r.length > 1 || (r[0] ?? "") !== "")
    .map((r) => ({
      t_ms: Number(r[t] ?? 0),
      page: page < 0 ? "" : r[page] ?? "",
      kind: r[kind] ?? "",
      target: target < 0 ? "" : r[target] ?? "",
      detail: detail < 0 ? "" : r[detail] ?? "",
    }));
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field), rows.push(row), (row = []), (field = "");
    } else field += c;
  }
  if (field !== "" || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

export type BuildSiteOptions = {
  /** Folder written by {@link writeSiteData}. */
  dataDir: string;
  /** Where the static site goes (created; relative paths resolve against the working directory). */
  outDir: string;
  /** Called with each line Astro prints (colour codes removed), for a TTY progress display. */
  onProgress?: (line: string) => void;
};

/**
 * Runs `astro build` on `site/` with the data folder, into `outDir`: the checkout's own `site/` and Astro,
 * or in the published package the report part fetched on first use (runtime/parts.ts). Astro needs
 * Node ≥ 22.12: an older Node hands the build to the checkout's `node` devDependency, or in the published
 * package to the collector part's Deno. Telemetry is off, so the build makes no network request. Rejects
 * with a `CliError` naming Astro's last error line.
 */
/** What runs Astro's command-line script (see {@link buildSite}). */
async function astroRunner(checkout: boolean): Promise<{ command: string; args: string[] }> {
  if (nodeRunsAstro(process.versions.node)) return { command: process.execPath, args: [] };
  const localNode = join(PACKAGE_ROOT, "node_modules", ".bin", "node");
  if (checkout && existsSync(localNode)) return { command: localNode, args: [] };
  const launch = await collectorLaunch();
  return { command: launch.command, args: ["run", "-A", "--node-modules-dir=manual", "--no-lock"] };
}

export async function buildSite(options: BuildSiteOptions): Promise<{ outDir: string }> {
  const outDir = resolve(options.outDir);
  const dataDir = resolve(options.dataDir);
  const checkout = isSourceCheckout();
  const base = checkout ? PACKAGE_ROOT : await ensureRuntimePart("report");
  const SITE_ROOT = join(base, "site");
  const astroBin = join(
    dirname(createRequire(join(base, "package.json")).resolve("astro/package.json")),
    "bin",
    "astro.mjs",
  );
  const runner = await astroRunner(checkout);
  // Astro writes its prerender bundle under `<cwd>/.astro/` when the output folder is outside the working
  // directory, and that bundle must resolve node_modules: a fresh folder under site/.astro per build keeps
  // concurrent builds apart and inside the package tree.
  await mkdir(join(SITE_ROOT, ".astro"), { recursive: true });
  const work = await mkdtemp(join(SITE_ROOT, ".astro", "build-"));
  const cacheDir = join(work, "cache");
  const tail: string[] = [];
  try {
    const code = await new Promise<number>((done, fail) => {
      const child = spawn(runner.command, [
        ...runner.args,
        astroBin,
        "build",
        "--root",
        SITE_ROOT,
        "--outDir",
        outDir,
      ], {
        cwd: work,
        env: {
          ...process.env,
          [SITE_DATA_ENV]: dataDir,
          RERUN_SITE_CACHE: cacheDir,
          ASTRO_TELEMETRY_DISABLED: "1",
          NO_COLOR: "1",
          FORCE_COLOR: "0",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const onData = (chunk: Buffer) => {
        for (const raw of chunk.toString("utf8").split(/\r?\n/)) {
          // deno-lint-ignore no-control-regex
          const line = raw.replace(/\x1b\[[0-9;]*m/g, "").trimEnd();
          if (!line) continue;
          tail.push(line);
          if (tail.length > 40) tail.shift();
          options.onProgress?.(line);
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.on("error", fail);
      child.on("close", (c) => done(c ?? 1));
    });
    if (code !== 0) {
      // Astro prints the message, then "Location:" and a stack trace; name the message, not a frame.
      const located = tail.findIndex((l) => l.trim() === "Location:");
      const frames = (l: string) => /^\s*(at |Location:|Stack trace:|\/)/.test(l);
      const last = (located > 0 ? tail[located - 1] : undefined) ??
        [...tail].reverse().find((l) => /error/i.test(l) && !frames(l)) ??
        tail.at(-1) ?? "no output";
      throw new CliError(
        "build_failed",
        `astro build of the report site failed (exit ${code}): ${last.trim()}; check that ${outDir} can be ` +
          "written, else report this line as a rerun bug",
      );
    }
    return { outDir };
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(
      "build_failed",
      `could not run astro build (${runner.command}): ${
        (error as Error).message
      }; run \`npm install\` again ` +
        "(or reinstall @mimeticinc/rerun) so Astro and what runs it are in place",
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
