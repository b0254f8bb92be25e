/**
 * Issue 25.4: a hash-routed single-page app (TodoMVC's `#/active`, `#/completed`) recorded as one page,
 * because every URL's fragment was stripped. A hash route is now kept (its path only); other fragments and a
 * query inside the hash are still stripped. Built script-tag SDK, real collector, its analysis.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SDK_EVENT_TAG } from "../../shared/events.ts";
import { readStoredBytes } from "../helpers/collector.ts";
import { readReplay } from "../browser/read-replay.ts";
import { type SdkHarness, startSdkHarness } from "../browser/sdk-page.ts";

let harness: SdkHarness;

beforeAll(async () => {
  harness = await startSdkHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe("hash routes", () => {
  it("records each hash route as a page, and strips the query inside the hash and other fragments", async () => {
    const { site, collector, chromium } = harness;
    const page = await chromium.newPage();
    const settings = JSON.stringify({ publicKey: collector.publicKey, ingestBaseUrl: collector.url });
    await page.goto(
      `${site.url}/tests/fixtures/pages/hash-routes.html?settings=${encodeURIComponent(settings)}`,
    );
    await page.waitForFunction("window.replay.getStatus().state === 'recording'");
    await page.click("#active");
    await page.click("#completed");
    await page.evaluate("location.hash = 'access_token=FRAGMENT-SECRET'; undefined");
    await page.click("#active");
    const sessionId = String(await page.evaluate("window.replay.getStatus().sessionId"));
    await page.evaluate("window.replay.flush({ final: true })");

    const base = `${site.url}/tests/fixtures/pages/hash-routes.html`;
    let pages: string[] = [];
    await expect.poll(async () => {
      pages = (await readReplay(collector, "analyze", sessionId))?.pages ?? [];
      return pages.length;
    }, { timeout: 30_000, interval: 250 }).toBe(5);
    // Visits in order: the token fragment is stripped, so it is a visit back to the page itself.
    expect(pages).toEqual([base, `${base}#/active`, `${base}#/completed`, base, `${base}#/active`]);

    const events = (await readReplay(collector, "events", sessionId))?.events ?? [];
    const navigations = events
      .map((e) => e.data as { tag?: string; payload?: { url?: string } })
      .filter((data) => data?.tag === SDK_EVENT_TAG.navigation)
      .map((data) => data.payload?.url);
    expect(navigations).toEqual(pages);
    const stored = (await readStoredBytes(collector.dataDir)).toString("utf8");
    for (const secret of ["HASH-QUERY-SECRET", "FRAGMENT-SECRET", "access_token"]) {
      expect(stored.includes(secret), secret).toBe(false);
    }
    await page.close();
  });
});
