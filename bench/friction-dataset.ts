/**
 * The friction benchmark's data and timings, run under Deno with the collector's V8 flags (`bench/friction.ts`
 * starts it): a `file:` database of 1,000,000 sessions and 5,000,000 findings over 30 days, 200 routes and
 * 2,000 issues, written through the collector's own storage functions (`insertBatch` for each session,
 * `writeSessionFriction` for its analysis, `settleRollups` for the sketches) — never by hand-written SQL —
 * then `friction.issues` and `friction.issue` timed through the read path's functions, and the CPU to settle
 * one 10-minute session measured on that database. Generation is resumable (its progress is committed with
 * each chunk) and skipped when the database is already complete. Prints one JSON line on stdout.
 *
 * Shape of the data: sessions spread evenly over the days; each visits 1–4 of 200 routes (Zipf) and has 0–10
 * findings (5 on average), each of one of 2,000 issues (Zipf, s = 1: the top issue holds 12 %), whose route
 * it then visits too; 60 % of sessions are identified among 200,000 users; ten releases, each live for six
 * days, overlapping.
 */
import { argv, cpuUsage, env } from "node:process";
import { mkdir, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseCollectorConfig } from "../shared/config.ts";
import { type Finding, FINDING_KINDS, type FrictionReport } from "../shared/report.ts";
import type { CollectorDeps } from "../collector/deps.ts";
import { fingerprintOf } from "../collector/friction/fingerprint.ts";
import { hashUserKey } from "../collector/friction/users-sketch.ts";
import { DAY_MS } from "../collector/friction/window.ts";
import { silentLogger } from "../collector/ops/logger.ts";
import { createMetrics } from "../collector/ops/metrics.ts";
import { createRefusalLog } from "../collector/ops/refusals.ts";
import { getFrictionIssue, listFrictionIssues } from "../collector/read/friction-issues.ts";
import {
  type AnalyseDeps,
  analyseStoredSession,
  type BatchRefs,
  createSettleSetup,
  createWorkerAnalyseDeps,
  frictionOfReport,
  type SettleSetup,
} from "../collector/settle/analyse-session.ts";
import { analyzeSession } from "../collector/analysis/report.ts";
import { orderStoredBatches, stitchBatches } from "../collector/analysis/stitch.ts";
import type { RecordedEvent } from "../shared/batch.ts";
import { insertBatch } from "../collector/storage/batches.ts";
import { batchBlobKey } from "../collector/storage/blobs/blob-store.ts";
import { createFsBlobStore } from "../collector/storage/blobs/fs-store.ts";
import { migrateDatabase, openDatabase } from "../collector/storage/db.ts";
import { settleRollups } from "../collector/storage/friction-cells.ts";
import { deleteSessions } from "../collector/storage/retention.ts";
import { type SessionFriction, writeSessionFriction } from "../collector/storage/friction-write.ts";
import {
  type DueSession,
  getSessionsToAnalyse,
  listBatchPlaces,
  readFrictionState,
} from "../collector/storage/settle-queue.ts";
import { SESSIONS_PER_ROUND } from "../collector/settle/settle-loop.ts";
import { gunzipSync, gzipSync } from "node:zlib";
import { REAL_FLOW_EVENTS_PER_SECOND } from "./report-timing.ts";
import { createRandom, generateSessionEvents } from "./synthetic-session.ts";

export const SHAPE = {
  /** `BENCH_FRICTION_SESSIONS` makes a smaller dataset for a trial run; the benchmark's figure is 1,000,000. */
  sessions: Number(env.BENCH_FRICTION_SESSIONS ?? 1_000_000),
  days: 30,
  routes: 200,
  issues: 2_000,
  releases: 10,
  users: 200_000,
  identifiedShare: 0.6,
  maxFindingsPerSession: 10,
} as const;

const APP = "bench_app";
/** The dataset's last day ends here, so "30d" covers it whatever day the benchmark runs. */
const END_MS = Date.parse("2026-06-30T23:00:00Z");
const CHUNK = 2_500;
const PROGRESS_KEY = "bench_generated";
const SHAPE_KEY = "bench_shape";

