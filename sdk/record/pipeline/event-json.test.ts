import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "../../../shared/batch.ts";
import { RRWEB_EVENT } from "../../../shared/events.ts";
import { serializeEvent } from "./event-json.ts";

const snapshot = (children: number): RecordedEvent => ({
  type: RRWEB_EVENT.FullSnapshot,
  timestamp: 1,
  data: {
    node: {
      type: 0,
      id: 1,
      childNodes: Array.from(
        { length: children },
        (_, i) => ({ type: 3, id: i + 2, textContent: "x".repeat(100) }),
      ),
    },
    initialOffset: { left: 0, top: 0 },
  },
});

describe("serializeEvent", () => {
  it("writes an event as one JSON string", () => {
    const event: RecordedEvent = {
      type: RRWEB_EVENT.Meta,
      timestamp: 1,
      data: { href: "https://a.example/" },
    };
    expect(serializeEvent(event)).toEqual([JSON.stringify(event)]);
    expect(serializeEvent(snapshot(5), 10_000)).toHaveLength(1);
  });

  it("splits a full snapshot over the limit into a smaller one and mutations that add the rest back", () => {
    const json = serializeEvent(snapshot(100), 2_000);
    expect(json.length).toBeGreaterThan(2);
    const [first, ...parts] = json.map((text) => JSON.parse(text));
    expect(first.type).toBe(RRWEB_EVENT.FullSnapshot);
    expect(parts.every((p) => p.type === RRWEB_EVENT.IncrementalSnapshot && p.data.source === 0)).toBe(true);
    const added = parts.flatMap((p) => p.data.adds.map((a: { node: { id: number } }) => a.node.id));
    const kept = first.data.node.childNodes.map((n: { id: number }) => n.id);
    expect([...kept, ...added]).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
    expect(json.every((text) => text.length < 2_000 + 200)).toBe(true);
  });
});
