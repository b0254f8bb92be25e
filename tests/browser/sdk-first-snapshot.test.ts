/**
 * What happens around the first full snapshot in the shipped build. rrweb asks for clean DOM prototypes only
 * when the page patched them: on an ordinary page the first snapshot creates no hidden iframe (the
 * build-time fix in `scripts/esbuild-sdk.ts`), while on a page with Zone.js rrweb still takes them from one.
 * And before recording starts, the recorder runs rrweb's serializer on made-up documents
 * (`sdk/record/snapshot/warm-serializer.ts`), which needs the serializer export the build adds, and which must leave
 * rrweb's id counter alone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WARM_SLICES } from "../../sdk/record/snapshot/warm-serializer.ts";
import { waitForStoredText } from "../helpers/collector.ts";
import { openHarnessPage, type SdkHarness, startSdkHarness } from "./sdk-page.ts";

let harness: SdkHarness;

beforeAll(async () => {
  harness = await startSdkHarness();
});

afterAll(() => harness?.close());

type FirstSnapshot = {
  iframes: number;
  madeUpDocumentsBeforeRecording: number;
  ids: { documentId: number; rootIds: number[] };
};

async function record(query: string): Promise<FirstSnapshot> {
  const { page } = await openHarnessPage(harness, { name: "first-snapshot.html", query });
  await page.waitForFunction("window.replay.getStatus().state === 'recording'");
  const madeUpDocumentsBeforeRecording = await page.evaluate("window.madeUpDocuments") as number;
  const mark = `first_snapshot_${query.replace(/\W/g, "") || "plain"}`;
  await page.evaluate(`window.replay.addCustomEvent(${JSON.stringify(mark)}, {})`);
  await page.evaluate("window.replay.flush({ final: true })");
  await waitForStoredText(harness.collector.dataDir, mark);
  const iframes = await page.evaluate("window.iframesAdded") as number;
  const ids = await page.evaluate("window.firstSnapshot") as FirstSnapshot["ids"];
  await page.close();
  return { iframes, madeUpDocumentsBeforeRecording, ids };
}

describe("untainted prototypes", () => {
  it("records an ordinary page without creating a hidden iframe", async () => {
    expect((await record("")).iframes).toBe(0);
  });

  it("still takes clean prototypes from an iframe when Zone.js is on the page", async () => {
    expect((await record("?zone")).iframes).toBeGreaterThan(0);
  });
});

describe("serializer warm-up", () => {
  it("serializes one made-up document per slice before recording starts, then records the page", async () => {
    // record() also waits until the page's own custom event is stored.
    expect((await record("")).madeUpDocumentsBeforeRecording).toBe(WARM_SLICES.length);
  });

  it("takes no id from rrweb's counter: the page's document is 1 and no node is marked as a frame's", async () => {
    // rrweb writes a document id other than 1 as rootId, meant for iframe documents, on every node.
    expect((await record("")).ids).toEqual({ documentId: 1, rootIds: [] });
  });
});
