/**
 * The real collector gunzips bodies and gzips blobs on its batch reader Worker: gzip batches are stored and
 * read back as sent, a gzip body nested too deeply is refused like a plain one, and the collector never logs
 * that it fell back to compressing on the main thread.
 */
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  makeBatch,
  postBatch,
  type RunningCollector,
  startCollector,
  storedChecksum,
} from "../helpers/collector.ts";

let collector: RunningCollector;
const checksum = () => storedChecksum(collector.dataDir);

beforeAll(async () => {
  collector = await startCollector();
});
afterAll(async () => {
  await collector?.stop();
});

async function exportBatches(sessionId: string): Promise<unknown[]> {
  const input = encodeURIComponent(JSON.stringify({ sessionId }));
  const res = await fetch(`${collector.url}/trpc/admin.export?input=${input}`, {
    headers: { "x-rerun-key": collector.adminKey },
  });
  const { result } = await res.json() as { result: { data: { ndjson: string } } };
  return result.data.ndjson.trim().split("\n").map((line) => JSON.parse(line));
}

describe("batch reader worker", () => {
  it("stores concurrent gzip batches that read back with their events", async () => {
    const first = makeBatch();
    const batches = Array.from({ length: 8 }, (_, sequence) =>
      makeBatch({
        sessionId: first.sessionId,
        windowId: first.windowId,
        sequence,
        events: Array.from({ length: 500 }, (_, i) => ({
          type: 3,
          data: { source: 1, positions: [{ x: i, y: sequence, id: 1, timeOffset: 0 }] },
          timestamp: 1_700_000_000_000 + sequence * 1_000 + i,
        })),
      }));
    const results = await Promise.all(batches.map((batch) => postBatch(collector, batch, { gzip: true })));
    expect(results.map((r) => r.status)).toEqual(batches.map(() => 200));

    const stored = await exportBatches(first.sessionId) as Array<{ sequence: number; events: unknown[] }>;
    expect(stored.map((b) => b.sequence)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const batch of stored) expect(batch.events).toEqual(batches[batch.sequence]?.events);
    expect(collector.stderr()).not.toMatch(/batch reader worker failed/);
  });

  it("refuses a gzip body nested deeper than the limit with 400 and stores nothing", async () => {
    const before = await checksum();
    const deep = JSON.stringify(makeBatch()).replace(
      '"data":{',
      `"data":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)},"x":{`,
    );
    const res = await postBatch(collector, null, {
      rawBody: new Uint8Array(gzipSync(deep)),
      headers: { "content-encoding": "gzip" },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/depth/);
    expect(await checksum()).toBe(before);
  });
});
