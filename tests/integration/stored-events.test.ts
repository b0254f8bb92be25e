/**
 * What the real collector stores when it keeps a request's events text instead of re-serializing the events:
 * the validated, redacted batch and nothing else — not the top-level `events` of a batched call, not an
 * unredacted value — while a clean batch reads back exactly as sent, and a real recording's style sheets and
 * SVG geometry are stored as they came.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordedEvent } from "../../shared/batch.ts";
import { makeBatch, postBatch, type RunningCollector, startCollector } from "../helpers/collector.ts";
import { readRealRecording } from "../helpers/real-recordings.ts";

let collector: RunningCollector;

beforeAll(async () => {
  collector = await startCollector();
});
afterAll(async () => {
  await collector?.stop();
});

async function exportBatches(sessionId: string): Promise<Array<{ events: unknown[] }>> {
  const input = encodeURIComponent(JSON.stringify({ sessionId }));
  const res = await fetch(`${collector.url}/trpc/admin.export?input=${input}`, {
    headers: { "x-rerun-key": collector.adminKey },
  });
  const { result } = await res.json() as { result: { data: { ndjson: string } } };
  return result.data.ndjson.trim().split("\n").map((line) => JSON.parse(line));
}

const note = (text: string) => ({
  type: 5,
  data: { tag: "note", payload: { text } },
  timestamp: 1_700_000_000_500,
});

describe("stored events", () => {
  it("reads a pretty-printed gzip batch back as sent", async () => {
    const batch = makeBatch({
      events: [note("plain"), { type: 3, data: { source: 1, x: 1.25 }, timestamp: 2 }],
    });
    const res = await postBatch(collector, null, {
      gzip: true,
      rawBody: JSON.stringify(batch, null, 2),
    });
    expect(res.status).toBe(200);
    expect((await exportBatches(batch.sessionId))[0]?.events).toEqual(batch.events);
  });

  it("still redacts what the server-side rules find", async () => {
    const batch = makeBatch({ events: [note("write to ann@example.com")] });
    expect((await postBatch(collector, batch, { gzip: true })).status).toBe(200);
    const stored = JSON.stringify(await exportBatches(batch.sessionId));
    expect(stored).toContain("[email]");
    expect(stored).not.toContain("ann@example.com");
  });

  it("stores the batch of a batched call, not a top-level events array beside it", async () => {
    const batch = makeBatch({ events: [note("the real one")] });
    const body = JSON.stringify({ 0: batch, events: [note("smuggled ann@example.com")] });
    const res = await fetch(`${collector.url}/trpc/ingest.batch?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-rerun-key": collector.publicKey },
      body,
    });
    expect(res.status).toBe(200);
    const stored = await exportBatches(batch.sessionId);
    expect(stored[0]?.events).toEqual(batch.events);
    expect(JSON.stringify(stored)).not.toContain("smuggled");
  });

  it("stores rrweb's demo recording with its SVG paths as recorded", async () => {
    const events = readRealRecording("rrweb-player-demo.json") as RecordedEvent[];
    const batch = makeBatch({ events });
    expect((await postBatch(collector, batch, { gzip: true })).status).toBe(200);
    const stored = await exportBatches(batch.sessionId);
    // Its four copies of a gear icon's path have a Luhn-valid run of digits; redacted, they held `[card]`.
    const path = /"d":"M1152 896q0-106-75-181t-181-75[^"]*"/g;
    expect(JSON.stringify(stored[0]?.events).match(path)).toEqual(JSON.stringify(events).match(path));
    expect(JSON.stringify(events).match(path)).toHaveLength(4);
    // Nothing else in it is people's data either: it is stored whole, but for its URL's hash.
    const meta = events[0] as { data: { href: string } };
    expect(meta.data.href).toBe("https://demoit.app/e/react#ReactHooks.js");
    expect(stored[0]?.events).toEqual([
      { ...meta, data: { ...meta.data, href: "https://demoit.app/e/react" } },
      ...events.slice(1),
    ]);
  });
});
