/**
 * The first full snapshot is taken in slices (`sdk/record/snapshot/sliced-snapshot.ts`, with the build's rrweb edits)
 * while the page keeps running, and still describes the page exactly as it is when the FullSnapshot event
 * is emitted; rrweb's observers start right after it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openHarnessPage, type SdkHarness, startSdkHarness } from "./sdk-page.ts";

let harness: SdkHarness;

beforeAll(async () => {
  harness = await startSdkHarness();
});

afterAll(() => harness?.close());

type SnapshotCheck = { difference: string | null; nodes: number };

describe("sliced first snapshot", () => {
  it("lets a page that changes itself run between slices and describes the page as it is at the end", async () => {
    const { page } = await openHarnessPage(harness, {
      // The page's clock runs fast, so that serializing its 5,000 nodes takes many slices on any machine.
      name: "sliced-snapshot.html",
    });
    await page.waitForFunction("window.snapshotCheck !== null", undefined, { timeout: 30_000 });
    const check = await page.evaluate("window.snapshotCheck") as SnapshotCheck;
    const ticks = await page.evaluate("window.ticksDuringSnapshot") as number;

    expect(check.nodes).toBeGreaterThan(5_000);
    // The page's own tasks ran while the snapshot was being taken, each changing the page...
    expect(ticks).toBeGreaterThan(10);
    // ...and the snapshot still matches the live page node for node.
    expect(check.difference).toBeNull();
    // The same-origin frame's document is attached after the snapshot, as with a synchronous one.
    await page.waitForFunction("window.frameAttached !== null", undefined, { timeout: 30_000 });
    expect(await page.evaluate("window.frameAttached")).toBe("after the snapshot");
    // rrweb's observers started after it: the page's later changes are recorded as mutations.
    await page.waitForFunction("window.mutationEventsAfterSnapshot > 0", undefined, { timeout: 30_000 });
    expect((await page.evaluate("window.replay.getStatus()") as { lastError: unknown }).lastError).toBeNull();
    await page.close();
  });
});
