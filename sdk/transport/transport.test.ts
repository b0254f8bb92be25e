// The transport in Node, against a fake `fetch` that answers as the collector would: what each answer does
// to the queue, the drop count and the health (the browser tests drive it against the real collector).
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSafeCallback } from "../safe-callback.ts";
import type { Outbox } from "./outbox.ts";
import { startTransport, type TransportSnapshot } from "./transport.ts";

const ids = { sessionId: "s1", windowId: "w1" };
const noOutbox: Outbox = {
  put: () => false,
  noteDropped: () => undefined,
  take: () => ({ entries: [], dropped: 0, message: "" }),
  clear: () => undefined,
};

/** Starts a transport whose `fetch` answers each POST with the next status; returns what it was sent. */
function transportAnswering(statuses: number[], maxQueuedBatches = 10) {
  const bodies: Array<{ sequence: number; meta: { droppedBatches?: number }; final?: boolean }> = [];
  vi.stubGlobal("fetch", (_url: string, init: RequestInit) => {
    bodies.push(JSON.parse(gunzipSync(init.body as Uint8Array).toString("utf8")));
    return Promise.resolve(new Response("{}", { status: statuses.shift() ?? 200 }));
  });
  const changes: TransportSnapshot[] = [];
  const transport = startTransport({
    appId: "shop",
    publicKey: "pk_test",
    ingestBaseUrl: "http://127.0.0.1:1",
    flushIntervalMs: 1e9,
    flushMaxBytes: 1e9,
    maxQueuedBatches,
    outbox: noOutbox,
    budget: { used: 0 },
    getMeta: () => ({ sdkVersion: "0.1.0", url: "https://shop.example/" }),
    onChange: (snap) => changes.push(snap),
    safe: createSafeCallback(() => undefined),
  });
  return { transport, bodies, changes };
}

describe("startTransport", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("numbers batches per window and marks the last one final", async () => {
    const { transport, bodies } = transportAnswering([200, 200]);
    transport.add(ids, '{"type":4}');
    await transport.flush();
    transport.add(ids, '{"type":3}');
    await transport.flush({ final: true });
    expect(bodies.map((b) => [b.sequence, b.final ?? false])).toEqual([[0, false], [1, true]]);
    expect(transport.snapshot()).toMatchObject({ queuedBatches: 0, health: "ok", lastError: null });
    transport.stop();
  });

  it("keeps a batch to retry, and reports a batch refused for good once, in the next one that arrives", async () => {
    const { transport, bodies } = transportAnswering([503]);
    transport.add(ids, '{"type":4}');
    await transport.flush();
    expect(transport.snapshot()).toMatchObject({ queuedBatches: 1, health: "retrying" });
    expect(transport.snapshot().lastError?.code).toBe("collector_unreachable");
    transport.stop();

    const next = transportAnswering([413, 200, 200]);
    for (const event of ['{"type":4}', '{"type":3}', '{"type":3}']) {
      next.transport.add(ids, event);
      await next.transport.flush();
    }
    // Reported once, by the first batch that arrived after the loss.
    expect(next.bodies.map((b) => b.meta.droppedBatches)).toEqual([undefined, 1, undefined]);
    expect(next.transport.snapshot()).toMatchObject({ droppedBatches: 1, queuedBatches: 0, health: "ok" });
    expect(next.transport.snapshot().lastError?.code).toBe("ingest_refused");
    next.transport.stop();
    expect(bodies).toHaveLength(1);
  });

  it("stops for good when the key is refused, dropping what waits", async () => {
    const { transport, bodies, changes } = transportAnswering([401]);
    transport.add(ids, '{"type":4}');
    await transport.flush();
    transport.add(ids, '{"type":3}');
    await transport.flush();
    expect(bodies).toHaveLength(1);
    expect(changes.at(-1)).toMatchObject({ health: "refused", queuedBatches: 0, droppedBatches: 1 });
  });

  it("drops the oldest batch past the queue limit and counts it", async () => {
    const { transport, bodies } = transportAnswering([503, 200, 200], 1);
    transport.add(ids, '{"type":4}');
    await transport.flush();
    transport.add(ids, '{"type":3}');
    await transport.flush();
    expect(bodies.map((b) => [b.sequence, b.meta.droppedBatches])).toEqual([[0, undefined], [1, 1]]);
    expect(transport.snapshot()).toMatchObject({ droppedBatches: 1, queuedBatches: 0, health: "ok" });
    transport.stop();
  });
});
