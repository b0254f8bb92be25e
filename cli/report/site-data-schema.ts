/**
 * The files `rerun report build` hands to the Astro site in `site/`: one `site.json` with every session's
 * summary, friction report and narrative rows, plus `events/<sessionId>.json` per session when the build
 * runs `--with-replays`. The CLI writes them ({@link ./site-data.ts}); `site/src/data/load.ts` reads and
 * checks them with this schema, so the two sides cannot drift. Pure: zod and `shared/` only.
 */
import { z } from "zod";
import { FrictionIssueDetailSchema } from "../../shared/friction.ts";
import { FrictionReportSchema, NarrativeRowSchema } from "../../shared/report.ts";
import { ReplaySummarySchema } from "../../shared/replay.ts";

/** Bumped when the layout of the data folder changes. */
export const SITE_DATA_VERSION = 1;

/** Name of the index file inside the data folder. */
export const SITE_DATA_FILE = "site.json";

/** Folder (inside the data folder) with one `<sessionId>.json` event array per replayable session. */
export const SITE_EVENTS_DIR = "events";

/** Environment variable that tells the Astro build where the data folder is. */
export const SITE_DATA_ENV = "RERUN_SITE_DATA";

export const SiteSessionSchema = z.object({
  summary: ReplaySummarySchema,
  report: FrictionReportSchema,
  narrative: z.array(NarrativeRowSchema),
  /** Whether `events/<sessionId>.json` exists, so the page embeds a player. */
  hasEvents: z.boolean(),
});
export type SiteSession = z.infer<typeof SiteSessionSchema>;

/** The friction overview (SPEC §7, §8): the top issues of a window, each with its releases and examples. */
export const SiteFrictionSchema = z.object({
  /** The window as asked (`7d`, an ISO time…), and the last day its trends count (ISO). */
  since: z.string(),
  until: z.string(),
  /** Settled sessions in the window: what the shares are read against. */
  sessions: z.number().int().nonnegative(),
  issues: z.array(FrictionIssueDetailSchema),
});
export type SiteFriction = z.infer<typeof SiteFrictionSchema>;

export const SiteDataSchema = z.object({
  version: z.literal(SITE_DATA_VERSION),
  /** ISO time the data was fetched. */
  generatedAt: z.string(),
  sessions: z.array(SiteSessionSchema),
  /** Absent in data written before friction issues existed: the overview then says there are none. */
  friction: SiteFrictionSchema.optional(),
});
export type SiteData = z.infer<typeof SiteDataSchema>;
