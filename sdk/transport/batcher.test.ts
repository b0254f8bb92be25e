import { describe, expect, it } from "vitest";
import { createBatcher } from "./batcher.ts";

const ids = { sessionId: "session-a", windowId: "window-a" };

describe("createBatcher", () => {
  it("reports full once the buffered JSON reaches the byte limit", () => {
    const batcher = createBatcher({ maxBytes: 10 });
    expect(batcher.add(ids, "12345").full).toBe(false);
    expect(batcher.add(ids, "67890").full).toBe(true);
    expect(batcher.cut()).toEqual({ ...ids, events: ["12345", "67890"], bytes: 10 });
    expect(batcher.cut()).toBeNull();
  });
  it("cuts the previous window's events when the ids change", () => {
    const batcher = createBatcher({ maxBytes: 1_000 });
    batcher.add(ids, "1");
    const next = { sessionId: "session-b", windowId: "window-b" };
    const { cutBefore } = batcher.add(next, "2");
    expect(cutBefore).toEqual({ ...ids, events: ["1"], bytes: 1 });
    expect(batcher.cut()).toEqual({ ...next, events: ["2"], bytes: 1 });
  });
});
