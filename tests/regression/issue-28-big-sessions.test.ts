/**
 * Issue 28, item 4: 600 batches (6 MB of gzip, 1.1 GB decompressed) made `replays.events` answer 500
 * "Invalid string length", took the collector to 4-5 GB resident, blocked `/health` for 4 s, and failed
 * `report build --with-replays` for every session. Now a session may store MAX_SESSION_BYTES (refused past it
 * as `session_too_large`), `replays.events` answers a page of about 8 MB at a time whatever was stored, and
 * `report build` leaves out (and says so) a replay it cannot embed.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestBatchInput } from "../../shared/batch.ts";
import { postBatch, type RunningCollector, startCollector } from "../helpers/collector.ts";
import { runCli } from "../helpers/run-cli.ts";

const EVENTS_PER_BATCH = 1_200;
const TEXT = "lorem ipsum dolor sit amet ".repeat(52); // 1,404 characters, compresses ~100x

/** One batch of ~1.8 MB of JSON (a few KB of gzip): text mutations of a busy page. */
function bigBatch(sessionId: string, sequence: number, start: number): IngestBatchInput {
  return {
    appId: "app_big_session",
    sessionId,
    windowId: "window_big_session",
    sequence,
    events: Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({
      type: 3,
      data: { source: 0, texts: [{ id: i, value: TEXT }], attributes: [], removes: [], adds: [] },
      timestamp: start + sequence * 10_000 + i,
    })),
    meta: { url: "https://shop.example/feed" },
  };
}

type Page = { events: unknown[]; nextCursor: string | null; gaps: unknown[] };

async function readQuery<T>(collector: RunningCollector, procedure: string, input: unknown) {
  const res = await fetch(
    `${collector.url}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`,
    { headers: { "x-rerun-key": collector.readKey } },
  );
  const text = await res.text();
  return { status: res.status, chars: text.length, body: JSON.parse(text).result?.data as T };
}

describe("issue 28: a session's size is capped", () => {
  it("refuses batches past MAX_SESSION_BYTES as session_too_large and stores nothing of them", async () => {
    await using collector = await startCollector({ env: { MAX_SESSION_BYTES: "8000000" } });
    const start = Date.now() - 600_000;
    const statuses: number[] = [];
    for (let sequence = 0; sequence < 6; sequence++) {
      statuses.push(
        (await postBatch(collector, bigBatch("session_capped_01", sequence, start), { gzip: true })).status,
      );
    }
    // 4 × 1.8 MB fit in 8 MB; the 5th and 6th would not.
    expect(statuses).toEqual([200, 200, 200, 200, 413, 413]);
    const summary = await readQuery<{ batchCount: number }>(collector, "replays.summary", {
      sessionId: "session_capped_01",
    });
    expect(summary.body.batchCount).toBe(4);
    const refusals = await fetch(`${collector.url}/trpc/admin.refusals`, {
      headers: { "x-rerun-key": collector.adminKey },
    });
    expect(await refusals.text()).toContain('"reason":"session_too_large"');
  });
});

describe("issue 28: a session larger than one answer", () => {
  let collector: RunningCollector;
  const sessionId = "session_big_00001";
  const batches = 20; // 36 MB of events: more than four pages, and more than a report page embeds
  beforeAll(async () => {
    // No cap: a session as an older collector (or a raised cap) may have stored it.
    collector = await startCollector({ env: { MAX_SESSION_BYTES: "0" } });
    const start = Date.now() - 600_000;
    for (let sequence = 0; sequence < batches; sequence++) {
      expect((await postBatch(collector, bigBatch(sessionId, sequence, start), { gzip: true })).status).toBe(
        200,
      );
    }
    await postBatch(collector, {
      ...bigBatch("session_small_001", 0, start),
      events: bigBatch("x", 0, start).events.slice(0, 10),
    });
  });
  afterAll(async () => {
    await collector?.stop();
  });

  it("answers replays.events a page at a time, each bounded, together the whole session", async () => {
    let cursor: string | undefined;
    let events = 0;
    let pages = 0;
    do {
      const page = await readQuery<Page>(collector, "replays.events", { sessionId, cursor });
      expect(page.status).toBe(200);
      // About 8 MB of events plus the batch that reached it (a batch is at most MAX_BODY_BYTES).
      expect(page.chars).toBeLessThan(8 * 1024 * 1024 + 2_000_000 + 100_000);
      events += page.body.events.length;
      pages++;
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(events).toBe(batches * EVENTS_PER_BATCH);
    expect(pages).toBeGreaterThanOrEqual(4);
  });

  it("exports the raw batches a page at a time, each bounded, together every batch once", async () => {
    let cursor: string | undefined;
    const lines: Array<{ windowId: string; sequence: number; events: unknown[] }> = [];
    let pages = 0;
    do {
      const res = await fetch(
        `${collector.url}/trpc/admin.export?input=${
          encodeURIComponent(JSON.stringify({ sessionId, cursor }))
        }`,
        { headers: { "x-rerun-key": collector.adminKey } },
      );
      const text = await res.text();
      expect(res.status).toBe(200);
      // About 8 MB of lines plus the batch that reached it.
      expect(text.length).toBeLessThan(8 * 1024 * 1024 + 2_000_000 + 100_000);
      const page = JSON.parse(text).result.data as {
        ndjson: string;
        batches: number;
        nextCursor: string | null;
      };
      const pageLines = page.ndjson.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));
      expect(pageLines).toHaveLength(page.batches);
      lines.push(...pageLines);
      pages++;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(lines.map((line) => line.sequence)).toEqual(Array.from({ length: batches }, (_, i) => i));
    expect(lines.every((line) => line.events.length === EVENTS_PER_BATCH)).toBe(true);
  });

  it("keeps answering /health while the session is analysed", async () => {
    let analysed = false;
    const analysis = readQuery(collector, "replays.analyze", { sessionId }).finally(() => (analysed = true));
    let answeredDuring = 0;
    while (!analysed) {
      await fetch(`${collector.url}/health`);
      if (!analysed) answeredDuring++;
    }
    expect((await analysis).status).toBe(200);
    expect(answeredDuring).toBeGreaterThan(0);
  });

  it("builds the report site, leaving out (and saying so) a replay it cannot embed", async () => {
    const out = await mkdtemp(join(tmpdir(), "rerun-big-report-"));
    try {
      const result = await runCli(
        [
          "report",
          "build",
          "--out",
          out,
          "--with-replays",
          "--json",
          "--url",
          collector.url,
          "--read-key",
          collector.readKey,
        ],
        { timeoutMs: 120_000 },
      );
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        sessions: 2,
        skipped: [{
          sessionId,
          what: "replay",
          reason: expect.stringMatching(/more than a report page embeds/),
        }],
      });
      expect(result.stderr).toContain(`no replay player for session ${sessionId}`);
      expect((await readdir(join(out, "replays"))).sort()).toEqual([
        `${sessionId}.html`,
        "session_small_001.html",
      ]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