type Issue = {
  fingerprint: string;
  kind: (typeof FINDING_KINDS)[number];
  route: string;
  key: string;
  title: string;
};

/** Zipf(s = 1) over n ranks: a cumulative table to sample from. */
function zipfTable(n: number): Float64Array {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1);
  for (let i = 0; i < n; i++) cdf[i]! /= sum;
  return cdf;
}

function sample(cdf: Float64Array, r: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const ROUTES = Array.from({ length: SHAPE.routes }, (_, i) => `/section-${i % 20}/page-${i}/:id`);
const routeUrl = (route: string, n: number) => `https://bench.example${route.replace(":id", String(n))}`;

function makeIssues(rand: () => number, routeCdf: Float64Array): Issue[] {
  return Array.from({ length: SHAPE.issues }, (_, j) => {
    const route = ROUTES[sample(routeCdf, rand())]!;
    const kind = FINDING_KINDS[j % FINDING_KINDS.length]!;
    const key = `#control-${j}`;
    return {
      fingerprint: fingerprintOf({ appId: APP, kind, route, key }),
      kind,
      route,
      key,
      title: `${kind} on ${key} on ${route}`,
    };
  });
}

/** The sessions of chunk `[from, to)`: their rows for `insertBatch` and their analyses. */
function makeChunk(
  from: number,
  to: number,
  issues: Issue[],
  tables: { route: Float64Array; issue: Float64Array },
) {
  const perDay = SHAPE.sessions / SHAPE.days;
  const firstDay = Math.floor(END_MS / DAY_MS) - SHAPE.days + 1;
  const out: Array<{ start: number; friction: SessionFriction; userId: string | null; pages: string[] }> = [];
  for (let i = from; i < to; i++) {
    const rand = createRandom(i + 1);
    const day = firstDay + Math.floor(i / perDay);
    const start = day * DAY_MS + Math.floor(((i % perDay) / perDay) * (DAY_MS - 15 * 60_000));
    const live = Array.from({ length: SHAPE.releases }, (_, r) => r).filter((r) => {
      const from = Math.floor((r * SHAPE.days) / SHAPE.releases);
      return day - firstDay >= from && day - firstDay < from + 6;
    });
    const release = `r${live.length > 1 && rand() < 0.7 ? live.at(-1)! : live[0] ?? 0}`;
    const userId = rand() < SHAPE.identifiedShare ? `u${Math.floor(rand() * SHAPE.users)}` : null;
    const routes = new Set<string>();
    for (let k = 1 + Math.floor(rand() * 4); k > 0; k--) routes.add(ROUTES[sample(tables.route, rand())]!);
    const findings: Finding[] = [];
    const rows: SessionFriction["findings"] = [];
    const seen = new Map<string, Issue>();
    for (let k = Math.floor(rand() * (SHAPE.maxFindingsPerSession + 1)); k > 0; k--) {
      const issue = issues[sample(tables.issue, rand())]!;
      routes.add(issue.route);
      seen.set(issue.fingerprint, issue);
      const startMs = Math.floor(rand() * 600_000);
      const url = routeUrl(issue.route, 1 + Math.floor(rand() * 10_000));
      const evidence = `${issue.kind} on ${issue.key} at ${Math.floor(startMs / 60_000)}:${
        String(Math.floor(startMs / 1000) % 60).padStart(2, "0")
      }`;
      findings.push({ kind: issue.kind, startMs, endMs: startMs + 1_000, severity: "medium", url, evidence });
      rows.push({
        fingerprint: issue.fingerprint,
        kind: issue.kind,
        route: issue.route,
        at: start + startMs,
        startMs,
        occurrences: 1,
        url,
        evidence,
      });
    }
    findings.sort((a, b) => a.startMs - b.startMs);
    const sessionId = `bench_s_${String(i).padStart(7, "0")}`;
    const pages = [...routes].map((r) => routeUrl(r, i));
    const report: FrictionReport = {
      sessionId,
      appId: APP,
      startedAt: new Date(start).toISOString(),
      durationMs: 600_000,
      rulesVersion: createSettleSetup([]).versions.rulesVersion,
      pages,
      frictionScore: Math.min(100, findings.length * 10),
      findings,
      summary: `${findings.length} findings over 10 minutes on ${pages.length} pages.`,
      stats: { clicks: 40, pageviews: pages.length, errors: 0, networkErrors: 0, inputs: 12 },
    };
    const userKey = userId ?? `s:${sessionId}`;
    out.push({
      start,
      userId,
      pages,
      friction: {
        sessionId,
        appId: APP,
        release,
        userKey,
        userHash: hashUserKey(userKey),
        day,
        startedAt: start,
        batchCount: 1,
        rulesVersion: report.rulesVersion,
        groupingVersion: createSettleSetup([]).versions.groupingVersion,
        routes: [...routes],
        report: JSON.stringify(report),
        analyzedAt: start + 700_000,
        findings: rows,
        issues: [...seen.values()].map((issue) => ({
          fingerprint: issue.fingerprint,
          kind: issue.kind,
          route: issue.route,
          key: issue.key,
          title: issue.title,
          selector: issue.key,
          tag: "button",
        })),
      },
    });
  }
  return out;
}

function createDeps(dbPath: string, blobDir: string, db: CollectorDeps["db"]): CollectorDeps {
  const config = parseCollectorConfig({ DATABASE_URL: `file:${dbPath}`, BLOB_DIR: blobDir });
  return {
    config,
    db,
    blobs: createFsBlobStore(blobDir),
    log: silentLogger,
    metrics: createMetrics(),
    refusals: createRefusalLog(),
    now: () => END_MS,
  };
}

/**
 * Generates up to `limit` more sessions. A process generates a slice and exits: `@libsql/client` 0.18 keeps
 * about 13 KB of native memory per `batch` call that no garbage collection returns (measured here, on Node 22
 * and Deno 2.9 alike), so one process for a million sessions would need tens of gigabytes.
 */
async function generate(
  deps: CollectorDeps,
  limit: number,
  log: (line: string) => void,
): Promise<{ generateMs: number; done: boolean; total: number }> {
  const rand = createRandom(42);
  const tables = { route: zipfTable(SHAPE.routes), issue: zipfTable(SHAPE.issues) };
  const issues = makeIssues(rand, tables.route);
  let next = (await readFrictionState<number>(deps.db, PROGRESS_KEY)) ?? 0;
  const started = performance.now();
  const startedAt = next;
  const stopAt = Math.min(SHAPE.sessions, next + limit);
  while (next < stopAt) {
    const to = Math.min(SHAPE.sessions, next + CHUNK);
    const chunk = makeChunk(next, to, issues, tables);
    for (const s of chunk) {
      await insertBatch(deps.db, {
        sessionId: s.friction.sessionId,
        windowId: `${s.friction.sessionId}_w`,
        sequence: 0,
        appId: APP,
        blobKey: `bench/${s.friction.sessionId}.json.gz`,
        eventCount: 6_000,
        bytes: 150_000,
        rawBytes: 1_500_000,
        firstTs: s.start,
        lastTs: s.start + 600_000,
        receivedAt: s.start + 600_000,
        userId: s.userId,
        trigger: null,
        consent: null,
        release: s.friction.release,
        settleDueAt: s.start + 600_000,
        pages: s.pages.map((url, k) => ({ url, firstTs: s.start + k * 1000 })),
      });
    }
    await writeSessionFriction(deps.db, chunk.map((s) => s.friction), {
      key: PROGRESS_KEY,
      value: String(to),
    });
    await settleRollups(deps.db);
    next = to;
    if (next % 10_000 === 0 || next === stopAt) {
      const rate = (next - startedAt) / ((performance.now() - started) / 1000);
      log(`generated ${next} of ${SHAPE.sessions} sessions (${Math.round(rate)} sessions/s)`);
    }
  }
  return { generateMs: performance.now() - started, done: next >= SHAPE.sessions, total: next };
}

type Percentiles = { p50: number; p95: number; max: number; runs: number };

function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  const round = (x: number) => Math.round(x * 10) / 10;
  return { p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted.at(-1)!), runs: sorted.length };
}

