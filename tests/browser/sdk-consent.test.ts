/**
 * The consent gate in a real browser with the built script-tag SDK and the real collector: nothing is
 * requested before consent, batches arrive after `optIn`, nothing more after `optOut`, and the unload
 * path delivers the last events.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningChromium } from "../helpers/chromium.ts";
import { readStoredBytes, type RunningCollector, waitForStoredText } from "../helpers/collector.ts";
import { openSdkPage, type SdkHarness, startSdkHarness } from "./sdk-page.ts";
import type { StaticServer } from "../helpers/static-server.ts";

let site: StaticServer;
let collector: RunningCollector;
let chromium: RunningChromium;

let harness: SdkHarness;

beforeAll(async () => {
  harness = await startSdkHarness();
  ({ site, collector, chromium } = harness);
});

afterAll(() => harness?.close());

const settings = (options: Record<string, unknown> = {}) => ({
  publicKey: collector.publicKey,
  ingestBaseUrl: collector.url,
  options,
});
const toCollector = (urls: string[]) => urls.filter((u) => u.startsWith(collector.url));
const status = (page: import("playwright-core").Page) =>
  page.evaluate("window.replay.getStatus()") as Promise<Record<string, unknown>>;

const waitForStored = (text: string) => waitForStoredText(collector.dataDir, text);

/** Opens the consent page with consent granted and waits until it records. */
async function openRecording(options: Record<string, unknown> = {}) {
  const opened = await openSdkPage({
    chromium,
    siteUrl: site.url,
    name: "consent.html",
    settings: settings({ consent: "granted", ...options }),
  });
  await opened.page.waitForFunction("window.replay.getStatus().state === 'recording'");
  return opened;
}

