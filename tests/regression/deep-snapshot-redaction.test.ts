/**
 * Server-side redaction must reach every string of a batch, however deep the recorded DOM is. A full
 * snapshot nests two JSON levels per DOM level (element → childNodes → element), so text 40 elements deep,
 * common in component-heavy apps, sits about 80 levels down.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  makeBatch,
  postBatch,
  readStoredBytes,
  type RunningCollector,
  startCollector,
} from "../helpers/collector.ts";

function deepSnapshot(depth: number, leafText: string): unknown {
  let node: Record<string, unknown> = { type: 3, id: 10_000, textContent: leafText };
  for (let i = depth; i > 0; i--) {
    node = { type: 2, id: i + 10, tagName: "div", attributes: {}, childNodes: [node] };
  }
  return { node: { type: 0, id: 1, childNodes: [node] }, initialOffset: { top: 0, left: 0 } };
}

describe("server-side redaction", () => {
  let collector: RunningCollector;
  beforeAll(async () => {
    collector = await startCollector();
  });
  afterAll(async () => {
    await collector?.stop();
  });

  it("redacts text 200 DOM levels deep in a full snapshot", async () => {
    const batch = makeBatch({
      events: [{
        type: 2,
        data: deepSnapshot(200, "write to deep.leak@example.com"),
        timestamp: 1_700_000_000_000,
      }],
    });
    expect((await postBatch(collector, batch)).status).toBe(200);
    const stored = await readStoredBytes(collector.dataDir);
    expect(stored.includes("deep.leak@example.com")).toBe(false);
    expect(stored.includes("write to [email]")).toBe(true);
  });
});
