/**
 * Blob store on the local file system. Writes go to a temporary file that is fsynced and then renamed, so a
 * reader (or a crash) never sees half a batch: rename is atomic within one folder (POSIX rename(2)). The
 * rename itself is a change to the folder, which only reaches the disk when the folder is fsynced; without
 * that, a power cut after the ack could lose an acknowledged batch's name even though its bytes were written.
 * A write that fails removes its temporary file; {@link FsBlobStore.sweep} removes what a crash left behind.
 *
 * Layout: one folder per app, one file per batch, `<appId>/<sessionId>.<windowId>.<name>` for the key
 * `<appId>/<sessionId>/<windowId>/<name>` (`.` is in no id, so the name maps back to one key). The earlier
 * layout, the key as a path, spent a session folder and a window folder per session: 20,000 one-batch sessions
 * took 235 MB for 4.9 MB of gzip, two 4 KB folder blocks and one file block each. Blobs stored in that
 * layout are still read, listed and deleted where they are (with their emptied folders).
 */
import { readFileSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { BlobStore } from "./blob-store.ts";
import { isValidBlobKey } from "./blob-store.ts";

/** What {@link FsBlobStore.sweep} removed. */
export type SweepResult = { tmpFiles: number; orphanBlobs: number };

export type FsBlobStore = BlobStore & {
  /**
   * Removes temporary files of writes that never finished and blobs no batch row names (a write whose row
   * failed and was never retried), both older than `olderThan` (epoch ms) so no write in flight is touched.
   * `storedKeys` answers which of the given keys a row names.
   */
  sweep(
    opts: { olderThan: number; storedKeys: (keys: string[]) => Promise<Set<string>> },
  ): Promise<SweepResult>;
};

const TMP_SUFFIX = ".tmp";

export type FsBlobStoreOptions = {
  /**
   * Reads block the calling thread: for a thread of its own (the settle Worker), where waiting on the disk
   * holds up nothing else. 120 batch blobs cost 1.0 ms of CPU read so, 5.5 ms through `fs/promises` (open,
   * stat, read and close each a round trip through the thread pool, on Deno 2.9).
   */
  blockingReads?: boolean;
};

export function createFsBlobStore(rootDir: string, opts: FsBlobStoreOptions = {}): FsBlobStore {
  const root = resolve(rootDir);
  const read = opts.blockingReads ? (path: string) => Promise.resolve(readFileSync(path)) : readFile;

  const inRoot = (path: string, key: string): string => {
    // Belt and braces: the pattern already forbids "..", but never let a key leave the root.
    if (!path.startsWith(root + sep)) {
      throw new Error(`blob key ${JSON.stringify(key)} escapes the blob folder`);
    }
    return path;
  };
  const checked = (key: string): string[] => {
    if (!isValidBlobKey(key)) throw new Error(`refusing malformed blob key ${JSON.stringify(key)}`);
    return key.split("/");
  };
  const pathOf = (key: string): string => {
    const [app, session, window, name] = checked(key);
    return inRoot(resolve(root, `${app}`, `${session}.${window}.${name}`), key);
  };
  /** Where the earlier layout kept the key: the key as a path. */
  const legacyPathOf = (key: string): string => inRoot(resolve(root, ...checked(key)), key);

  /** The key a file under the root stands for, in either layout; null for anything else. */
  const keyOfFile = (file: string): string | null => {
    const parts = file.split(sep);
    if (parts.length === 2) {
      const [app, name] = parts as [string, string];
      const match = name.match(/^([^.]+)\.([^.]+)\.(.+)$/);
      const key = match ? `${app}/${match[1]}/${match[2]}/${match[3]}` : "";
      return isValidBlobKey(key) ? key : null;
    }
    const key = parts.join("/");
    return isValidBlobKey(key) ? key : null;
  };

  const walk = async (): Promise<string[]> => {
    try {
      return (await readdir(root, { recursive: true })).map((entry) => relative(root, join(root, entry)));
    } catch (error) {
      if ((error as { code?: string }).code === "ENOENT") return [];
      throw error;
    }
  };

  const remove = async (key: string): Promise<void> => {
    await rm(pathOf(key), { force: true });
    const legacy = legacyPathOf(key);
    await rm(legacy, { force: true });
    // The earlier layout's window and session folders go once empty (rmdir refuses a folder that is not).
    for (const folder of [dirname(legacy), dirname(dirname(legacy))]) {
      await rmdir(folder).catch(() => undefined);
    }
  };

  return {
    async put(key, bytes) {
      const path = pathOf(key);
      const tmp = `${path}.${crypto.randomUUID()}${TMP_SUFFIX}`;
      // An app's folder exists after its first batch: create it only when the open says it is missing,
      // which saves a file-system round trip on every other batch.
      let createdFolder = false;
      const handle = await open(tmp, "w", 0o600).catch(async (error: { code?: string }) => {
        if (error.code !== "ENOENT") throw error;
        await mkdir(dirname(path), { recursive: true });
        createdFolder = true;
        return await open(tmp, "w", 0o600);
      });
      try {
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(tmp, path);
      } catch (error) {
        // A full disk fails the write: leave nothing of it behind.
        await rm(tmp, { force: true }).catch(() => undefined);
        throw error;
      }
      await syncFolder(dirname(path));
      // A new app folder is itself a new name in the root.
      if (createdFolder) await syncFolder(dirname(dirname(path)));
    },
    async get(key) {
      // The earlier layout's path is only worked out when the blob is not where it is kept now.
      for (const pathIn of [pathOf, legacyPathOf]) {
        try {
          return new Uint8Array(await read(pathIn(key)));
        } catch (error) {
          if ((error as { code?: string }).code !== "ENOENT") throw error;
        }
      }
      return null;
    },
    delete: remove,
    async list(prefix) {
      return (await walk()).map(keyOfFile).filter((key): key is string =>
        key !== null && key.startsWith(prefix)
      )
        .sort();
    },
    async sweep({ olderThan, storedKeys }) {
      const result: SweepResult = { tmpFiles: 0, orphanBlobs: 0 };
      const candidates: string[] = [];
      for (const file of await walk()) {
        const isTmp = file.endsWith(TMP_SUFFIX);
        const key = isTmp ? null : keyOfFile(file);
        if (!isTmp && key === null) continue;
        const info = await stat(join(root, file)).catch(() => null);
        if (!info?.isFile() || info.mtimeMs >= olderThan) continue;
        if (isTmp) {
          await rm(join(root, file), { force: true });
          result.tmpFiles++;
        } else if (key !== null) candidates.push(key);
      }
      for (let i = 0; i < candidates.length; i += SWEEP_CHUNK) {
        const chunk = candidates.slice(i, i + SWEEP_CHUNK);
        const stored = await storedKeys(chunk);
        for (const key of chunk) {
          if (stored.has(key)) continue;
          await remove(key);
          result.orphanBlobs++;
        }
      }
      return result;
    },
  };
}

/** Keys checked against the database per query. */
const SWEEP_CHUNK = 500;

/** Makes a folder's entries (a rename, a new file or folder) durable: fsync of the folder itself (POSIX). */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
