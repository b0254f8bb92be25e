import { afterEach, describe, expect, it, vi } from "vitest";
import type { BatchMeta } from "../../shared/batch.ts";
import type { PendingBatch } from "./batch-body.ts";
import { handOverBatch, handOverQueue, markLastFinal, resumedBatch } from "./hand-over.ts";
import type { Outbox, OutboxEntry } from "./outbox.ts";
import { createBoundedQueue } from "./queue.ts";

const meta: BatchMeta = { sdkVersion: "0.1.0", url: "https://shop.example/cart" };
const batch = (windowId: string, extra: Partial<PendingBatch> = {}): PendingBatch => ({
  sessionId: "s",
  windowId,
  sequence: 0,
  events: ['{"type":4}'],
  bytes: 10,
  meta,
  ...extra,
});
const target = (used = 0) => ({
  url: "http://127.0.0.1:1/trpc/ingest.batch",
  appId: "shop",
  publicKey: "pk_test",
  budget: { used },
});

describe("markLastFinal", () => {
  it("marks the newest batch of the window as its last while it is unsent", () => {
    const items = [batch("w1"), batch("w1")];
    markLastFinal(items, "w1");
    expect(items.map((b) => b.final)).toEqual([undefined, true]);
  });

  it("leaves another window's batch, a gzipped one and an earlier page's one as they are", () => {
    const other = [batch("w0")];
    const gzipped = [batch("w1", { gzip: { bytes: new Uint8Array(1), reported: 0 } })];
    const resumed = [batch("w1", { resumed: true })];
    for (const items of [other, gzipped, resumed]) markLastFinal(items, "w1");
    expect([other[0]!.final, gzipped[0]!.final, resumed[0]!.final]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("handOverBatch", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends JSON with the key in a header as a keepalive fetch while the budget allows", () => {
    const fetch = vi.fn(() => Promise.resolve(new Response(null)));
    vi.stubGlobal("fetch", fetch);
    const to = target();
    expect(handOverBatch(batch("w1"), 2, to)).toBeNull();
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.keepalive).toBe(true);
    expect((init.headers as Record<string, string>)["x-rerun-key"]).toBe("pk_test");
    expect(JSON.parse(init.body as string).meta.droppedBatches).toBe(2);
    expect(to.budget.used).toBe((init.body as string).length);
  });

  it("sends a beacon carrying the key where fetch cannot, and returns the body for the outbox when nothing took it", async () => {
    vi.stubGlobal("fetch", undefined);
    let beacon: Blob | null = null;
    vi.stubGlobal("navigator", {
      sendBeacon: (_url: string, body: Blob) => {
        beacon = body;
        return true;
      },
    });
    expect(handOverBatch(batch("w1"), 0, target())).toBeNull();
    expect(JSON.parse(await beacon!.text()).key).toBe("pk_test");
    vi.stubGlobal("navigator", { sendBeacon: () => false });
    const left = handOverBatch(batch("w1"), 0, target());
    expect(left && "json" in left ? JSON.parse(left.json) : null).toMatchObject({
      appId: "shop",
      sequence: 0,
    });
    expect(left && "json" in left ? JSON.parse(left.json).key : "none").toBeUndefined();
  });

  it("keeps a gzip body as gzip, and offers no beacon for a batch resumed as gzip", () => {
    vi.stubGlobal("fetch", vi.fn());
    const sendBeacon = vi.fn(() => true);
    vi.stubGlobal("navigator", { sendBeacon });
    const bytes = new Uint8Array(100);
    const resumed = batch("w1", { resumed: true, events: [], gzip: { bytes, reported: 0 } });
    expect(handOverBatch(resumed, 0, target(64 * 1024))).toEqual({ gzip: bytes });
    expect(sendBeacon).not.toHaveBeenCalled();
  });
});

describe("handOverQueue", () => {
  afterEach(() => vi.unstubAllGlobals());

  /** A queue of `batches`, and an outbox that takes `room` entries. */
  const setUp = (batches: PendingBatch[], room: number) => {
    const queue = createBoundedQueue<PendingBatch>(10);
    for (const b of batches) queue.push(b);
    const stored: OutboxEntry[] = [];
    const outbox: Outbox = {
      put: (entry) => stored.length < room && stored.push(entry) > 0,
      noteDropped: () => undefined,
      take: () => ({ entries: [], dropped: 0, message: "" }),
      clear: () => undefined,
    };
    return { queue, stored, to: { ...target(), outbox } };
  };

  it("removes what left, the first batch reporting the drops and the next none", () => {
    const fetch = vi.fn(() => Promise.resolve(new Response(null)));
    vi.stubGlobal("fetch", fetch);
    const { queue, to } = setUp([batch("w1"), batch("w1", { sequence: 1 })], 0);
    const how = { final: true, keepForNextPage: true, unreported: 2 };
    expect(handOverQueue(queue, to, how)).toEqual([0, 0]);
    expect(queue.size).toBe(0);
    const reported = fetch.mock.calls.map((call) => {
      const [, init] = call as unknown as [string, RequestInit];
      return JSON.parse(init.body as string).meta.droppedBatches;
    });
    expect(reported).toEqual([2, undefined]);
  });

  it("keeps what could not leave in the outbox, and counts it lost only when a final page has no room", () => {
    vi.stubGlobal("fetch", undefined);
    vi.stubGlobal("navigator", { sendBeacon: () => false });
    const kept = setUp([batch("w1"), batch("w1", { sequence: 1 })], 1);
    expect(handOverQueue(kept.queue, kept.to, { final: true, keepForNextPage: true, unreported: 0 }))
      .toEqual([0, 1]);
    expect([kept.stored.length, kept.queue.size]).toEqual([1, 1]);

    const bfcache = setUp([batch("w1")], 0);
    expect(handOverQueue(bfcache.queue, bfcache.to, { final: false, keepForNextPage: true, unreported: 0 }))
      .toEqual([0, 0]);
    expect(bfcache.queue.size).toBe(1);

    const hidden = setUp([batch("w1")], 1);
    expect(handOverQueue(hidden.queue, hidden.to, { final: false, keepForNextPage: false, unreported: 3 }))
      .toEqual([3, 0]);
    expect([hidden.stored.length, hidden.queue.size]).toEqual([0, 1]);
  });
});

describe("resumedBatch", () => {
  it("sends an earlier page's body as it was stored, reporting no drops of its own", () => {
    const bytes = new Uint8Array(3);
    expect(resumedBatch({ gzip: bytes })).toEqual({
      resumed: true,
      events: [],
      gzip: { bytes, reported: 0 },
    });
    expect(resumedBatch({ json: "{}" })).toEqual({ resumed: true, events: [], body: "{}" });
  });
});
