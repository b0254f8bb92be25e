/**
 * Friction issues at a running collector, for tests: read `friction.issues` over HTTP, and wait until the
 * settle loop has counted a number of sessions (or analysed every stored one on all its batches). Start the
 * collector with `SESSION_SETTLE_MINUTES: "0"` so a session settles as soon as its batches are stored (the
 * loop then analyses it within about a second).
 */
import { join } from "node:path";
import { createClient } from "@libsql/client";
import type { FrictionIssues, FrictionIssuesInput } from "../../shared/friction.ts";
import type { RunningCollector } from "./collector.ts";

/** `friction.issues` with the collector's read key; throws with the answer when it is not a 200. */
export async function readFrictionIssues(
  collector: Pick<RunningCollector, "url" | "readKey">,
  input: FrictionIssuesInput = {},
): Promise<FrictionIssues> {
  const query = encodeURIComponent(JSON.stringify(input));
  const res = await fetch(`${collector.url}/trpc/friction.issues?input=${query}`, {
    headers: { "x-rerun-key": collector.readKey },
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`friction.issues answered ${res.status}: ${text.slice(0, 500)}`);
  return (JSON.parse(text) as { result: { data: FrictionIssues } }).result.data;
}

/**
 * Polls `friction.issues` (every 100 ms, up to `timeoutMs`) until `done` holds, and answers the last
 * answer either way, so the test's own assertion says what was missing.
 */
export async function waitForFriction(
  collector: Pick<RunningCollector, "url" | "readKey">,
  done: (issues: FrictionIssues) => boolean,
  opts: { input?: FrictionIssuesInput; timeoutMs?: number } = {},
): Promise<FrictionIssues> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let last = await readFrictionIssues(collector, opts.input);
  while (!done(last) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await readFrictionIssues(collector, opts.input);
  }
  return last;
}

/** Waits until at least `sessions` settled sessions are counted in the window (default the last 7 days). */
export function waitForSettled(
  collector: Pick<RunningCollector, "url" | "readKey">,
  sessions: number,
  opts: { input?: FrictionIssuesInput; timeoutMs?: number } = {},
): Promise<FrictionIssues> {
  return waitForFriction(collector, (r) => r.sessions >= sessions, opts);
}

/**
 * Waits until the collector holds at least `sessions` sessions and has analysed every one of them on all of
 * its batches (its `session_analysis` row covers the session's batch count), reading the collector's
 * database file: the friction read then counts each session as it finally is, not as a batch left it.
 */
export async function waitForAllAnalysed(
  collector: Pick<RunningCollector, "dataDir">,
  sessions: number,
  opts: { timeoutMs?: number } = {},
): Promise<{ sessions: number; analysed: number }> {
  const db = createClient({ url: `file:${join(collector.dataDir, "rerun.db")}` });
  const read = async () => {
    const result = await db.execute(
      `select count(*) as sessions, coalesce(sum(a.batch_count = s.batch_count), 0) as analysed
      from sessions s left join session_analysis a on a.session_id = s.id`,
    );
    const row = result.rows[0]!;
    return { sessions: Number(row.sessions), analysed: Number(row.analysed) };
  };
  try {
    const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
    let last = await read();
    while ((last.sessions < sessions || last.analysed < last.sessions) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      last = await read();
    }
    return last;
  } finally {
    db.close();
  }
}
