/**
 * The settle loop (SPEC §8): in the background, off every request path, it analyses each session once it
 * settles and keeps its findings as friction rows, then re-analyses stored sessions, newest first, when the
 * rules or the grouping change.
 *
 * - Bounded: a round reads at most {@link SESSIONS_PER_ROUND} sessions, one at a time, and commits them in
 *   one transaction; nothing is queued in memory, so a backlog of a million sessions costs what one round
 *   costs. Between rounds the loop sleeps so that it takes at most {@link BUSY_SHARE} of the event loop
 *   (or of the settle Worker's time), and {@link LOADED_SHARE} while ingest is busy.
 * - Resumable and idempotent: the position (settle time, session id) is stored with the results in the same
 *   transaction (`settle-queue.ts`), and writing a session replaces whatever it contributed before
 *   (`friction-write.ts`). A kill -9 loses at most the uncommitted round, which the next start redoes.
 * - A storage failure ends the round without moving the cursor; the next round, after a pause, retries.
 */
import type { CollectorDeps } from "../deps.ts";
import { settleRollups } from "../storage/friction-cells.ts";
import { type SessionFriction, writeFrictionState, writeSessionFriction } from "../storage/friction-write.ts";
import {
  type AnalysedPosition,
  type DueSession,
  getSessionsToAnalyse,
  listBatchPlaces,
  listDueSessions,
  listLateSessions,
  listOutdatedAnalyses,
  readFrictionState,
  type SettleCursor,
} from "../storage/settle-queue.ts";
import {
  analyseStoredSession,
  type BatchRefs,
  createSettleSetup,
  type SettleSetup,
} from "./analyse-session.ts";

/** Sessions analysed and committed per round: a transaction of a few hundred small statements. */
export const SESSIONS_PER_ROUND = 20;
/** The largest share of wall time the loop keeps busy while it has a backlog; ingest keeps the rest. */
export const BUSY_SHARE = 0.25;
/**
 * While ingest accepts more than {@link BUSY_INGEST_PER_SECOND} batches a second, settling keeps only
 * {@link LOADED_SHARE} of its time: a backlog waits, ingest does not. On two cores under a closed ingest loop,
 * settling at a 0.5 share cost ingest 24 % of its batches per second (the settle Worker, the batch reader
 * Worker and the event loop share the cores); the event loop's own lag did not show it, as most of a batch's
 * work runs on the batch reader's Worker. 10 batches a second is about 50 people recording at once.
 */
export const BUSY_INGEST_PER_SECOND = 10;

/** How long to pause after a round that kept the loop busy `busyMs`, so it takes `share` of the time. */
export function pauseAfterRound(busyMs: number, opts: { share: number; ingestPerSecond: number }): number {
  const share = opts.ingestPerSecond > BUSY_INGEST_PER_SECOND
    ? Math.min(opts.share, LOADED_SHARE)
    : opts.share;
  return busyMs * (1 - share) / share;
}
export const LOADED_SHARE = 0.05;
/** Pause when there is nothing to do: settling is a matter of minutes, a second's delay is invisible. */
export const IDLE_MS = 1_000;
/** Pause after a storage failure before trying again. */
export const RETRY_MS = 10_000;
/**
 * How far behind its cursor the loop looks again for sessions whose analysis is not current: a batch
 * received just before the cursor passed its session but committed just after, or stamped by a collector
 * whose clock runs behind this one's.
 */
export const LATE_WINDOW_MS = 60_000;

const CURSOR_KEY = "settle_cursor";
const REANALYSIS_KEY = "reanalysis";

type Reanalysis = { versions: string; before: AnalysedPosition | null };

export type SettleRound = { analysed: number; passed: number; reanalysed: number };

export type SettleLoop = {
  /** Runs rounds until no session is due or outdated (tests and benchmarks; the loop does this itself). */
  drain(): Promise<SettleRound>;
  stop(): Promise<void>;
};

/**
 * Analyses one session from its stored batches: on this thread (`analyseStoredSession`) or on the settle
 * Worker (`worker-settle.ts`). The database is only ever touched by the loop, on the calling thread.
 */
export type Analyser = (session: DueSession, refs: BatchRefs) => Promise<SessionFriction | null>;

export type SettleContext = { setup: SettleSetup; analyse: Analyser };

/** The context that analyses on this thread. */
export function inThreadSettle(
  deps: CollectorDeps,
  setup: SettleSetup = createSettleSetup(deps.config.ROUTE_TEMPLATES),
): SettleContext {
  const analyseDeps = { ...deps, maxSessionBytes: deps.config.MAX_SESSION_BYTES };
  return { setup, analyse: (session, refs) => analyseStoredSession(analyseDeps, session, refs, setup) };
}

