/**
 * The whole spine as a user meets it: a page loads the script-tag build, the visitor opts in, clicks and
 * types, the SDK flushes to the real collector under Deno, and `rerun replays --json` lists exactly that
 * session with its events — while the typed text is nowhere in the stored bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningChromium } from "../helpers/chromium.ts";
import { readStoredBytes, type RunningCollector } from "../helpers/collector.ts";
import { runCli } from "../helpers/run-cli.ts";
import type { StaticServer } from "../helpers/static-server.ts";
import { openSdkPage, type SdkHarness, startSdkHarness } from "./sdk-page.ts";

const TYPED = "Grace Hopper 1906 secret-typed-value";

let site: StaticServer;
let collector: RunningCollector;
let chromium: RunningChromium;

let harness: SdkHarness;

beforeAll(async () => {
  harness = await startSdkHarness();
  ({ site, collector, chromium } = harness);
});

afterAll(() => harness?.close());

describe("a recorded session, end to end", () => {
  it("is listed by rerun replays --json with its events, and what was typed is never stored", async () => {
    const { page } = await openSdkPage({
      chromium,
      siteUrl: site.url,
      name: "consent.html",
      settings: { publicKey: collector.publicKey, ingestBaseUrl: collector.url },
    });
    await page.evaluate("window.replay.optIn({ source: 'test', version: '1' })");
    await page.waitForFunction("window.replay.getStatus().state === 'recording'");
    await page.click("h1");
    await page.fill("input[name=name]", TYPED);
    await page.click("button[type=submit]");
    const sessionId = (await page.evaluate("window.replay.getStatus().sessionId")) as string;
    await page.evaluate("window.replay.flush({ final: true })");
    await page.waitForFunction(
      "window.replay.getStatus().queuedBatches === 0 && window.replay.getStatus().lastSentAt !== null",
    );
    await page.close();

    const listed = await runCli([
      "replays",
      "--json",
      "--url",
      collector.url,
      "--read-key",
      collector.readKey,
    ]);
    expect(listed.code).toBe(0);
    const replays = JSON.parse(listed.stdout) as Array<
      { sessionId: string; appId: string; eventCount: number; pages: string[] }
    >;
    expect(replays.map((r) => r.sessionId)).toEqual([sessionId]);
    expect(replays[0]!.appId).toBe("app_browser");
    expect(replays[0]!.eventCount).toBeGreaterThan(3);
    // The page URL carried the settings in its hash: stripped before it was recorded.
    expect(replays[0]!.pages).toEqual([`${site.url}/tests/fixtures/pages/consent.html`]);

    const stored = await readStoredBytes(collector.dataDir);
    for (const part of [TYPED, "Grace Hopper", "secret-typed-value"]) {
      expect(stored.includes(part)).toBe(false);
    }
    expect(stored.includes(sessionId)).toBe(true);
  });
});
