/**
 * Privacy end to end: a page plants a distinct secret in every kind of field, text and attribute (and in the
 * URL's query and hash), a person interacts with it, and then every byte the collector stored is searched for
 * each secret. Server-side redaction is off, so this proves the SDK's own masking, not the collector's.
 * The same session also shows the SDK's own events: navigation, submit, error and network.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningChromium } from "../helpers/chromium.ts";
import { type RunningCollector, waitForStoredText } from "../helpers/collector.ts";
import type { StaticServer } from "../helpers/static-server.ts";
import { openSdkPage, type SdkHarness, startSdkHarness } from "./sdk-page.ts";

const SECRETS = [
  "PWSECRET-S1",
  "emailfieldS2",
  "COMMENT-S24",
  "TEXTAREA-S3",
  "SELECT-S4",
  "SELVAL-S4B",
  "EDITSTART-S5A",
  "EDITABLE-S5",
  "PLACEHOLDER-S6",
  "TITLE-S7",
  "ARIA-S8",
  "ALT-S9",
  "BUTTONVAL-S10",
  "HIDDEN-S11",
  "DATA-S12",
  "PLAINTEXT-S13",
  "QUERY-S14",
  "HASH-S15",
  "MUTTITLE-S16",
  "MUTADD-S16B",
  "MUTARIA-S17",
  "MUTTEXT-S18",
  "BLOCKED-S19",
  "ERRQUERY-S20",
  "NETQUERY-S21",
  "PUSHQ-S22",
  "HIDDENSET-S23",
  "SRCDOC-S25",
  "MUTSRCDOC-S26",
  "ADDSRCDOC-S27",
];

let site: StaticServer;
let collector: RunningCollector;
let chromium: RunningChromium;

let harness: SdkHarness;

beforeAll(async () => {
  harness = await startSdkHarness({ SERVER_SIDE_REDACTION: "false" });
  ({ site, collector, chromium } = harness);
});

afterAll(() => harness?.close());

describe("init privacy defaults", () => {
  it("stores none of the planted secrets and records the SDK's own events", async () => {
    const { page } = await openSdkPage({
      chromium,
      siteUrl: site.url,
      name: "masking.html",
      query: "?q=QUERY-S14",
      settings: {
        publicKey: collector.publicKey,
        ingestBaseUrl: collector.url,
        options: { secret: "HASH-S15", flushIntervalMs: 500 },
      },
    });
    await page.waitForFunction("window.replay.getStatus().state === 'recording'");
    await page.fill("#password", "PWSECRET-S1");
    // A valid address, so the browser's form validation lets the submit through.
    await page.fill("#email", "emailfieldS2@example.com");
    await page.fill("#notes", "TEXTAREA-S3");
    await page.selectOption("#plan", "basic");
    await page.selectOption("#plan", "SELVAL-S4B");
    await page.click("#editable");
    await page.keyboard.type(" EDITABLE-S5");
    await page.evaluate("window.mutate()");
    await page.click("#submit");
    await page.evaluate(
      "setTimeout(() => { throw new Error('failed at https://api.example/p?token=ERRQUERY-S20') })",
    );
    await page.evaluate(
      "fetch('/tests/fixtures/pages/consent.html?token=NETQUERY-S21').then((r) => r.text())",
    );
    await page.evaluate("history.pushState({}, '', '/checkout/step-2?page=PUSHQ-S22#top')");
    await page.evaluate("window.replay.addCustomEvent('masking_done', {})");
    await page.evaluate("window.replay.flush({ final: true })");

    const stored = await waitForStoredText(collector.dataDir, "masking_done");

    expect(stored).toContain("UNMASKED-VISIBLE");
    const leaked = SECRETS.filter((secret) => stored.includes(secret));
    expect(leaked).toEqual([]);

    for (const tag of ["rerun.navigation", "rerun.submit", "rerun.error", "rerun.network"]) {
      expect(stored).toContain(tag);
    }
    expect(stored).toContain("/checkout/step-2");
    expect(stored).toContain("#signup");
    expect(await page.evaluate("window.replay.getStatus().lastError")).toBeNull();
    await page.close();
  });
});
