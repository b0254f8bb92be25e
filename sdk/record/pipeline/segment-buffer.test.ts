import { describe, expect, it } from "vitest";
import { createSegmentBuffer } from "./segment-buffer.ts";

const ids = { sessionId: "session_1", windowId: "window_1" };
const ev = (at: number, json = `{"t":${at}}`) => ({ ids, json, at });

describe("createSegmentBuffer", () => {
  it("drops the oldest segment once the next one alone reaches back a whole window", () => {
    const buffer = createSegmentBuffer({ windowMs: 60_000, maxBytes: 1_000_000 });
    buffer.add(ev(0), true);
    buffer.add(ev(10_000), false);
    buffer.add(ev(30_000), true);
    buffer.add(ev(60_000), true);
    expect(buffer.drain().map((e) => e.at)).toEqual([0, 10_000, 30_000, 60_000]);
    buffer.add(ev(0), true);
    buffer.add(ev(30_000), true);
    buffer.add(ev(60_000), true);
    buffer.add(ev(90_000), false);
    // The segment from 30 s now covers 60 s on its own, so the one from 0 s goes.
    expect(buffer.drain().map((e) => e.at)).toEqual([30_000, 60_000, 90_000]);
  });

  it("always starts what it keeps at a segment start", () => {
    const buffer = createSegmentBuffer({ windowMs: 60_000, maxBytes: 50 });
    buffer.add(ev(0, "x".repeat(30)), true);
    buffer.add(ev(1, "y".repeat(10)), false);
    buffer.add(ev(2, "z".repeat(30)), true);
    const kept = buffer.drain();
    expect(kept.map((e) => e.at)).toEqual([2]);
  });

  it("asks once for a new snapshot when one segment outgrows the byte bound, then stops growing", () => {
    const buffer = createSegmentBuffer({ windowMs: null, maxBytes: 100 });
    buffer.add(ev(0, "s".repeat(50)), true);
    expect(buffer.add(ev(1, "a".repeat(60)), false).needsCheckout).toBe(true);
    expect(buffer.add(ev(2, "b".repeat(60)), false).needsCheckout).toBe(false);
    buffer.add(ev(3, "c".repeat(60)), false);
    expect(buffer.bytes).toBeLessThanOrEqual(300);
    buffer.add(ev(4, "n".repeat(40)), true);
    expect(buffer.drain().map((e) => e.at)).toEqual([4]);
  });

  it("keeps everything without a window, within the byte bound", () => {
    const buffer = createSegmentBuffer({ windowMs: null, maxBytes: 1_000 });
    for (let at = 0; at < 10; at++) buffer.add(ev(at * 100_000), at % 2 === 0);
    expect(buffer.drain()).toHaveLength(10);
  });
});
