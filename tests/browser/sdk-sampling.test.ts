/**
 * Which sessions are recorded (SPEC §2), in a real browser with the built script-tag SDK and the real
 * collector: a sampled-out session makes no request (also after a reload), a buffering session sends
 * nothing until an error, a trigger URL, a trigger event or `replay.trigger()`, and then sends what it kept
 * and what follows; `minDurationMs` holds short sessions back.
 */
import type { Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningChromium } from "../helpers/chromium.ts";
import { readStoredBytes, type RunningCollector, waitForStoredText } from "../helpers/collector.ts";
import { serveStatic, type StaticServer } from "../helpers/static-server.ts";
import { openSdkPage, REPO_ROOT, type SdkHarness, startSdkHarness } from "./sdk-page.ts";

let site: StaticServer;
let collector: RunningCollector;
let chromium: RunningChromium;

let harness: SdkHarness;

beforeAll(async () => {
  harness = await startSdkHarness();
  ({ site, collector, chromium } = harness);
});

afterAll(() => harness?.close());

const open = (options: Record<string, unknown>) =>
  openSdkPage({
    chromium,
    siteUrl: site.url,
    name: "sampling.html",
    settings: {
      publicKey: collector.publicKey,
      ingestBaseUrl: collector.url,
      options: { consent: "granted", ...options },
    },
  });
const toCollector = (requests: Request[]) => requests.filter((r) => r.url().startsWith(collector.url));
const status = (page: Page) => page.evaluate("window.replay.getStatus()") as Promise<Record<string, unknown>>;
const stored = async () => (await readStoredBytes(collector.dataDir)).toString("utf8");
const waitForStored = (text: string) => waitForStoredText(collector.dataDir, text);

/** Uses the page for a while: typing, a custom event, and several flush intervals in which nothing may leave. */
async function usePage(page: Page, marker: string): Promise<void> {
  await page.fill("input[name=name]", "Ada");
  await page.evaluate(`window.replay.addCustomEvent(${JSON.stringify(marker)}, { step: 1 })`);
  await page.evaluate("window.replay.flush()");
  await page.waitForTimeout(1_000);
}