async function time(runs: number, body: (i: number) => Promise<unknown>): Promise<Percentiles> {
  for (let i = 0; i < 3; i++) await body(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await body(i);
    samples.push(performance.now() - t0);
  }
  return percentiles(samples);
}

/** Sessions per measured round, as the settle loop commits them (`SESSIONS_PER_ROUND`). */
const ROUND = SESSIONS_PER_ROUND;
const ROUNDS = 6;
/** Passes over the first round's sessions before the rounds (see `settleCpu`). */
const WARM_UP_PASSES = 15;
/** A busy real flow records about 10 events/s (`report-timing.ts`): 6,000 in ten minutes. */
const TEN_MINUTES_OF_EVENTS = 10 * 60 * REAL_FLOW_EVENTS_PER_SECOND;

/** Stores one synthetic 10-minute session as ingest would: 120 gzip blobs (one per 5 s batch) and rows. */
async function storeTenMinuteSession(deps: CollectorDeps, k: number): Promise<void> {
  const sessionId = `bench_settle_${String(k).padStart(4, "0")}`;
  const start = END_MS - 3_600_000 + k * 10_000;
  const events = generateSessionEvents({
    count: TEN_MINUTES_OF_EVENTS,
    startTs: start,
    seed: 500 + k,
    eventsPerSecond: 10,
    pageEvery: 1_500,
  });
  const perBatch = Math.ceil(events.length / 120);
  let batches = 0;
  for (let seq = 0; seq * perBatch < events.length; seq++, batches++) {
    const slice = events.slice(seq * perBatch, (seq + 1) * perBatch);
    const ref = { appId: APP, sessionId, windowId: "w_settle_0", sequence: seq };
    await deps.blobs.put(batchBlobKey(ref), gzipSync(JSON.stringify({ ...ref, meta: {}, events: slice })));
    await insertBatch(deps.db, {
      ...ref,
      blobKey: batchBlobKey(ref),
      eventCount: slice.length,
      bytes: 1,
      rawBytes: 1,
      firstTs: slice[0]!.timestamp,
      lastTs: slice.at(-1)!.timestamp,
      receivedAt: slice.at(-1)!.timestamp,
      userId: null,
      trigger: null,
      consent: null,
      release: "r9",
      settleDueAt: slice.at(-1)!.timestamp,
      pages: [],
    });
  }
  if (batches !== 120) throw new Error(`a 10-minute session was stored as ${batches} batches, not 120`);
}

