/**
 * Friction issues at scale (SPEC §8): `friction.issues` and `friction.issue` over a database of 1,000,000
 * sessions and 5,000,000 findings, the CPU to settle a 10-minute session, and ingest throughput with the
 * settle loop working beside it against without, in the same run.
 *
 * The dataset and the timings run under Deno with the collector's V8 flags (`friction-dataset.ts`), in
 * `.rerun/bench/friction.db`, which is kept: generating it takes about an hour on two cores, and a later run
 * reuses it (or finishes it, if generation was interrupted). Ingest runs against fresh collectors, alternately
 * one where no session settles during the run (no final batch, `SESSION_SETTLE_MINUTES=1440`) and one where
 * a session settles as soon as a batch is stored (`0`): each session sends two batches, so it may be analysed
 * after each, up to twice the settling work a real session (settled once) asks for.
 */
import { join } from "node:path";
import type { FrictionIssues } from "../shared/friction.ts";
import { createTemplates } from "./ingest.ts";
import { type BodyTemplate, type LoadSummary, makeBody, runClosedLoop } from "./ingest-load.ts";
import { runDenoScript } from "./deno-script.ts";
import { REPO_ROOT } from "./paths.ts";
import type { SettleSteps } from "./friction-dataset.ts";
import type { BenchContext, BenchOutput, Metric } from "./results.ts";
import { readCpuMs, startBenchCollector } from "./servers.ts";

const DATASET = join(REPO_ROOT, ".rerun", "bench", "friction.db");
const CONCURRENCY = 4;

type Percentiles = { p50: number; p95: number; max: number; runs: number };
type DatasetResult = {
  shape: Record<string, number>;
  sizes: Record<string, number>;
  topIssue: { sessions: number; users: number; share: number };
  windowSessions: number;
  timings: Record<"list30" | "list7" | "compare" | "one" | "oneTop", Percentiles>;
  settle: {
    events: number;
    perSessionCpuMs: number;
    mainThreadCpuMs: number;
    workerCpuMs: number;
    wallMsPerSession: number;
    findingsPerSession: number;
  };
};

function runDatasetUnderDeno<T>(
  mode: "generate" | "settle-store" | "settle" | "measure",
  log: (line: string) => void,
): Promise<T> {
  return runDenoScript<T>({
    script: join(REPO_ROOT, "bench", "friction-dataset.ts"),
    args: [DATASET, mode],
    permissions: ["--allow-read", "--allow-write", "--allow-env", "--allow-ffi", "--allow-sys"],
    env: {
      RUST_BACKTRACE: "0",
      ...(process.env.BENCH_FRICTION_SESSIONS
        ? { BENCH_FRICTION_SESSIONS: process.env.BENCH_FRICTION_SESSIONS }
        : {}),
    },
    log,
  });
}

/** Sessions of two batches each, the second `final` when `final`, over the templates in turn. */
function sessionBodies(templates: BodyTemplate[], runId: string, final: boolean) {
  let n = 0;
  return (): { body: Buffer; events: number } => {
    const template = templates[n % templates.length] as BodyTemplate;
    const session = Math.floor(n / 2);
    const sequence = n % 2;
    n++;
    const ids = {
      appId: "app_bench",
      sessionId: `s_friction_${runId}_${session}`,
      windowId: `w_friction_${runId}_${session}`,
      sequence,
      final: final && sequence === 1,
    };
    return { body: makeBody(template, ids), events: template.events };
  };
}

type IngestRun = LoadSummary & { settle: "off" | "on"; cpuMsPerBatch: number; sessionsSettled: number };

async function settledSessions(server: { url: string; readKey?: string }): Promise<number> {
  const input = encodeURIComponent(JSON.stringify({ since: "24h", limit: 1 }));
  const res = await fetch(`${server.url}/trpc/friction.issues?input=${input}`, {
    headers: { "x-rerun-key": server.readKey ?? "" },
  });
  if (res.status !== 200) return -1;
  return ((await res.json()) as { result: { data: FrictionIssues } }).result.data.sessions;
}

