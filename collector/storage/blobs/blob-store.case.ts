/**
 * The behaviour every `BlobStore` must have, as one suite that each implementation's test runs (fs here,
 * S3 against s3rver in tests/integration). Not a test file itself: it has no `.test.ts` suffix.
 */
import { expect, it } from "vitest";
import type { BlobStore } from "./blob-store.ts";
import { batchBlobKey } from "./blob-store.ts";

export function runBlobStoreCases(makeStore: () => BlobStore): void {
  const key = batchBlobKey({ appId: "app_12345", sessionId: "session_1", windowId: "window_1", sequence: 3 });
  const other = batchBlobKey({
    appId: "app_67890",
    sessionId: "session_2",
    windowId: "window_2",
    sequence: 0,
  });

  it("stores and reads back bytes", async () => {
    const store = makeStore();
    await store.put(key, new Uint8Array([1, 2, 3]));
    expect(await store.get(key)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("overwrites a key with the latest bytes", async () => {
    const store = makeStore();
    await store.put(key, new Uint8Array([1]));
    await store.put(key, new Uint8Array([2, 2]));
    expect(await store.get(key)).toEqual(new Uint8Array([2, 2]));
  });

  it("answers null for a missing key and deletes idempotently", async () => {
    const store = makeStore();
    await store.put(key, new Uint8Array([1]));
    await store.delete(key);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
  });

  it("lists keys under a prefix", async () => {
    const store = makeStore();
    await store.put(key, new Uint8Array([1]));
    await store.put(other, new Uint8Array([1]));
    expect(await store.list?.("app_12345/")).toEqual([key]);
    await store.delete(key);
    await store.delete(other);
  });

  it("refuses a key that could escape its place", async () => {
    const store = makeStore();
    await expect(store.put("../../etc/passwd", new Uint8Array())).rejects.toThrow(/malformed blob key/);
  });
}