describe("sampling (script-tag build)", () => {
  it("makes no request for a sampled-out session, also after a reload", async () => {
    const { page, requests } = await open({ sampling: { sessionRate: 0 } });
    await page.waitForFunction("window.replay.getStatus().state === 'sampled_out'");
    const first = await status(page);
    expect(first).toMatchObject({ consent: "granted", state: "sampled_out", reason: "sampled_out" });
    await usePage(page, "sampled_out_marker");
    await page.reload();
    await page.waitForFunction("window.replay.getStatus().state === 'sampled_out'");
    expect((await status(page)).sessionId).toBe(first.sessionId);
    await usePage(page, "sampled_out_marker");
    expect(toCollector(requests)).toEqual([]);
    expect(requests.some((r) => r.url().includes("rerun.recorder.global.js"))).toBe(false);
    expect(await stored()).not.toContain("sampled_out_marker");
    await page.close();
  });

  it("buffers on onErrorRate and sends the buffer, the error and what follows once an error happens", async () => {
    const { page, requests } = await open({ sampling: { sessionRate: 0, onErrorRate: 1 } });
    await page.waitForFunction("window.replay.getStatus().state === 'buffering'");
    expect(await status(page)).toMatchObject({ state: "buffering", reason: "waiting_for_trigger" });
    await usePage(page, "before_error_marker");
    expect(toCollector(requests)).toEqual([]);

    await page.click("#explode");
    await page.waitForFunction("window.replay.getStatus().state === 'recording'");
    await page.evaluate("window.replay.addCustomEvent('after_error_marker', {})");
    await waitForStored("after_error_marker");
    const text = await stored();
    expect(text).toContain("before_error_marker");
    expect(text).toContain("checkout exploded");
    expect(text).toContain(`"trigger":"error"`);
    // The buffer starts with a full snapshot, so the replay has a page to show.
    expect(text).toMatch(/"type":2,"data":\{"node"/);
    await page.close();
  });

  it.each([
    {
      name: "a trigger URL",
      options: { triggers: { urls: ["/checkout/failed"] } },
      fire: "document.getElementById('go-failed').click()",
      trigger: "url",
    },
    {
      name: "a trigger event",
      options: { triggers: { events: ["checkout_failed"] } },
      fire: "window.replay.addCustomEvent('checkout_failed', {})",
      trigger: "event:checkout_failed",
    },
    {
      name: "replay.trigger()",
      options: { triggers: { events: ["never_sent"] } },
      fire: "window.replay.trigger('support_ticket')",
      trigger: "support_ticket",
    },
  ])("sends the buffer once $name fires", async ({ name, options, fire, trigger }) => {
    const marker = `before_${name.replace(/\W+/g, "_")}_marker`;
    const { page, requests } = await open({ sampling: { sessionRate: 0 }, ...options });
    await page.waitForFunction("window.replay.getStatus().state === 'buffering'");
    await usePage(page, marker);
    expect(toCollector(requests)).toEqual([]);
    await page.evaluate(fire);
    await page.waitForFunction("window.replay.getStatus().state === 'recording'");
    await waitForStored(marker);
    expect(await stored()).toContain(`"trigger":${JSON.stringify(trigger)}`);
    await page.close();
  });

  it("stores nothing from a visit shorter than minDurationMs", async () => {
    const { page, requests } = await open({ sampling: { minDurationMs: 600_000 } });
    await page.waitForFunction("window.replay.getStatus().reason === 'below_min_duration'");
    await usePage(page, "short_visit_marker");
    await page.goto("about:blank");
    await page.waitForTimeout(500);
    expect(toCollector(requests)).toEqual([]);
    expect(await stored()).not.toContain("short_visit_marker");
    await page.close();
  });

  it("sends what it held once the session is minDurationMs old", async () => {
    const { page } = await open({ sampling: { minDurationMs: 1_000 } });
    await page.evaluate("window.replay.addCustomEvent('held_marker', {})");
    await page.waitForFunction("window.replay.getStatus().state === 'recording'");
    await waitForStored("held_marker");
    const lines = await page.evaluate("window.statusLines") as string[];
    expect(lines).toContain("buffering:below_min_duration");
    await page.close();
  });

  it("reports a CORS refusal as collector_unreachable, naming CORS_ORIGINS", async () => {
    // Another port is another origin, which the collector's CORS_ORIGINS does not list.
    await using other = await serveStatic({ root: REPO_ROOT });
    const { page } = await openSdkPage({
      chromium,
      siteUrl: other.url,
      name: "sampling.html",
      settings: {
        publicKey: collector.publicKey,
        ingestBaseUrl: collector.url,
        options: { consent: "granted" },
      },
    });
    await page.waitForFunction("window.replay.getStatus().reason === 'collector_unreachable'", undefined, {
      timeout: 30_000,
    });
    const current = await status(page);
    expect(current).toMatchObject({ state: "recording", lastError: { code: "collector_unreachable" } });
    expect(String((current.lastError as { message: string }).message)).toContain(
      `CORS_ORIGINS does not list ${other.url}`,
    );
    await page.close();
  });

  it("explains a deferred consent in one debug line", async () => {
    const { page, requests } = await openSdkPage({
      chromium,
      siteUrl: site.url,
      name: "sampling.html",
      settings: { publicKey: collector.publicKey, ingestBaseUrl: collector.url, options: { debug: true } },
    });
    await page.reload(); // The first line prints during page load; listen before it happens.
    const lines: string[] = [];
    page.on("console", (m) => lines.push(m.text()));
    await page.reload();
    await usePage(page, "deferred_marker");
    expect(lines).toContain(
      "rerun: not recording — consent is deferred; call replay.optIn() after your banner grants consent",
    );
    expect(await status(page)).toMatchObject({
      consent: "deferred",
      reason: "consent_deferred",
      sessionId: null,
    });
    expect(toCollector(requests)).toEqual([]);
    await page.close();
  });
});