async function ingestRun(
  settle: "off" | "on",
  templates: BodyTemplate[],
  durationMs: number,
  log: (line: string) => void,
): Promise<IngestRun> {
  const server = await startBenchCollector({
    env: { SESSION_SETTLE_MINUTES: settle === "on" ? "0" : "1440" },
  });
  try {
    const target = { url: server.url, publicKey: server.publicKey };
    // Settling off: no final batch and a day to settle, so no session settles during the run.
    const final = settle === "on";
    await runClosedLoop({
      target,
      next: sessionBodies(templates, `warm${settle}`, final),
      concurrency: CONCURRENCY,
      durationMs: 5_000,
    });
    const before = await readCpuMs(server.pid);
    const summary = await runClosedLoop({
      target,
      next: sessionBodies(templates, `run${settle}`, final),
      concurrency: CONCURRENCY,
      durationMs,
    });
    const after = await readCpuMs(server.pid);
    const sessionsSettled = await settledSessions(server);
    const run: IngestRun = {
      ...summary,
      settle,
      cpuMsPerBatch: Math.round(((after.process - before.process) / Math.max(1, summary.ok)) * 100) / 100,
      sessionsSettled,
    };
    log(
      `ingest, settling ${settle}: ${run.batchesPerSecond} batches/s, p99 ${run.latencyMs.p99} ms, ${run.errors} errors, ${sessionsSettled} sessions settled`,
    );
    return run;
  } finally {
    await server.stop();
  }
}

/** Generates the dataset, or what is left of it; answers the time it took in this run. */
async function ensureDataset(log: (line: string) => void): Promise<number> {
  // Each process generates a slice (see SESSIONS_PER_PROCESS); the progress is kept in the database.
  let generateMs = 0;
  for (;;) {
    const slice = await runDatasetUnderDeno<{ generateMs: number; done: boolean }>("generate", log);
    generateMs += slice.generateMs;
    if (slice.done) return generateMs;
  }
}

export async function benchFriction(ctx: BenchContext): Promise<BenchOutput> {
  const generateMs = await ensureDataset(ctx.log);
  await runDatasetUnderDeno("settle-store", ctx.log);
  const data = await runDatasetUnderDeno<DatasetResult>("measure", ctx.log);
  const templates = createTemplates();
  const durationMs = ctx.mode === "full" ? 60_000 : 30_000;
  const runs: IngestRun[] = [];
  for (let pair = 0; pair < (ctx.mode === "full" ? 3 : 1); pair++) {
    runs.push(await ingestRun("off", templates, durationMs, ctx.log));
    runs.push(await ingestRun("on", templates, durationMs, ctx.log));
  }
  const rate = (settle: "off" | "on") => {
    const values = runs.filter((r) => r.settle === settle).map((r) => r.batchesPerSecond).sort((a, b) =>
      a - b
    );
    return values[Math.floor(values.length / 2)] ?? 0;
  };
  const cpu = (settle: "off" | "on") => {
    const values = runs.filter((r) => r.settle === settle).map((r) => r.cpuMsPerBatch).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)] ?? 0;
  };
  const off = rate("off");
  const on = rate("on");
  const t = data.timings;
  const metrics: Metric[] = [
    {
      metric: "friction.issues, 30 days, top 20 (p95)",
      value: t.list30.p95,
      unit: "ms",
      target: { kind: "max", value: 250 },
      compare: { p50: t.list30.p50 },
    },
    {
      metric: "friction.issues, 30 days, release vs release (p95)",
      value: t.compare.p95,
      unit: "ms",
      target: { kind: "max", value: 250 },
      compare: { p50: t.compare.p50 },
    },
    {
      metric: "friction.issue, 30 days (p95)",
      value: t.one.p95,
      unit: "ms",
      target: { kind: "max", value: 50 },
      compare: { p50: t.one.p50, "top issue p95": t.oneTop.p95 },
    },
    {
      metric: `CPU to settle a 10-minute session (${data.settle.events} events)`,
      value: data.settle.perSessionCpuMs,
      unit: "ms",
      target: { kind: "max", value: 20 },
      compare: { "event loop": data.settle.mainThreadCpuMs, "settle worker": data.settle.workerCpuMs },
    },
    {
      metric: "ingest with settling beside it, vs without",
      value: Math.round((on / Math.max(1e-9, off)) * 1000) / 10,
      unit: "%",
      target: { kind: "min", value: 90 },
      compare: {
        "batches/s with": on,
        "batches/s without": off,
        "CPU ms per batch with": cpu("on"),
        "CPU ms per batch without": cpu("off"),
      },
    },
  ];
  return {
    title: "Friction issues at 1,000,000 sessions",
    method: `A file: database of ${data.shape.sessions} sessions and ${data.sizes.findings} findings over ` +
      `${data.shape.days} days, ${data.shape.routes} routes and ${data.shape.issues} issues (Zipf, s = 1; ` +
      `${data.shape.releases} overlapping releases; 60 % of sessions identified among ${data.shape.users} users), ` +
      "written through the collector's own storage functions (insertBatch per session, writeSessionFriction in " +
      "chunks of 2,500, settleRollups), then, under Deno with the collector's V8 flags: listFrictionIssues and " +
      "getFrictionIssue (what friction.issues and friction.issue call, without HTTP) 30–40 times each after 3 " +
      "warm-ups; the CPU (user + system) to settle 10-minute synthetic sessions (6,000 events in 120 " +
      "gzip blobs, stored beforehand by a process of its own) into that database in six rounds of 20 as " +
      "the settle loop does (the Worker's part through the Worker's own blob store, with blocking reads), " +
      "after 15 warm-up passes over the first round, which is not counted; median of the rest " +
      "(`friction-settle` times it step by step). Ingest: a " +
      `fresh collector per run, in this run, closed loop at concurrency ${CONCURRENCY} for ${
        durationMs / 1000
      } s after ` +
      "a 5 s warm-up, sessions of two batches (2,000–4,500 events each), alternately with settling off (no " +
      "final batch, SESSION_SETTLE_MINUTES=1440: nothing settles) and on (the second batch final, " +
      "SESSION_SETTLE_MINUTES=0: a session is due as soon as a batch is stored, so it may be analysed after " +
      "each of its two batches); median of the runs; CPU per batch is the whole process, settle Worker included.",
    versionsOf: ["deno", "@libsql/client", "drizzle-orm"],
    metrics,
    details: { dataset: data, generateMsThisRun: Math.round(generateMs), ingest: runs },
  };
}

