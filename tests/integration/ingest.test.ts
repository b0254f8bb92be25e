/**
 * The write and read path through the real Deno collector over HTTP: ingest → list → events, idempotent
 * retries, gzip bodies, and what is (not) stored.
 */
import { createTRPCClient, httpLink } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "../../collector/router.ts";
import {
  makeBatch,
  postBatch,
  readStoredBytes,
  type RunningCollector,
  startCollector,
  storedChecksum,
} from "../helpers/collector.ts";

let collector: RunningCollector;
const readClient = () =>
  createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${collector.url}/trpc`, headers: { "x-rerun-key": collector.readKey } })],
  });
const checksum = () => storedChecksum(collector.dataDir);

beforeAll(async () => {
  collector = await startCollector();
});
afterAll(async () => {
  await collector?.stop();
});

describe("ingest.batch", () => {
  it("stores a batch that replays.list and replays.events then return", async () => {
    const batch = makeBatch();
    const second = makeBatch({
      sessionId: batch.sessionId,
      windowId: batch.windowId,
      sequence: 1,
      events: [{ type: 3, data: { source: 2, type: 2, id: 7, x: 10, y: 20 }, timestamp: 1_700_000_002_000 }],
    });
    expect((await postBatch(collector, second)).body).toEqual({
      result: { data: { accepted: true, duplicate: false } },
    });
    expect((await postBatch(collector, batch)).status).toBe(200);

    const list = await readClient().replays.list.query({ appId: batch.appId, limit: 50 });
    const summary = list.replays.find((r) => r.sessionId === batch.sessionId);
    expect(summary).toMatchObject({
      eventCount: 3,
      batchCount: 2,
      durationMs: 2_000,
      startedAt: new Date(1_700_000_000_000).toISOString(),
      pages: ["https://shop.example/cart", "https://shop.example/checkout"],
    });

    const stitched = await readClient().replays.events.query({ sessionId: batch.sessionId });
    expect(stitched.events.map((e) => e.timestamp)).toEqual([
      1_700_000_000_000,
      1_700_000_001_000,
      1_700_000_002_000,
    ]);
    expect(stitched.gaps).toEqual([]);
  });

  it("acknowledges a repeated batch as a duplicate and stores it once", async () => {
    const batch = makeBatch();
    expect((await postBatch(collector, batch)).body).toEqual({
      result: { data: { accepted: true, duplicate: false } },
    });
    expect((await postBatch(collector, batch)).body).toEqual({
      result: { data: { accepted: true, duplicate: true } },
    });
    const summary = await readClient().replays.summary.query({ sessionId: batch.sessionId });
    expect(summary.batchCount).toBe(1);
    expect(summary.eventCount).toBe(2);
  });

  it("accepts a gzip-compressed body", async () => {
    const batch = makeBatch();
    const res = await postBatch(collector, batch, { gzip: true });
    expect(res.status).toBe(200);
    expect((await readClient().replays.summary.query({ sessionId: batch.sessionId })).eventCount).toBe(2);
  });

  it("answers 400 to a body that is not JSON and stores nothing", async () => {
    const before = await checksum();
    const res = await postBatch(collector, null, { rawBody: '{"appId": "app_integration", "events": [' });
    expect(res.status).toBe(400);
    expect(await checksum()).toBe(before);
  });

  it("answers 400 naming the field of a malformed batch and stores nothing", async () => {
    const before = await checksum();
    const res = await postBatch(collector, makeBatch({ windowId: "../../etc/passwd" }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain("windowId");
    expect(await checksum()).toBe(before);
  });

  it("stores neither the key, URL query strings nor PII the batch carried", async () => {
    const batch = makeBatch({
      events: [{
        type: 5,
        data: { tag: "signup", payload: { note: "reach me at jane.roe@example.org" } },
        timestamp: 1_700_000_000_000,
      }],
    });
    expect((await postBatch(collector, batch)).status).toBe(200);
    const stored = (await readStoredBytes(collector.dataDir)).toString("latin1");
    expect(stored).not.toContain("jane.roe@example.org");
    expect(stored).not.toContain(collector.publicKey);
    expect(stored).not.toContain("coupon=XYZ");
  });
});

describe("replays.events", () => {
  it("answers NOT_FOUND for an unknown session", async () => {
    await expect(readClient().replays.events.query({ sessionId: "s_unknown_session" })).rejects.toMatchObject(
      {
        data: { code: "NOT_FOUND" },
      },
    );
  });
});
