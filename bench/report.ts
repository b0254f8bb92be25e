/**
 * Report from stored blobs. The timing runs in a Deno process with the collector's own V8 flags
 * (`bench/report-timing.ts`), because the collector is what computes a report: read every blob of a session
 * back, stitch, analyze. Two sessions: 1,000,000 events (throughput) and a 30-minute session at a real flow's
 * event rate (latency).
 */
import { join } from "node:path";
import { COLLECTOR_V8_FLAGS } from "../cli/collector-process.ts";
import { runDenoScript } from "./deno-script.ts";
import { REPO_ROOT } from "./paths.ts";
import {
  EVENTS_PER_BLOB,
  REAL_FLOW_EVENTS_PER_SECOND,
  type ReportTimings,
  type Timing,
} from "./report-timing.ts";
import type { BenchContext, BenchOutput } from "./results.ts";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Runs `report-timing.ts` under Deno with the collector's V8 flags; its stderr lines go to `log`. */
function runTimingUnderDeno(log: (line: string) => void): Promise<ReportTimings> {
  return runDenoScript<ReportTimings>({
    script: join(REPO_ROOT, "bench", "report-timing.ts"),
    permissions: ["--allow-read", "--allow-env"],
    log,
  });
}

export async function benchReport(ctx: BenchContext): Promise<BenchOutput> {
  const { bigRuns, realRuns, realCount } = await runTimingUnderDeno(ctx.log);
  const bigMs = median(bigRuns.map((r) => r.totalMs));
  const realMs = median(realRuns.map((r) => r.totalMs));
  const best = bigRuns.find((r) => r.totalMs === bigMs) as Timing;
  return {
    title: "Report from stored blobs",
    method: [
      `Synthetic rrweb sessions (mouse moves, scrolls, clicks, inputs, mutations, navigations; a full snapshot per page)`,
      `are stored as gzip JSON blobs of ${EVENTS_PER_BLOB} events like the collector's, then read back under Deno`,
      `with the collector's V8 flags (${COLLECTOR_V8_FLAGS.join(" ")})`,
      "through the read path's own functions: `readStoredBatches` (gunzip + JSON.parse every blob, from an",
      "in-memory store), `stitchBatches`, `analyzeSession`. The 1,000,000-event figure is the median",
      `of 3 runs; the 30-minute session (${realCount} events, ${REAL_FLOW_EVENTS_PER_SECOND} events/s, a new page every`,
      "1,500 events) is the median of 7.",
    ].join(" "),
    versionsOf: ["deno", "rerun"],
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
