import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { batchBlobKey } from "./blob-store.ts";
import { createFsBlobStore } from "./fs-store.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rerun-blobs-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const key = batchBlobKey({ appId: "app_12345", sessionId: "session_1", windowId: "window_1", sequence: 3 });

describe("createFsBlobStore", () => {
  it("stores, lists, reads and deletes a blob", async () => {
    const store = createFsBlobStore(dir);
    await store.put(key, new Uint8Array([1, 2, 3]));
    expect(await store.get(key)).toEqual(new Uint8Array([1, 2, 3]));
    expect(await store.list?.("app_12345/")).toEqual([key]);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
  });

  it("refuses a key that could leave the blob folder", async () => {
    const store = createFsBlobStore(dir);
    await expect(store.put("../../etc/passwd", new Uint8Array())).rejects.toThrow(/malformed blob key/);
  });
});

describe("batchBlobKey", () => {
  it("builds <appId>/<sessionId>/<windowId>/<sequence>.json.gz and refuses bad ids", () => {
    expect(key).toBe("app_12345/session_1/window_1/3.json.gz");
    expect(() => batchBlobKey({ appId: "../x", sessionId: "session_1", windowId: "window_1", sequence: 0 }))
      .toThrow();
  });
});
