/**
 * The report benchmark's timing, run under Deno with the collector's V8 flags (`bench/report.ts` starts it),
 * since the collector is what reads a session back and analyzes it: a synthetic session is stored the way the
 * collector stores it (gzip JSON blobs of about 4,000 events), then read back through the read path's own
 * functions — `readStoredBatches` (blob reads, gunzip, parse), `stitchBatches`, `analyzeSession` — timing each
 * stage. Prints `{ bigRuns, realRuns, realCount }` as one JSON line on stdout, progress on stderr.
 */
import { gzipSync } from "node:zlib";
import { analyzeSession } from "../collector/analysis/report.ts";
import { stitchBatches } from "../collector/analysis/stitch.ts";
import { readStoredBatches, type StoredBatchRef } from "../collector/read/replay-queries.ts";
import type { RecordedEvent } from "../shared/batch.ts";
import { generateSessionEvents } from "./synthetic-session.ts";

export const EVENTS_PER_BLOB = 4_000;
/** A busy real flow records about 10 events/s (measured in the main-thread benchmark's scripted flow). */
export const REAL_FLOW_EVENTS_PER_SECOND = 10;

export type Timing = {
  events: number;
  blobs: number;
  blobMiB: number;
  gunzipParseMs: number;
  stitchMs: number;
  analyzeMs: number;
  totalMs: number;
};

/** A session's blobs as the read path finds them: a listing of batch refs and a store to fetch them from. */
type StoredSession = { refs: StoredBatchRef[]; blobs: Map<string, Uint8Array> };

function storeAsBlobs(events: RecordedEvent[]): StoredSession {
  const stored: StoredSession = { refs: [], blobs: new Map() };
  for (let i = 0, seq = 0; i < events.length; i += EVENTS_PER_BLOB, seq++) {
    const batch = {
      appId: "app_bench",
      sessionId: "s_bench_report",
      windowId: "w_bench_report",
      sequence: seq,
      meta: {},
      events: events.slice(i, i + EVENTS_PER_BLOB),
    };
    const blobKey = `app_bench/s_bench_report/w_bench_report/${seq}.json.gz`;
    stored.blobs.set(blobKey, gzipSync(JSON.stringify(batch), { level: 6 }));
    stored.refs.push({ windowId: batch.windowId, sequence: seq, blobKey });
  }
  return stored;
}

async function timeReport(stored: StoredSession): Promise<Timing> {
  const deps = {
    blobs: { get: (key: string) => Promise.resolve(stored.blobs.get(key) ?? null) },
    log: {
      error: (message: string) => {
        throw new Error(`reading the stored session failed: ${message}`);
      },
    },
  };
  const t0 = performance.now();
  // The listing arrives newest-first here, so stitching really has to order the batches.
  const batches = await readStoredBatches(deps, [...stored.refs].reverse());
  const t1 = performance.now();
  const stitched = stitchBatches(batches);
  const t2 = performance.now();
  const report = analyzeSession({ sessionId: "s_bench_report", appId: "app_bench", events: stitched.events });
  const t3 = performance.now();
  if (typeof report.frictionScore !== "number") throw new Error("analyzeSession returned no friction score");
  const round = (x: number) => Math.round(x * 10) / 10;
  let bytes = 0;
  for (const blob of stored.blobs.values()) bytes += blob.byteLength;
  return {
    events: stitched.events.length,
    blobs: stored.blobs.size,
    blobMiB: round(bytes / 2 ** 20),
    gunzipParseMs: round(t1 - t0),
    stitchMs: round(t2 - t1),
    analyzeMs: round(t3 - t2),
    totalMs: round(t3 - t0),
  };
}

export type ReportTimings = { bigRuns: Timing[]; realRuns: Timing[]; realCount: number };

/** Times the 1,000,000-event session 3 times and the 30-minute one 7 times. */
export async function timeReports(log: (line: string) => void): Promise<ReportTimings> {
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
    bigRuns.push(await timeReport(bigBlobs));
    log(`1M events: ${JSON.stringify(bigRuns.at(-1))}`);
  }
  const realRuns: Timing[] = [];
  for (let i = 0; i < 7; i++) realRuns.push(await timeReport(realBlobs));
  log(`30-minute session: ${JSON.stringify(realRuns.at(-1))}`);
  return { bigRuns, realRuns, realCount };
}

if ((import.meta as { main?: boolean }).main) {
  const timings = await timeReports((line) => console.error(line));
  console.log(JSON.stringify(timings));
}
