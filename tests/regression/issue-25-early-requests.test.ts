/**
 * Issue 25.4: the network observer loads after consent, so the requests a page made while it loaded (a 404
 * of its own data file) were never recorded. They are now read from the browser's resource timings when the
 * observer starts. Built script-tag SDK in Chromium, real collector and analysis.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SDK_EVENT_TAG } from "../../shared/events.ts";
import { readStoredBytes } from "../helpers/collector.ts";
import { readReplay } from "../browser/read-replay.ts";
import { openHarnessPage, type SdkHarness, startSdkHarness } from "../browser/sdk-page.ts";

let harness: SdkHarness;

beforeAll(async () => {
  harness = await startSdkHarness();
});

afterAll(async () => {
  await harness?.close();
});

type Network = { method: string; url: string; status: number; initiator: string };

describe("requests made before consent", () => {
  it("records the page's own failed requests from before consent once, and reports them", async () => {
    const { collector, site } = harness;
    const { page, requests } = await openHarnessPage(harness, { name: "early-requests.html" });
    await page.evaluate("window.early");
    await page.waitForTimeout(300);
    // Nothing went to the collector before consent.
    expect(requests.filter((r) => r.url().startsWith(collector.url))).toEqual([]);
    await page.evaluate("window.replay.optIn({ source: 'banner' })");
    await page.waitForFunction("window.replay.getStatus().state === 'recording'");
    // The same request again, now seen by the live observer: stored once more, not twice more.
    await page.evaluate("fetch('/tests/fixtures/pages/api/missing-catalog.json').then((r) => r.text())");
    const sessionId = String(await page.evaluate("window.replay.getStatus().sessionId"));
    await page.evaluate("window.replay.flush({ final: true })");

    const api = `${site.url}/tests/fixtures/pages/api`;
    let network: Network[] = [];
    await expect.poll(async () => {
      const events = (await readReplay(collector, "events", sessionId))?.events ?? [];
      network = events
        .map((e) => e.data as { tag?: string; payload?: Network })
        .filter((d) => d?.tag === SDK_EVENT_TAG.network)
        .map((d) => d.payload as Network);
      return network.length;
    }, { timeout: 30_000, interval: 250 }).toBe(4);
    expect(network.map(({ method, url, status, initiator }) => ({ method, url, status, initiator }))).toEqual(
      [
        { method: "GET", url: `${api}/missing-catalog.json`, status: 404, initiator: "fetch" },
        { method: "GET", url: `${api}/profile.json`, status: 200, initiator: "fetch" },
        { method: "GET", url: `${api}/missing-prices.json`, status: 404, initiator: "xhr" },
        { method: "GET", url: `${api}/missing-catalog.json`, status: 404, initiator: "fetch" },
      ],
    );

    // Opting out and in again on the same page starts the observers again: nothing is read twice.
    await page.evaluate("window.replay.optOut(); window.replay.optIn({ source: 'banner' })");
    await page.waitForFunction("window.replay.getStatus().state === 'recording'");
    await page.evaluate("window.replay.addCustomEvent('opted_in_again', {})");
    await page.evaluate("window.replay.flush({ final: true })");
    await expect.poll(async () => {
      const events = (await readReplay(collector, "events", sessionId))?.events ?? [];
      const again = events.some((e) => (e.data as { tag?: string } | null)?.tag === "opted_in_again");
      return again
        ? events.filter((e) => (e.data as { tag?: string } | null)?.tag === SDK_EVENT_TAG.network).length
        : -1;
    }, { timeout: 30_000, interval: 250 }).toBe(4);

    const report = await readReplay(collector, "analyze", sessionId);
    const errors = report?.findings.filter((f) => f.kind === "network_error") ?? [];
    expect(errors.map((f) => f.evidence).join("\n")).toContain("missing-catalog.json");
    expect(errors.map((f) => f.evidence).join("\n")).toContain("missing-prices.json");
    const stored = (await readStoredBytes(collector.dataDir)).toString("utf8");
    expect(stored).not.toContain("QUERY-SECRET");
    expect(stored).not.toContain("denied-missing");
    await page.close();
  });
});
