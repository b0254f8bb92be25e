import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { batchBlobKey } from "./blob-store.ts";
import { runBlobStoreCases } from "./blob-store.case.ts";
import { createFsBlobStore } from "./fs-store.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rerun-blobs-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("createFsBlobStore", () => {
  runBlobStoreCases(() => createFsBlobStore(dir));
});

describe("createFsBlobStore with blocking reads (the settle Worker's)", () => {
  runBlobStoreCases(() => createFsBlobStore(dir, { blockingReads: true }));
});

describe("batchBlobKey", () => {
  it("builds <appId>/<sessionId>/<windowId>/<sequence>.json.gz and refuses bad ids", () => {
    expect(batchBlobKey({ appId: "app_12345", sessionId: "session_1", windowId: "window_1", sequence: 3 }))
      .toBe("app_12345/session_1/window_1/3.json.gz");
    expect(() => batchBlobKey({ appId: "../x", sessionId: "session_1", windowId: "window_1", sequence: 0 }))
      .toThrow();
  });
});
