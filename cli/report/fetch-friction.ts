/**
 * The friction overview's data for `rerun report build`: the top issues of the window, each with its
 * per-release breakdown and examples (`friction.issue`), and the ids of example sessions the site must also
 * have pages for, so every example links to a session page.
 */
import type { FrictionIssueDetail } from "../../shared/friction.ts";
import { callCollector, type CollectorClient } from "../client.ts";
import type { SiteFriction } from "./site-data-schema.ts";

/** Issues the overview lists at most: a Monday's triage, not an archive. */
export const MAX_SITE_ISSUES = 100;

export async function fetchFriction(
  client: CollectorClient,
  url: string,
  opts: { since: string; onProgress?: (line: string) => void },
): Promise<SiteFriction> {
  const list = await callCollector(
    url,
    "friction.issues",
    () => client.friction.issues.query({ since: opts.since, limit: MAX_SITE_ISSUES }),
  );
  const issues: FrictionIssueDetail[] = [];
  for (const [i, issue] of list.issues.entries()) {
    opts.onProgress?.(`Fetching friction issue ${i + 1}/${list.issues.length}`);
    issues.push(
      await callCollector(
        url,
        "friction.issue",
        () => client.friction.issue.query({ fingerprint: issue.fingerprint, since: opts.since }),
      ),
    );
  }
  return { since: opts.since, until: new Date().toISOString(), sessions: list.sessions, issues };
}

/** Session ids that examples name, in the order they appear (most-felt issues first). */
export function exampleSessionIds(friction: SiteFriction): string[] {
  return [...new Set(friction.issues.flatMap((i) => i.examples.map((e) => e.sessionId)))];
}
