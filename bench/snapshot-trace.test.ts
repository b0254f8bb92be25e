import { describe, expect, it } from "vitest";
import { SNAPSHOT_MARKS, snapshotWork, type TraceEvent } from "./snapshot-trace.ts";

const main = { pid: 1, tid: 7 };
const mark = (name: string, ts: number): TraceEvent => ({
  name,
  cat: "blink.user_timing",
  ph: "R",
  ts,
  ...main,
});
const task = (ts: number, dur: number, where = main): TraceEvent => ({
  name: "ThreadControllerImpl::RunTask",
  cat: "toplevel",
  ph: "X",
  ts,
  dur,
  ...where,
});

describe("snapshotWork", () => {
  it("sums the main thread's tasks between the marks, cut at the edges, and keeps the longest whole", () => {
    const events = [
      task(0, 10_000), // ends before Meta: not counted
      task(95_000, 20_000), // runs into the window: 15 ms of it counted, 20 ms long
      mark(SNAPSHOT_MARKS.meta, 100_000),
      task(120_000, 12_000),
      task(121_000, 3_000), // nested in the one before: counted once
      task(140_000, 500), // a page task under 1 ms
      task(150_000, 30_000, { pid: 1, tid: 8 }), // another thread
      task(190_000, 20_000), // runs past FullSnapshot: 10 ms of it counted
      mark(SNAPSHOT_MARKS.fullSnapshot, 200_000),
      task(250_000, 90_000), // after the window
    ];
    expect(snapshotWork(events)).toEqual({ wallMs: 100, busyMs: 37.5, longestTaskMs: 20, tasks: 3 });
  });

  it("says nothing when a mark is missing", () => {
    expect(snapshotWork([mark(SNAPSHOT_MARKS.meta, 1), task(2, 3)])).toBeNull();
  });
});
