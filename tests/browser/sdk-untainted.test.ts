/**
 * The SDK's rrweb asks for clean DOM prototypes only when the page patched them: on an ordinary page the
 * first snapshot creates no hidden iframe (the build-time fix in `scripts/esbuild-sdk.ts`), while on a page
 * with Zone.js rrweb still takes them from one. Both pages are recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStoredBytes } from "../helpers/collector.ts";
import { openSdkPage, type SdkHarness, startSdkHarness } from "./sdk-page.ts";

let harness: SdkHarness;

beforeAll(async () => {
  harness = await startSdkHarness();
});

afterAll(() => harness?.close());

async function record(query: string): Promise<number> {
  const { page } = await openSdkPage({
    chromium: harness.chromium,
    siteUrl: harness.site.url,
    name: "untainted.html",
    query,
    settings: { publicKey: harness.collector.publicKey, ingestBaseUrl: harness.collector.url },
  });
  await page.waitForFunction("window.replay.getStatus().state === 'recording'");
  const mark = `untainted_${query.replace(/\W/g, "") || "plain"}`;
  await page.evaluate(`window.replay.addCustomEvent(${JSON.stringify(mark)}, {})`);
  await page.evaluate("window.replay.flush({ final: true })");
  await expect.poll(
    async () => (await readStoredBytes(harness.collector.dataDir)).toString("utf8").includes(mark),
    {
      timeout: 30_000,
      interval: 200,
    },
  ).toBe(true);
  const iframes = await page.evaluate("window.iframesAdded") as number;
  await page.close();
  return iframes;
}

describe("untainted prototypes", () => {
  it("records an ordinary page without creating a hidden iframe", async () => {
    expect(await record("")).toBe(0);
  });

  it("still takes clean prototypes from an iframe when Zone.js is on the page", async () => {
    expect(await record("?zone")).toBeGreaterThan(0);
  });
});