/** The sessions {@link storeSettleSessions} stored (and any an interrupted run left), by id. */
async function storedSettleSessions(deps: CollectorDeps): Promise<string[]> {
  const rows = await deps.db.$client.execute(
    "select id from sessions where id like 'bench_settle_%' order by id",
  );
  return rows.rows.map((r) => String(r.id));
}

/**
 * Stores the sessions the settle measurement settles, in a process of its own (`settle-store`): generating
 * them leaves tens of megabytes of garbage, which the settle Worker's isolate never has, and whose collection
 * would otherwise fall into the measured rounds.
 */
export async function storeSettleSessions(dbPath: string, log: (line: string) => void) {
  const { close, deps } = await openCompleteDataset(dbPath);
  try {
    // Whatever an interrupted run left goes first, so every run times the same million plus these.
    await deleteSessions(deps, await storedSettleSessions(deps));
    for (let k = 0; k < ROUNDS * ROUND; k++) await storeTenMinuteSession(deps, k);
    log(`stored ${ROUNDS * ROUND} 10-minute sessions to settle`);
    return { stored: ROUNDS * ROUND };
  } finally {
    close();
  }
}

const cpuMs = () => {
  const c = cpuUsage();
  return (c.user + c.system) / 1000;
};

/** CPU of one session's settling, step by step, in ms (see {@link settleSteps}). */
export type SettleSteps = {
  blobReads: number;
  gunzip: number;
  utf8: number;
  jsonParse: number;
  stitch: number;
  analysis: number;
  grouping: number;
  listBatches: number;
  write: number;
  rollups: number;
};

const UTF8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * The Worker's part of settling `session`, one step at a time, through the functions the read path and the
 * settle Worker call (the same blob store, `gunzipSync`, `TextDecoder`, `JSON.parse`, `stitchBatches`,
 * `analyzeSession`, `frictionOfReport`): where the time of {@link analyseStoredSession} goes.
 */