type SettleResult = { settle: DatasetResult["settle"] & { steps: SettleSteps } };

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * `npm run bench -- friction-settle`: the settle part of `friction` alone, on the same dataset, with the CPU
 * of each step — what the settle Worker and the event loop spend a 10-minute session's CPU on.
 */
export async function benchFrictionSettle(ctx: BenchContext): Promise<BenchOutput> {
  const generateMs = await ensureDataset(ctx.log);
  await runDatasetUnderDeno("settle-store", ctx.log);
  const { settle } = await runDatasetUnderDeno<SettleResult>("settle", ctx.log);
  const s = settle.steps;
  const decode = s.blobReads + s.gunzip + s.utf8 + s.jsonParse;
  const workerSteps = decode + s.stitch + s.analysis + s.grouping;
  const metrics: Metric[] = [
    {
      metric: `CPU to settle a 10-minute session (${settle.events} events in 120 blobs)`,
      value: settle.perSessionCpuMs,
      unit: "ms",
      target: { kind: "max", value: 20 },
      compare: { "event loop": settle.mainThreadCpuMs, "settle worker": settle.workerCpuMs },
    },
    {
      metric: "settle Worker, step by step (second pass over the same sessions)",
      value: round1(workerSteps),
      unit: "ms",
      target: { kind: "none" },
      compare: {
        "blob reads": s.blobReads,
        gunzip: s.gunzip,
        "UTF-8 decode": s.utf8,
        "JSON.parse": s.jsonParse,
        stitching: s.stitch,
        analysis: s.analysis,
        grouping: s.grouping,
      },
    },
    {
      metric: "event loop, step by step",
      value: round1(s.listBatches + s.write + s.rollups),
      unit: "ms",
      target: { kind: "none" },
      compare: { "listing batches": s.listBatches, "writing rows": s.write, rollups: s.rollups },
    },
    {
      metric: "reading and decoding the session's blobs (reads, gunzip, UTF-8, JSON.parse)",
      value: round1(decode),
      unit: "ms",
      target: { kind: "none" },
    },
  ];
  return {
    title: "Settling one 10-minute session, step by step",
    method: "The settle part of the friction benchmark alone, on its database of 1,000,000 sessions: " +
      "under Deno with the collector's V8 flags, 10-minute synthetic sessions (6,000 events, 1.4 MB of " +
      "JSON in 120 gzip blobs, one per 5 s batch) are stored as ingest stores them, by a process of its " +
      "own (generating them leaves garbage the settle Worker never has); the first round's sessions are " +
      "analysed 15 times over first, as the long-lived Worker's heap has grown to settling's size (a fresh " +
      "isolate's young generation starts small), then the sessions are settled in six rounds of 20 as " +
      "the settle loop does: each session's batches listed, the session read and analysed as the settle " +
      "Worker does (with its blob store's blocking reads) on the bench's thread, the round written in one " +
      "transaction and the rollups settled; the first round is not counted, the figure is the median of " +
      "the rest; CPU is user + system of the whole process. After the rounds, a second pass over the " +
      "counted sessions times the Worker's steps one by one (mean per session) through the same functions " +
      "(blob store, gunzipSync, TextDecoder, JSON.parse, stitchBatches, analyzeSession, frictionOfReport), " +
      "each over the whole session before the next; what the first pass spends beyond the steps is garbage " +
      "collection and glue.",
    versionsOf: ["deno", "@libsql/client"],
    metrics,
    details: { settle, generateMsThisRun: Math.round(generateMs) },
  };
}
