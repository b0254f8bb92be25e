/**
 * Build-time data access for the report site: reads the folder `rerun report build` wrote (its path is
 * in `RERUN_SITE_DATA`) and checks it with the same schema the CLI wrote it with. Runs in Node during
 * `astro build` only; nothing here reaches the browser.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  SITE_DATA_ENV,
  SITE_DATA_FILE,
  SITE_EVENTS_DIR,
  type SiteData,
  SiteDataSchema,
  type SiteSession,
} from "../../../cli/report/site-data-schema.ts";
import { isValidId } from "../../../shared/ids.ts";

export type { SiteData, SiteSession };

let cached: SiteData | undefined;

function dataDir(): string {
  const dir = process.env[SITE_DATA_ENV];
  if (!dir) throw new Error(`${SITE_DATA_ENV} is not set: run \`rerun report build\`, which writes the data and sets it`);
  return dir;
}

/** Every session, newest first. An empty site when no data was written yet. */
export function loadSiteData(): SiteData {
  if (cached) return cached;
  const file = join(dataDir(), SITE_DATA_FILE);
  if (!existsSync(file)) {
    cached = { version: 1, generatedAt: new Date(0).toISOString(), sessions: [] };
    return cached;
  }
  const parsed = SiteDataSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const sessions = [...parsed.data.sessions].sort((a, b) => Date.parse(b.report.startedAt) - Date.parse(a.report.startedAt));
  cached = { ...parsed.data, sessions };
  return cached;
}

/** The session's stitched, masked event stream as JSON text, or null when the build had no replays. */
export function loadEventsJson(session: SiteSession): string | null {
  const id = session.report.sessionId;
  if (!session.hasEvents || !isValidId(id)) return null;
  const file = join(dataDir(), SITE_EVENTS_DIR, `${id}.json`);
  return existsSync(file) ? readFileSync(file, "utf8") : null;
}