/** One round: due sessions first, then those just behind the cursor, then outdated analyses. */
export async function runSettleRound(deps: CollectorDeps, ctx: SettleContext): Promise<SettleRound> {
  const setup = ctx.setup;
  const { db } = deps;
  const versions = setup.versions;
  const cursor = (await readFrictionState<SettleCursor>(db, CURSOR_KEY)) ?? { due: 0, id: "" };
  const due = await listDueSessions(db, {
    after: cursor,
    now: deps.now(),
    limit: SESSIONS_PER_ROUND,
    versions,
  });
  if (due.length > 0) {
    const todo = due.filter((s) => !s.current);
    const last = due[due.length - 1]!;
    const next: SettleCursor = { due: last.settleDueAt, id: last.id };
    await analyseAndWrite(deps, ctx, todo, { key: CURSOR_KEY, value: JSON.stringify(next) });
    return { analysed: todo.length, passed: due.length - todo.length, reanalysed: 0 };
  }
  const late = await listLateSessions(db, {
    from: cursor.due - LATE_WINDOW_MS,
    to: cursor.due,
    limit: SESSIONS_PER_ROUND,
    versions,
  });
  if (late.length > 0) {
    await analyseAndWrite(deps, ctx, late);
    return { analysed: late.length, passed: 0, reanalysed: 0 };
  }
  const { reanalysed, scanned } = await reanalyseOutdated(deps, ctx);
  return { analysed: 0, passed: scanned - reanalysed, reanalysed };
}

/** Re-analyses the next outdated sessions, newest first, after a rules or grouping version change. */
async function reanalyseOutdated(
  deps: CollectorDeps,
  ctx: SettleContext,
): Promise<{ reanalysed: number; scanned: number }> {
  const setup = ctx.setup;
  const versions = `${setup.versions.rulesVersion}|${setup.versions.groupingVersion}`;
  let state = await readFrictionState<Reanalysis>(deps.db, REANALYSIS_KEY);
  if (state === null || state.versions !== versions) {
    state = { versions, before: { startedAt: Number.MAX_SAFE_INTEGER, id: "" } };
  }
  if (state.before === null) return { reanalysed: 0, scanned: 0 };
  const { outdated, reached, scanned } = await listOutdatedAnalyses(deps.db, {
    before: state.before,
    limit: SESSIONS_PER_ROUND,
    versions: setup.versions,
  });
  const next: Reanalysis = { versions, before: reached };
  const sessions = await getSessionsToAnalyse(deps.db, outdated);
  await analyseAndWrite(deps, ctx, sessions, { key: REANALYSIS_KEY, value: JSON.stringify(next) });
  return { reanalysed: sessions.length, scanned };
}

async function analyseAndWrite(
  deps: CollectorDeps,
  ctx: SettleContext,
  sessions: readonly DueSession[],
  state?: { key: string; value: string },
): Promise<void> {
  const results: SessionFriction[] = [];
  for (const session of sessions) {
    const friction = await ctx.analyse(session, await listBatchPlaces(deps.db, session.id));
    if (friction) results.push(friction);
    // One session's analysis at a time; let requests in between.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  if (results.length > 0) await writeSessionFriction(deps.db, results, state);
  else if (state) await writeFrictionState(deps.db, [state]);
  await settleRollups(deps.db);
}

const workDone = (r: SettleRound) => r.analysed + r.passed + r.reanalysed > 0;

/** Starts the loop; `stop()` lets the current round finish, then ends it. */
export function startSettleLoop(
  deps: CollectorDeps,
  opts: {
    onError: (error: unknown) => void;
    onSettled?: (round: SettleRound) => void;
    /** Where sessions are analysed: this thread by default. */
    context?: SettleContext;
    /** Share of wall time the loop keeps busy with a backlog (default {@link BUSY_SHARE}). */
    busyShare?: number;
  },
): SettleLoop {
  const ctx = opts.context ?? inThreadSettle(deps);
  const share = opts.busyShare ?? BUSY_SHARE;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<SettleRound> | null = null;

  const round = (): Promise<SettleRound> => {
    running ??= runSettleRound(deps, ctx).finally(() => {
      running = null;
    });
    return running;
  };

  // Batches ingest accepted since the last round, per second: how busy it is.
  let lastAccepted = deps.metrics.acceptedBatches();
  let lastTick = performance.now();

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => void tick(), ms);
  };

  const ingestPerSecond = () => {
    const now = performance.now();
    const accepted = deps.metrics.acceptedBatches();
    const rate = (accepted - lastAccepted) / Math.max(0.001, (now - lastTick) / 1000);
    lastAccepted = accepted;
    lastTick = now;
    return rate;
  };

  const tick = async () => {
    const started = performance.now();
    const ingest = ingestPerSecond();
    try {
      const result = await round();
      if (workDone(result)) opts.onSettled?.(result);
      const busy = performance.now() - started;
      schedule(workDone(result) ? pauseAfterRound(busy, { share, ingestPerSecond: ingest }) : IDLE_MS);
    } catch (error) {
      opts.onError(error);
      schedule(RETRY_MS);
    }
  };

  schedule(0);
  return {
    async drain() {
      const total: SettleRound = { analysed: 0, passed: 0, reanalysed: 0 };
      for (;;) {
        const r = await round();
        total.analysed += r.analysed;
        total.passed += r.passed;
        total.reanalysed += r.reanalysed;
        if (!workDone(r)) return total;
      }
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
