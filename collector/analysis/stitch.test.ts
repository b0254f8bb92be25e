import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "../../shared/batch.ts";
import { orderStoredBatches, stitchBatches } from "./stitch.ts";

const ev = (timestamp: number, label: string): RecordedEvent => ({
  type: 5,
  data: { tag: label },
  timestamp,
});
const labels = (events: RecordedEvent[]) => events.map((e) => (e.data as { tag: string }).tag);

describe("stitchBatches", () => {
  it("orders one window's batches by sequence whatever the arrival order", () => {
    const result = stitchBatches([
      { windowId: "window-a1", sequence: 1, events: [ev(30, "c"), ev(40, "d")] },
      { windowId: "window-a1", sequence: 0, events: [ev(10, "a"), ev(20, "b")] },
    ]);
    expect(labels(result.events)).toEqual(["a", "b", "c", "d"]);
    expect(result.windows).toEqual([{
      windowId: "window-a1",
      batches: 2,
      firstSequence: 0,
      lastSequence: 1,
    }]);
    expect(result.gaps).toEqual([]);
  });

  it("keeps one copy of a repeated (windowId, sequence)", () => {
    const batch = { windowId: "window-a1", sequence: 0, events: [ev(10, "a")] };
    const result = stitchBatches([batch, { ...batch, events: [ev(10, "a")] }]);
    expect(labels(result.events)).toEqual(["a"]);
    expect(result.windows[0]?.batches).toBe(1);
  });

  it("merges windows into one timeline by timestamp", () => {
    const result = stitchBatches([
      { windowId: "window-b2", sequence: 0, events: [ev(15, "b1"), ev(35, "b2")] },
      { windowId: "window-a1", sequence: 0, events: [ev(10, "a1"), ev(30, "a2")] },
    ]);
    expect(labels(result.events)).toEqual(["a1", "b1", "a2", "b2"]);
    expect(result.windows.map((w) => w.windowId)).toEqual(["window-a1", "window-b2"]);
  });

  it("keeps recorded order for equal timestamps", () => {
    const result = stitchBatches([
      { windowId: "window-a1", sequence: 0, events: [ev(10, "first"), ev(10, "second")] },
      { windowId: "window-a1", sequence: 1, events: [ev(10, "third")] },
    ]);
    expect(labels(result.events)).toEqual(["first", "second", "third"]);
  });

  it("reports missing sequence numbers of each window as gaps", () => {
    const result = stitchBatches([
      { windowId: "window-a1", sequence: 2, events: [ev(30, "c")] },
      { windowId: "window-a1", sequence: 5, events: [ev(60, "f")] },
      { windowId: "window-b2", sequence: 0, events: [ev(70, "x")] },
    ]);
    expect(result.gaps).toEqual([
      { windowId: "window-a1", from: 0, to: 1 },
      { windowId: "window-a1", from: 3, to: 4 },
    ]);
  });

  it("answers an empty timeline for no batches", () => {
    expect(stitchBatches([])).toEqual({ events: [], windows: [], gaps: [] });
  });
});

describe("orderStoredBatches", () => {
  it("orders batch rows as stitching orders their events, with the same windows and gaps", () => {
    const batches = [
      { windowId: "window-b2", sequence: 1, events: [ev(80, "y")] },
      { windowId: "window-a1", sequence: 2, events: [ev(30, "c")] },
      { windowId: "window-b2", sequence: 0, events: [ev(70, "x")] },
      { windowId: "window-a1", sequence: 0, events: [ev(10, "a")] },
      { windowId: "window-a1", sequence: 0, events: [ev(10, "a")] },
    ];
    const rows = batches.map((b) => ({ ...b, firstTs: b.events[0]?.timestamp ?? null }));
    const { ordered, windows, gaps } = orderStoredBatches(rows);
    const stitched = stitchBatches(batches);
    expect(labels(ordered.flatMap((b) => b.events))).toEqual(labels(stitched.events));
    expect({ windows, gaps }).toEqual({ windows: stitched.windows, gaps: stitched.gaps });
  });
});
