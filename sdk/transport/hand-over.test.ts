import { afterEach, describe, expect, it, vi } from "vitest";
import type { BatchMeta } from "../../shared/batch.ts";
import type { PendingBatch } from "./batch-body.ts";
import { handOverBatch, markLastFinal } from "./hand-over.ts";

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
