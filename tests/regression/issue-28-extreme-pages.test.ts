/**
 * Issue 28.5: a page with a DOM 300 levels deep had its first batch (the full snapshot) refused by the
 * collector's JSON depth limit, and a page whose URL is longer than 4,096 characters had every batch refused,
 * while `getStatus()` still said `recording` with nothing dropped. The SDK now cuts what must be cut, with a
 * marker, and counts any batch the collector refuses. Built script-tag SDK, real collector, rrweb's Replayer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readReplay } from "../browser/read-replay.ts";
import { replayToEnd } from "../browser/replay-in-page.ts";
import { openSdkPage, type SdkHarness, startSdkHarness } from "../browser/sdk-page.ts";

type Status = {
  state: string;
  droppedBatches: number;
  lastError: { code: string; status?: number; message: string } | null;
};

/** Opens the fixture with `page` settings, records it, and returns its status and stored events. */
async function record(harness: SdkHarness, page: Record<string, unknown>) {
  const { page: tab } = await openSdkPage({
    chromium: harness.chromium,
    siteUrl: harness.site.url,
    name: "extreme.html",
    settings: { publicKey: harness.collector.publicKey, ingestBaseUrl: harness.collector.url, page },
  });
  await tab.waitForFunction("window.replay.getStatus().state === 'recording'");
  await tab.evaluate("window.replay.addCustomEvent('recorded', {})");
  await tab.evaluate("window.replay.flush({ final: true })");
  const status = await tab.evaluate("window.replay.getStatus()") as Status & { sessionId: string };
  await tab.close();
  return status;
}

describe("pages the collector used to refuse", () => {
  let harness: SdkHarness;
  beforeAll(async () => {
    harness = await startSdkHarness();
  });
  afterAll(() => harness?.close());

  const stored = async (sessionId: string) => {
    let events: Awaited<ReturnType<typeof readReplay<"events">>> = null;
    await expect.poll(async () => {
      events = await readReplay(harness.collector, "events", sessionId);
      return events?.events.some((e) => (e.data as { tag?: string } | null)?.tag === "recorded") ?? false;
    }, { timeout: 30_000, interval: 250 }).toBe(true);
    return events!;
  };

  it("records and replays a page 300 DOM levels deep, cut below a safe depth with a marker", async () => {
    const status = await record(harness, { depth: 300 });
    expect(status).toMatchObject({ state: "recording", droppedBatches: 0, lastError: null });
    const { events } = await stored(status.sessionId);
    expect(events.filter((e) => e.type === 2)).toHaveLength(1);
    const page = await harness.chromium.newPage();
    const replayed = await replayToEnd<{ heading: boolean; levels: number; marked: number }>(
      page,
      events,
      `
      return {
        heading: doc.querySelector("h1") !== null,
        levels: doc.querySelectorAll("[class^=level-]").length,
        marked: doc.querySelectorAll("[data-rerun-truncated]").length,
      };`,
    );
    expect(replayed.heading).toBe(true);
    expect(replayed.marked).toBe(1);
    expect(replayed.levels).toBeGreaterThan(150);
    expect(replayed.levels).toBeLessThan(300);
    await page.close();
  });

  it("records and replays a page whose URL is over 4,096 characters, the URL cut with a marker", async () => {
    const status = await record(harness, { pathChars: 5_000 });
    expect(status).toMatchObject({ state: "recording", droppedBatches: 0, lastError: null });
    const { events } = await stored(status.sessionId);
    const summary = await readReplay(harness.collector, "summary", status.sessionId);
    expect(summary?.pages[0]?.length).toBeLessThanOrEqual(4_096);
    expect(summary?.pages[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/app\/segment\/segment\/.*…$/);
    const page = await harness.chromium.newPage();
    expect(await replayToEnd<boolean>(page, events, `return doc.querySelector("h1") !== null;`)).toBe(true);
    await page.close();
  });
});

describe("batches the collector refuses", () => {
  let harness: SdkHarness;
  beforeAll(async () => {
    // Bodies over 1,000 bytes are refused (413): the first batch, a full snapshot, is.
    harness = await startSdkHarness({ MAX_BODY_BYTES: "1000" });
  });
  afterAll(() => harness?.close());

  it("counts a refused batch as dropped, with the status and the collector's reason", async () => {
    const status = await record(harness, { depth: 0 });
    expect(status.state).toBe("recording");
    expect(status.droppedBatches).toBeGreaterThanOrEqual(1);
    expect(status.lastError).toMatchObject({ code: "ingest_refused", status: 413 });
    expect(status.lastError?.message).toMatch(/413.*1000/);
  });
});