describe("init (script-tag build)", () => {
  it("says in one console.error line, without debug, which option is invalid and records nothing", async () => {
    const page = await chromium.newPage();
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.text().startsWith("[rerun]")) errors.push(`${message.type()}: ${message.text()}`);
    });
    const hash = encodeURIComponent(JSON.stringify(settings({ appId: "my app", consent: "granted" })));
    await page.goto(`${site.url}/tests/fixtures/pages/consent.html#${hash}`);
    await page.evaluate("window.replay.flush({ final: true })");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^error: \[rerun\] init\(options\): appId "my app" must be .* \(e\.g\. "my-app"\)/,
    );
    expect(await status(page)).toMatchObject({ state: "failed", reason: "invalid_options" });
    await page.close();
  });

  it("makes no request and loads no recorder before consent", async () => {
    const { page, requests } = await openSdkPage({
      chromium,
      siteUrl: site.url,
      name: "consent.html",
      settings: settings(),
    });
    await page.fill("input[name=name]", "Ada Lovelace");
    await page.click("button[type=submit]");
    // Flushes would run every 500 ms if anything were recording; give several intervals a chance to misbehave.
    await page.evaluate("window.replay.flush({ final: true })");
    await page.waitForTimeout(1_500);
    const urls = requests.map((r) => r.url());
    expect(toCollector(urls)).toEqual([]);
    expect(urls.some((u) => u.includes("rerun.recorder.global.js"))).toBe(false);
    expect(await status(page)).toMatchObject({
      consent: "deferred",
      state: "idle",
      reason: "consent_deferred",
      sessionId: null,
    });
    await page.close();
  });

  it("sends batches to the collector after optIn and nothing after optOut", async () => {
    const { page, requests } = await openSdkPage({
      chromium,
      siteUrl: site.url,
      name: "consent.html",
      settings: settings(),
    });
    await page.evaluate("window.replay.optIn({ source: 'cookie-banner', version: '2026-05-05' })");
    await page.waitForFunction("window.replay.getStatus().state === 'recording'");
    await page.evaluate("window.replay.addCustomEvent('checkout_started', { plan: 'pro' })");
    await page.waitForFunction("window.replay.getStatus().lastSentAt !== null", undefined, {
      timeout: 30_000,
    });
    const current = await status(page);
    expect(current).toMatchObject({ consent: "granted", state: "recording", lastError: null });
    expect(String(current.sessionId)).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(requests.some((r) => r.url().includes("rerun.recorder.global.js"))).toBe(true);

    const batch = requests.find((r) =>
      r.url() === `${collector.url}/trpc/ingest.batch` && r.method() === "POST"
    );
    expect(batch?.headers()["x-rerun-key"]).toBe(collector.publicKey);
    expect(batch?.headers()["content-encoding"]).toBe("gzip");
    expect(requests.every((r) => !r.url().includes(collector.publicKey))).toBe(true);
    await waitForStored(String(current.sessionId));
    await waitForStored("checkout_started");

    await page.evaluate("window.replay.optOut()");
    expect(await status(page)).toMatchObject({ consent: "denied", state: "stopped", reason: "opted_out" });
    const sentBefore = toCollector(requests.map((r) => r.url())).length;
    await page.fill("input[name=name]", "after opt-out");
    await page.evaluate("window.replay.addCustomEvent('after_opt_out', {})");
    await page.evaluate("window.replay.flush({ final: true })");
    await page.waitForTimeout(1_500);
    expect(toCollector(requests.map((r) => r.url())).length).toBe(sentBefore);
    expect((await readStoredBytes(collector.dataDir)).includes("after_opt_out")).toBe(false);
    await page.close();
  });

  it("never records with consent denied", async () => {
    const { page, requests } = await openSdkPage({
      chromium,
      siteUrl: site.url,
      name: "consent.html",
      settings: settings({ consent: "denied" }),
    });
    await page.fill("input[name=name]", "Grace Hopper");
    await page.waitForTimeout(1_000);
    expect(toCollector(requests.map((r) => r.url()))).toEqual([]);
    expect(await status(page)).toMatchObject({ consent: "denied", state: "idle", reason: "consent_denied" });
    await page.close();
  });

  it("delivers the last events when the page goes away", async () => {
    // A long flush interval: only the pagehide/visibility path can deliver the marker.
    const { page } = await openRecording({ flushIntervalMs: 600_000 });
    await page.evaluate("window.replay.addCustomEvent('unload_marker', { step: 1 })");
    await page.goto("about:blank");
    await waitForStored("unload_marker");
    await page.close();
  });

  it("falls back to sendBeacon, key in the text/plain body, where fetch keepalive is unavailable", async () => {
    const { page } = await openRecording({ flushIntervalMs: 600_000 });
    await page.evaluate("window.replay.addCustomEvent('beacon_marker', { step: 1 })");
    // Browsers without fetch keepalive leave sendBeacon as the only unload path. The wrapper notes each
    // call in localStorage, which outlives the page, so the test can read what the SDK handed over.
    await page.evaluate(`
      window.fetch = undefined;
      const send = navigator.sendBeacon.bind(navigator);
      navigator.sendBeacon = (url, data) => {
        localStorage.setItem("beacon", JSON.stringify({ url, type: data.type }));
        return send(url, data);
      };
    `);
    await page.goto("about:blank");
    // fetch was gone, so only the beacon can have delivered the marker, and a beacon carries no header:
    // the collector accepted it on the key in its text/plain body.
    await waitForStored("beacon_marker");
    await page.goto(`${site.url}/tests/fixtures/pages/consent.html#{}`);
    const beacon = JSON.parse((await page.evaluate("localStorage.getItem('beacon')")) as string) as {
      url: string;
      type: string;
    };
    expect(beacon.url).toBe(`${collector.url}/trpc/ingest.batch`);
    expect(beacon.type).toBe("text/plain");
    await page.close();
  });

  it("lets beforeRecordEvent change or drop any event", async () => {
    const { page } = await openRecording();
    // Options cannot travel as functions through the URL hash, so the hook is installed by re-initialising.
    await page.evaluate(`
      window.replay.stop();
      window.replay = Rerun.init({
        appId: "app_hooked",
        publicKey: ${JSON.stringify(collector.publicKey)},
        ingestBaseUrl: ${JSON.stringify(collector.url)},
        consent: "granted",
        flushIntervalMs: 500,
        beforeRecordEvent: (event) => {
          if (event.type === 5 && event.data.tag === "drop_me") return null;
          if (event.type === 5 && event.data.tag === "change_me") {
            return { ...event, data: { ...event.data, payload: { changed: "HOOK_CHANGED" } } };
          }
          return event;
        },
      });
    `);
    await page.waitForFunction("window.replay.getStatus().state === 'recording'");
    await page.evaluate("window.replay.addCustomEvent('drop_me', { v: 'HOOK_DROPPED' })");
    await page.evaluate("window.replay.addCustomEvent('change_me', { v: 'HOOK_ORIGINAL' })");
    await page.evaluate("window.replay.addCustomEvent('hook_done', {})");
    await waitForStored("hook_done");
    const text = (await readStoredBytes(collector.dataDir)).toString("utf8");
    expect(text).toContain("HOOK_CHANGED");
    expect(text).not.toContain("HOOK_ORIGINAL");
    expect(text).not.toContain("HOOK_DROPPED");
    await page.close();
  });
});
