/**
 * Report from stored blobs: a synthetic session is stored the way the collector stores it (gzip JSON blobs of
 * about 4,000 events), then read back as the read path does — gunzip, parse, `stitchBatches`,
 * `analyzeSession` — timing each stage. Two sessions: 1,000,000 events (throughput) and a 30-minute session
 * at a real flow's event rate (latency).
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { analyzeSession } from "../collector/analysis/report.ts";
import { stitchBatches, type StitchInputBatch } from "../collector/analysis/stitch.ts";
import type { RecordedEvent } from "../shared/batch.ts";
import type { BenchContext, BenchOutput } from "./results.ts";
import { generateSessionEvents } from "./synthetic-session.ts";

const EVENTS_PER_BLOB = 4_000;
/** A busy real flow records about 10 events/s (measured in the main-thread benchmark's scripted flow). */
const REAL_FLOW_EVENTS_PER_SECOND = 10;

type Timing = {
  events: number;
  blobs: number;
  blobMiB: number;
  gunzipParseMs: number;
  stitchMs: number;
  analyzeMs: number;
  totalMs: number;
};

function storeAsBlobs(events: RecordedEvent[]): Buffer[] {
  const blobs: Buffer[] = [];
  for (let i = 0, seq = 0; i < events.length; i += EVENTS_PER_BLOB, seq++) {
    const batch = {
      appId: "app_bench",
      sessionId: "s_bench_report",
      windowId: "w_bench_report",
      sequence: seq,
      meta: {},
      events: events.slice(i, i + EVENTS_PER_BLOB),
      receivedAt: 0,
    };
    blobs.push(gzipSync(JSON.stringify(batch), { level: 6 }));
  }
  return blobs;
}

function timeReport(blobs: Buffer[]): Timing {
  const t0 = performance.now();
  const batches: StitchInputBatch[] = [];
  // Blobs arrive newest-first from a listing; reverse so stitching really has to order them.
  for (const blob of [...blobs].reverse()) {
    batches.push(JSON.parse(gunzipSync(blob).toString("utf8")) as StitchInputBatch);
  }
  const t1 = performance.now();
  const stitched = stitchBatches(batches);
  const t2 = performance.now();
  const report = analyzeSession({ sessionId: "s_bench_report", appId: "app_bench", events: stitched.events });
  const t3 = performance.now();
  if (typeof report.frictionScore !== "number") throw new Error("analyzeSession returned no friction score");
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    events: stitched.events.length,
    blobs: blobs.length,
    blobMiB: round(blobs.reduce((s, b) => s + b.length, 0) / 2 ** 20),
    gunzipParseMs: round(t1 - t0),
    stitchMs: round(t2 - t1),
    analyzeMs: round(t3 - t2),
    totalMs: round(t3 - t0),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

// deno-lint-ignore require-await -- the runner awaits every benchmark alike; this one happens to be sync.
export async function benchReport(ctx: BenchContext): Promise<BenchOutput> {
  const bigEvents = generateSessionEvents({
    count: 1_000_000,
    startTs: 1_700_000_000_000,
    seed: 7,
    eventsPerSecond: 20,
    pageEvery: 20_000,
  });
  const bigBlobs = storeAsBlobs(bigEvents);
  const realCount = 30 * 60 * REAL_FLOW_EVENTS_PER_SECOND;
  const realBlobs = storeAsBlobs(
    generateSessionEvents({
      count: realCount,
      startTs: 1_700_000_000_000,
      seed: 8,
      eventsPerSecond: REAL_FLOW_EVENTS_PER_SECOND,
      pageEvery: 1_500,
    }),
  );
  const bigRuns: Timing[] = [];
  for (let i = 0; i < 3; i++) {
    bigRuns.push(timeReport(bigBlobs));
    ctx.log(`1M events: ${JSON.stringify(bigRuns.at(-1))}`);
  }
  const realRuns: Timing[] = [];
  for (let i = 0; i < 7; i++) realRuns.push(timeReport(realBlobs));
  ctx.log(`30-minute session: ${JSON.stringify(realRuns.at(-1))}`);
  const bigMs = median(bigRuns.map((r) => r.totalMs));
  const realMs = median(realRuns.map((r) => r.totalMs));
  const best = bigRuns.find((r) => r.totalMs === bigMs) as Timing;
  return {
    title: "Report from stored blobs",
    method: [
      `Synthetic rrweb sessions (mouse moves, scrolls, clicks, inputs, mutations, navigations; a full snapshot per page)`,
      `are stored as gzip JSON blobs of ${EVENTS_PER_BLOB} events like the collector's, then read back on Node:`,
      "gunzip + JSON.parse every blob, `stitchBatches`, `analyzeSession`. The 1,000,000-event figure is the median",
      `of 3 runs; the 30-minute session (${realCount} events, ${REAL_FLOW_EVENTS_PER_SECOND} events/s, a new page every`,
      "1,500 events) is the median of 7.",
    ].join(" "),
    versionsOf: ["node", "rerun"],
    metrics: [
      {
        metric: "report throughput, 1,000,000-event session",
        value: Math.round(best.events / (bigMs / 1000)),
        unit: "events/s",
        target: { kind: "min", value: 250_000 },
        compare: {
          "gunzip+parse ms": best.gunzipParseMs,
          "stitch ms": best.stitchMs,
          "analyze ms": best.analyzeMs,
        },
      },
      {
        metric: "report of a 30-minute session",
        value: realMs,
        unit: "ms",
        target: { kind: "max", value: 250 },
      },
    ],
    details: { bigRuns, realRuns },
  };
}
