/**
 * The behavioral stream end to end: a person types a secret with `behavioral: true`; the collector stores the
 * stream from `ingest.behavioral`, and none of its bytes hold what was typed, only key categories.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningChromium } from "../helpers/chromium.ts";
import { type RunningCollector, waitForStoredText } from "../helpers/collector.ts";
import type { StaticServer } from "../helpers/static-server.ts";
import { openSdkPage, type SdkHarness, startSdkHarness } from "./sdk-page.ts";

let site: StaticServer;
let collector: RunningCollector;
let chromium: RunningChromium;

let harness: SdkHarness;

beforeAll(async () => {
  harness = await startSdkHarness({ SERVER_SIDE_REDACTION: "false" });
  ({ site, collector, chromium } = harness);
});

afterAll(() => harness?.close());

describe("behavioral stream", () => {
  it("stores key categories and never the keys typed", async () => {
    const { page, requests } = await openSdkPage({
      chromium,
      siteUrl: site.url,
      name: "network.html",
      settings: {
        publicKey: collector.publicKey,
        ingestBaseUrl: collector.url,
        options: { behavioral: true },
      },
    });
    await page.waitForFunction("window.replay.getStatus().state === 'recording'");
    await page.click("#field");
    await page.keyboard.type("TYPEDSECRET-B1");
    await page.keyboard.press("Enter");
    await page.evaluate("window.replay.flush({ final: true })");

    const stored = await waitForStoredText(
      collector.dataDir,
      (text) => text.includes('"enter"') && text.includes('"char"'),
    );
    expect(stored).not.toContain("TYPEDSECRET");
    expect(requests.some((r) => r.url() === `${collector.url}/trpc/ingest.behavioral`)).toBe(true);
    await page.close();
  });

  it("sends what waits when the page goes away before the next interval", async () => {
    const { page } = await openSdkPage({
      chromium,
      siteUrl: site.url,
      name: "network.html",
      // An interval far beyond the test: only the unload send can deliver these keys.
      settings: {
        publicKey: collector.publicKey,
        ingestBaseUrl: collector.url,
        options: { behavioral: true, flushIntervalMs: 600_000 },
      },
    });
    await page.waitForFunction("window.replay.getStatus().state === 'recording'");
    await page.click("#field");
    await page.keyboard.press("Backspace");
    await page.goto("about:blank");

    await waitForStoredText(collector.dataDir, '"backspace"');
    await page.close();
  });
});
