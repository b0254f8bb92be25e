/**
 * What the SDK records beyond rrweb, in a real browser with the built script-tag SDK and the real
 * collector: SPA navigations, submit attempts (also those built-in validation blocks), GET forms without
 * their query, errors with the last clicked element, resource timings and web vitals, and no event lost
 * while the collector is down and comes back on the same port and data folder.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type RunningChromium } from "../helpers/chromium.ts";
import {
  readStoredBytes,
  type RunningCollector,
  startCollector,
  waitForStoredText,
} from "../helpers/collector.ts";
import { serveStatic, type StaticServer } from "../helpers/static-server.ts";
import { ensureSdkBuilt, openSdkPage, REPO_ROOT } from "./sdk-page.ts";

let site: StaticServer;
let dataDir: string;
let collector: RunningCollector;
let chromium: RunningChromium;

beforeAll(async () => {
  ensureSdkBuilt();
  site = await serveStatic({ root: REPO_ROOT });
  // An explicit data folder outlives one collector process, so the retry test can restart it.
  dataDir = await mkdtemp(join(tmpdir(), "rerun-sdk-recording-"));
  collector = await startCollector({ dataDir, env: { CORS_ORIGINS: site.url } });
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await collector?.stop();
  await site?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const open = (options: Record<string, unknown> = {}) =>
  openSdkPage({
    chromium,
    siteUrl: site.url,
    name: "recording.html",
    settings: { publicKey: collector.publicKey, ingestBaseUrl: collector.url, options },
  });
const stored = async () => (await readStoredBytes(dataDir)).toString("utf8");
const waitForStored = (text: string, timeout = 30_000) => waitForStoredText(dataDir, text, timeout);
const recording = (page: Page) => page.waitForFunction("window.replay.getStatus().state === 'recording'");

describe("recording (script-tag build)", () => {
  it("records SPA navigations (pushState, replaceState, popstate) with stripped URLs, and no hash-only change", async () => {
    const { page } = await open();
    await recording(page);
    await page.evaluate("history.pushState({}, '', '/spa/cart?coupon=SPA-SECRET')");
    await page.evaluate("history.replaceState({}, '', '/spa/checkout')");
    await page.evaluate("location.hash = 'spa-hash'; undefined");
    await page.evaluate("history.pushState({}, '', '/spa/pay')");
    await page.goBack();
    await page.evaluate("window.replay.addCustomEvent('spa_done', {})");
    await waitForStored("spa_done");
    const text = await stored();
    for (const kind of ["pushState", "replaceState", "popstate"]) expect(text).toContain(`"kind":"${kind}"`);
    expect(text).toContain(`${site.url}/spa/cart"`);
    expect(text).not.toContain("SPA-SECRET");
    expect(text).not.toContain(`"kind":"hashchange"`); // Only the hash moved: the stripped URL is the same page.
    await page.close();
  });

  it("records when and how the page load began, and visibility changes", async () => {
    const { page } = await open();
    await recording(page);
    const timeOrigin = Math.round((await page.evaluate("performance.timeOrigin")) as number);
    await page.evaluate("document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))");
    await page.evaluate("window.replay.addCustomEvent('visibility_done', {})");
    await waitForStored("visibility_done");
    const text = await stored();
    expect(text).toMatch(new RegExp(`"kind":"load","startedAt":${timeOrigin},"navigationType":"navigate"`));
    expect(text).toContain(`"tag":"rerun.visibility","payload":{"state":"visible"}`);
    await page.close();
  });

  it("records submit attempts, blocked ones too, and strips a GET form's query", async () => {
    const { page } = await open();
    await recording(page);
    await page.click("#signup-submit"); // The empty required field blocks it: only `invalid` fires.
    await page.fill("input[name=q]", "get-form-secret");
    await Promise.all([page.waitForURL(/q=/), page.click("#search button")]);
    await recording(page);
    await page.evaluate("window.replay.addCustomEvent('forms_done', {})");
    await waitForStored("forms_done");
    const text = await stored();
    expect(text).toContain(
      `"selector":"#signup","url":"${site.url}/tests/fixtures/pages/recording.html","invalid":true`,
    );
    expect(text).toContain(`"selector":"#search"`);
    // rrweb's id of the form, which analysis matches the form's fields by, and typing marked as a person's.
    expect(text).toMatch(/"selector":"#search","url":"[^"]*","nodeId":\d+/);
    expect(text).toMatch(/"source":5,[^}]*"userTriggered":true/);
    expect(text).not.toContain("get-form-secret");
    await page.close();
  });

  it("records errors with the last clicked element, resource timings and web vitals", async () => {
    const { page } = await open();
    await recording(page);
    await page.click("#explode");
    await page.evaluate("window.replay.flush()");
    await waitForStored("search exploded");
    const text = await stored();
    expect(text).toMatch(/"message":"Error: search exploded"[^}]*"lastClick":"#explode"/);
    expect(text).toContain(`"tag":"rerun.resource","payload":{"name":"${site.url}/dist/rerun.global.js"`);
    // TTFB is final as soon as the page has loaded, so it arrives without any page hide.
    await waitForStored(`"tag":"rerun.web_vital","payload":{"name":"TTFB"`);
    await page.close();
  });

  it("loses no event while the collector is down and comes back", async () => {
    const { page } = await open();
    await recording(page);
    await page.evaluate("window.replay.addCustomEvent('retry_before', {})");
    await waitForStored("retry_before");
    const port = new URL(collector.url).port;
    const publicKey = collector.publicKey;
    await collector.stop();

    await page.evaluate("window.replay.addCustomEvent('retry_during', {})");
    await page.waitForFunction("window.replay.getStatus().reason === 'collector_unreachable'", undefined, {
      timeout: 30_000,
    });
    await page.fill("input[name=q]", "typed while down");
    await page.waitForTimeout(10_000);
    collector = await startCollector({
      dataDir,
      env: { CORS_ORIGINS: site.url, PORT: port, PUBLIC_INGEST_KEYS: publicKey },
    });
    await page.evaluate("window.replay.addCustomEvent('retry_after', {})");
    await page.evaluate("window.replay.flush()");
    await waitForStored("retry_after", 60_000);
    const text = await stored();
    expect(text).toContain("retry_during");
    expect(await page.evaluate("window.replay.getStatus().droppedBatches")).toBe(0);
    await page.waitForFunction("window.replay.getStatus().reason === 'recording'", undefined, {
      timeout: 30_000,
    });
    await page.close();
  });
});