async function settleSteps(
  deps: AnalyseDeps,
  of: { session: DueSession; refs: BatchRefs; setup: SettleSetup },
  steps: Pick<
    SettleSteps,
    "blobReads" | "gunzip" | "utf8" | "jsonParse" | "stitch" | "analysis" | "grouping"
  >,
): Promise<void> {
  const { session, refs, setup } = of;
  const { ordered } = orderStoredBatches(refs);
  let c = cpuMs();
  const compressed: Array<Uint8Array | null> = [];
  for (let i = 0; i < ordered.length; i += 8) {
    compressed.push(...await Promise.all(ordered.slice(i, i + 8).map((ref) => deps.blobs.get(ref.blobKey))));
  }
  steps.blobReads += cpuMs() - c;
  c = cpuMs();
  const raw = compressed.map((bytes) => gunzipSync(bytes!));
  steps.gunzip += cpuMs() - c;
  c = cpuMs();
  const texts = raw.map((bytes) => UTF8.decode(bytes));
  steps.utf8 += cpuMs() - c;
  c = cpuMs();
  const blobs = texts.map((text) => JSON.parse(text) as { events: RecordedEvent[] });
  steps.jsonParse += cpuMs() - c;
  c = cpuMs();
  const { events } = stitchBatches(ordered.map((ref, i) => ({ ...ref, events: blobs[i]!.events })));
  steps.stitch += cpuMs() - c;
  c = cpuMs();
  const report = analyzeSession({ sessionId: session.id, appId: session.appId, events });
  steps.analysis += cpuMs() - c;
  c = cpuMs();
  frictionOfReport(session, report, events, { ...setup, now: END_MS });
  steps.grouping += cpuMs() - c;
}

/**
 * CPU (user + system, this process) to settle 10-minute sessions into the big database, per session, as the
 * loop does it: rounds of 20 analysed one by one, then written in one transaction. The first round warms up
 * and is not counted. Split into what stays on the event loop (listing batches, writing, rollups) and what
 * the settle Worker does (reading blobs, stitching, analysing, grouping), and, in a second pass over the
 * counted sessions after every round, the Worker's part step by step.
 */
