/**
 * Issue 28, item 8 (fs blob store): a failed write left its `.tmp` file (53 after a disk-full run) and a
 * batch whose row failed left its blob, both for good; and 20,000 one-batch sessions took 235 MB for 4.9 MB
 * of gzip, because each session got a session folder and a window folder. Writes now clean up after
 * themselves, a sweep removes what a crash left, and the layout is one folder per app (blobs of the earlier
 * layout are still read and deleted).
 */
import { mkdir, readdir, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createTestDeps, TEST_KEYS } from "../../collector/_test-deps.ts";
import { createCaller } from "../../collector/router.ts";
import { sweepBlobFolder } from "../../collector/storage/blob-sweep.ts";
import { batchBlobKey } from "../../collector/storage/blobs/blob-store.ts";
import { createFsBlobStore } from "../../collector/storage/blobs/fs-store.ts";
import { createContextInner } from "../../collector/trpc/context.ts";
import { makeTempDir } from "../helpers/tmp.ts";

/** Folders, files and allocated bytes (st_blocks) under `dir`, the way `du` counts them. */
async function footprint(dir: string) {
  let folders = 0;
  let files = 0;
  let allocated = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const info = await stat(join(entry.parentPath, entry.name));
    allocated += info.blocks * 512;
    if (entry.isDirectory()) folders++;
    else files++;
  }
  return { folders, files, allocated };
}

const keyOf = (session: number, sequence = 0) =>
  batchBlobKey({
    appId: "app_tiny_sessions",
    sessionId: `session_${String(session).padStart(6, "0")}`,
    windowId: `window_${String(session).padStart(6, "0")}`,
    sequence,
  });

describe("issue 28: the fs blob store", () => {
  it("keeps 300 one-batch sessions in one folder per app", async () => {
    await using dir = await makeTempDir("rerun-layout-");
    const store = createFsBlobStore(dir.path);
    const blob = gzipSync(JSON.stringify({ events: [{ type: 4, data: {}, timestamp: 1 }] }));
    for (let session = 0; session < 300; session++) await store.put(keyOf(session), blob);
    const used = await footprint(dir.path);
    // 1 folder and 1.26 MB allocated here; the earlier layout made 601 folders and 3.70 MB.
    expect(used).toMatchObject({ folders: 1, files: 300 });
    expect(await store.get(keyOf(299))).toEqual(new Uint8Array(blob));
    expect(await store.list?.("app_tiny_sessions/session_000042/")).toEqual([keyOf(42)]);
  });

  it("reads, lists and deletes blobs of the earlier layout, and removes their emptied folders", async () => {
    await using dir = await makeTempDir("rerun-legacy-");
    const legacyKey = keyOf(7, 3);
    await mkdir(join(dir.path, ...legacyKey.split("/").slice(0, 3)), { recursive: true });
    await writeFile(join(dir.path, ...legacyKey.split("/")), "legacy-bytes");
    const store = createFsBlobStore(dir.path);
    await store.put(keyOf(8), new Uint8Array([1]));
    expect(new TextDecoder().decode((await store.get(legacyKey)) ?? undefined)).toBe("legacy-bytes");
    expect(await store.list?.("app_tiny_sessions/")).toEqual([keyOf(7, 3), keyOf(8)]);
    await store.delete(legacyKey);
    expect(await store.get(legacyKey)).toBeNull();
    expect((await footprint(dir.path)).folders).toBe(1);
  });

  it("leaves no temporary file behind when a write fails", async () => {
    await using dir = await makeTempDir("rerun-failed-write-");
    const store = createFsBlobStore(dir.path);
    await store.put(keyOf(1), new Uint8Array([1]));
    // Bytes that fail while being written, as a full disk makes them.
    const failing = {
      // deno-lint-ignore require-yield
      async *[Symbol.asyncIterator]() {
        throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
      },
    } as unknown as Uint8Array;
    await expect(store.put(keyOf(2), failing)).rejects.toThrow(/no space left/);
    const names = await readdir(dir.path, { recursive: true });
    expect(names.filter((n) => String(n).endsWith(".tmp"))).toEqual([]);
  });

  it("sweeps stale temporary files and blobs no batch row names, and keeps stored batches", async () => {
    await using deps = await createTestDeps();
    const ingest = createCaller(createContextInner(deps, { key: TEST_KEYS.publicKey }));
    await ingest.ingest.batch({
      appId: "app_tiny_sessions",
      sessionId: "session_000001",
      windowId: "window_000001",
      sequence: 0,
      events: [{ type: 4, data: { href: "https://shop.example/" }, timestamp: 1_000 }],
      meta: {},
    });
    const store = createFsBlobStore(deps.config.BLOB_DIR);
    await store.put(keyOf(2), new Uint8Array([2])); // its row failed: an orphan
    await store.put(keyOf(3), new Uint8Array([3])); // written a moment ago: its row may be on its way
    const app = join(deps.config.BLOB_DIR, "app_tiny_sessions");
    await writeFile(join(app, "session_000004.window_000004.0.json.gz.0f0e.tmp"), "half a batch");
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    for (const name of await readdir(app)) {
      if (!name.startsWith("session_000003")) await utimes(join(app, name), hourAgo, hourAgo);
    }
    expect(await sweepBlobFolder({ db: deps.db, blobs: store }, Date.now())).toEqual({
      tmpFiles: 1,
      orphanBlobs: 1,
    });
    expect((await readdir(app)).sort()).toEqual([
      "session_000001.window_000001.0.json.gz",
      "session_000003.window_000003.0.json.gz",
    ]);
  });
});