async function settleCpu(deps: CollectorDeps, blobDir: string, log: (line: string) => void) {
  const setup = createSettleSetup([]);
  // As the settle Worker reads and analyses (`settle-worker.ts`), on this thread.
  const analyseDeps = createWorkerAnalyseDeps(deps.config, silentLogger);
  const ids = await storedSettleSessions(deps);
  if (ids.length !== ROUNDS * ROUND) {
    throw new Error(
      `${ids.length} sessions to settle are stored, not ${ROUNDS * ROUND}: run settle-store first`,
    );
  }
  const rounds: Array<
    { perSessionMs: number; mainMs: number; workerMs: number; wallMs: number; findings: number }
  > = [];
  const counted: Array<{ session: DueSession; refs: BatchRefs; setup: SettleSetup }> = [];
  const steps: SettleSteps = {
    blobReads: 0,
    gunzip: 0,
    utf8: 0,
    jsonParse: 0,
    stitch: 0,
    analysis: 0,
    grouping: 0,
    listBatches: 0,
    write: 0,
    rollups: 0,
  };
  // The settle Worker is a long-lived isolate that only settles: before the rounds, the first round's
  // sessions are analysed WARM_UP_PASSES times, so the heap has grown to settling's size as the Worker's has
  // (a fresh isolate's heap is sized for little: after 5 passes the rounds still fell from 40 to 25 ms per
  // session, after 15 they are flat).
  const warmUp = await getSessionsToAnalyse(deps.db, ids.slice(0, ROUND));
  for (let pass = 0; pass < WARM_UP_PASSES; pass++) {
    for (const session of warmUp) {
      await analyseStoredSession(analyseDeps, session, await listBatchPlaces(deps.db, session.id), setup);
    }
  }
  for (let r = 0; r < ROUNDS; r++) {
    const sessions = (await getSessionsToAnalyse(deps.db, ids.slice(r * ROUND, (r + 1) * ROUND)))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    let list = 0;
    let worker = 0;
    let findings = 0;
    const t0 = performance.now();
    const results: SessionFriction[] = [];
    const refsOf: BatchRefs[] = [];
    for (const session of sessions) {
      let c = cpuMs();
      const refs = await listBatchPlaces(deps.db, session.id);
      list += cpuMs() - c;
      refsOf.push(refs);
      c = cpuMs();
      const friction = await analyseStoredSession(analyseDeps, session, refs, setup);
      worker += cpuMs() - c;
      if (!friction) throw new Error("a stored 10-minute session could not be read back");
      findings += friction.findings.length;
      results.push(friction);
    }
    let c = cpuMs();
    await writeSessionFriction(deps.db, results);
    const write = cpuMs() - c;
    c = cpuMs();
    await settleRollups(deps.db);
    const rollups = cpuMs() - c;
    const main = list + write + rollups;
    rounds.push({
      perSessionMs: (main + worker) / ROUND,
      mainMs: main / ROUND,
      workerMs: worker / ROUND,
      wallMs: (performance.now() - t0) / ROUND,
      findings: findings / ROUND,
    });
    log(`settle round ${r + 1}: ${JSON.stringify(rounds.at(-1))}`);
    if (r === 0) continue;
    steps.listBatches += list;
    steps.write += write;
    steps.rollups += rollups;
    for (const [k, session] of sessions.entries()) counted.push({ session, refs: refsOf[k]!, setup });
  }
  // After every round, so the garbage of this pass (which holds a whole session's buffers, texts and events at
  // once) is not collected inside a measured round.
  for (const of of counted) await settleSteps(analyseDeps, of, steps);
  // The measured sessions leave the dataset, so every run times the same million.
  await deleteSessions(deps, ids);
  await rm(blobDir, { recursive: true, force: true });
  const countedRounds = rounds.slice(1);
  const round = (x: number) => Math.round(x * 10) / 10;
  const median = (xs: number[]) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
  const perSession = Object.fromEntries(
    Object.entries(steps).map((
      [step, ms],
    ) => [step, Math.round((ms / (countedRounds.length * ROUND)) * 100) / 100]),
  ) as SettleSteps;
  return {
    events: TEN_MINUTES_OF_EVENTS,
    perSessionCpuMs: median(countedRounds.map((m) => m.perSessionMs)),
    mainThreadCpuMs: median(countedRounds.map((m) => m.mainMs)),
    workerCpuMs: median(countedRounds.map((m) => m.workerMs)),
    wallMsPerSession: median(countedRounds.map((m) => m.wallMs)),
    findingsPerSession: median(countedRounds.map((m) => m.findings)),
    steps: perSession,
    rounds,
  };
}

async function openDataset(dbPath: string) {
  await mkdir(dirname(dbPath), { recursive: true });
  const blobDir = join(dirname(dbPath), "friction-blobs");
  const config = parseCollectorConfig({ DATABASE_URL: `file:${dbPath}`, BLOB_DIR: blobDir });
  const { db, close } = await openDatabase(config);
  await migrateDatabase(db);
  // Generation only: one fsync per checkpoint instead of one per commit (WAL stays consistent on a crash).
  // The collector keeps SQLite's default (FULL); the settle measurement below switches back to it.
  await db.$client.execute("PRAGMA synchronous = NORMAL");
  const deps = createDeps(dbPath, blobDir, db);
  const previous = await readFrictionState<typeof SHAPE>(db, SHAPE_KEY);
  if (previous !== null && JSON.stringify(previous) !== JSON.stringify(SHAPE)) {
    throw new Error(`${dbPath} holds a dataset of another shape; delete it to generate this one`);
  }
  await db.$client.execute({
    sql: "insert into friction_state (key, value) values (?, ?) on conflict (key) do nothing",
    args: [SHAPE_KEY, JSON.stringify(SHAPE)],
  });
  return { db, close, deps, blobDir };
}

/** Generates up to `limit` more sessions of the dataset in `dbPath` (creating it), and says how far it got. */
export async function generateFrictionDataset(dbPath: string, limit: number, log: (line: string) => void) {
  const { close, deps } = await openDataset(dbPath);
  try {
    return await generate(deps, limit, log);
  } finally {
    close();
  }
}

/** The complete dataset in `dbPath`, opened; throws when its generation has not finished. */
async function openCompleteDataset(dbPath: string) {
  const dataset = await openDataset(dbPath);
  const generated = (await readFrictionState<number>(dataset.db, PROGRESS_KEY)) ?? 0;
  if (generated < SHAPE.sessions) {
    dataset.close();
    throw new Error(`${dbPath} holds ${generated} of ${SHAPE.sessions} sessions`);
  }
  return dataset;
}

/** Times the settling alone on the complete dataset in `dbPath` (`npm run bench -- friction-settle`). */
export async function measureFrictionSettle(dbPath: string, log: (line: string) => void) {
  const { db, close, deps, blobDir } = await openCompleteDataset(dbPath);
  try {
    await db.$client.execute("PRAGMA synchronous = FULL");
    return { shape: SHAPE, settle: await settleCpu(deps, blobDir, log) };
  } finally {
    close();
  }
}

/** Times the reads and the settling on the complete dataset in `dbPath`. */
export async function measureFrictionDataset(dbPath: string, log: (line: string) => void) {
  const { db, close, deps, blobDir } = await openCompleteDataset(dbPath);
  const count = async (table: string) =>
    Number((await db.$client.execute(`select count(*) as n from ${table}`)).rows[0]?.n ?? 0);
  const sizes = {
    sessions: await count("sessions"),
    findings: await count("friction_findings"),
    issues: await count("friction_issues"),
    dailyCells: await count("friction_daily"),
    routeCells: await count("route_daily"),
    databaseMiB: Math.round((await stat(dbPath)).size / 2 ** 20),
  };
  log(`dataset: ${JSON.stringify(sizes)}`);

  const top = await listFrictionIssues(deps, { since: "30d", limit: 100 });
  const ranks = [0, 1, 2, 4, 9, 19, 49, 99];
  const sampleFingerprints = ranks.map((r) => top.issues[Math.min(r, top.issues.length - 1)]!.fingerprint);
  const list30 = await time(30, () => listFrictionIssues(deps, { since: "30d", limit: 20 }));
  log(`friction.issues 30d top 20: ${JSON.stringify(list30)}`);
  const list7 = await time(30, () => listFrictionIssues(deps, { since: "7d", limit: 20 }));
  const compare = await time(
    30,
    () => listFrictionIssues(deps, { since: "30d", release: "r9", compareRelease: "r8", limit: 20 }),
  );
  log(`friction.issues 30d r9 vs r8: ${JSON.stringify(compare)}`);
  const one = await time(
    40,
    (i) => getFrictionIssue(deps, { fingerprint: sampleFingerprints[i % ranks.length]!, since: "30d" }),
  );
  log(`friction.issue: ${JSON.stringify(one)}`);
  const oneTop = await time(
    20,
    () => getFrictionIssue(deps, { fingerprint: sampleFingerprints[0]!, since: "30d" }),
  );
  await db.$client.execute("PRAGMA synchronous = FULL");
  const settle = await settleCpu(deps, blobDir, log);
  close();
  return {
    shape: SHAPE,
    sizes,
    topIssue: { sessions: top.issues[0]!.sessions, users: top.issues[0]!.users, share: top.issues[0]!.share },
    windowSessions: top.sessions,
    timings: { list30, list7, compare, one, oneTop },
    settle,
  };
}

/** Sessions one process generates before it exits (see `generate`): about 1 GB of leaked native memory. */
export const SESSIONS_PER_PROCESS = 25_000;

if ((import.meta as { main?: boolean }).main) {
  const [path, mode] = [argv[2], argv[3]];
  const modes = ["generate", "settle-store", "settle", "measure"];
  if (!path || !mode || !modes.includes(mode)) {
    throw new Error(`usage: deno run … bench/friction-dataset.ts <database file> ${modes.join("|")}`);
  }
  const log = (line: string) => console.error(line);
  const result = mode === "generate"
    ? await generateFrictionDataset(path, SESSIONS_PER_PROCESS, log)
    : mode === "settle-store"
    ? await storeSettleSessions(path, log)
    : mode === "settle"
    ? await measureFrictionSettle(path, log)
    : await measureFrictionDataset(path, log);
  console.log(JSON.stringify(result));
}
