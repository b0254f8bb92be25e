/**
 * Blob store on the local file system. Writes go to a temporary file that is fsynced and then renamed, so a
 * reader (or a crash) never sees half a batch: rename is atomic within one folder (POSIX rename(2)). The
 * rename itself is a change to the folder, which only reaches the disk when the folder is fsynced; without
 * that, a power cut after the ack could lose an acknowledged batch's name even though its bytes were written.
 */
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { BlobStore } from "./blob-store.ts";
import { isValidBlobKey } from "./blob-store.ts";

export function createFsBlobStore(rootDir: string): BlobStore {
  const root = resolve(rootDir);

  const pathOf = (key: string): string => {
    if (!isValidBlobKey(key)) throw new Error(`refusing malformed blob key ${JSON.stringify(key)}`);
    const path = resolve(root, key);
    // Belt and braces: the pattern already forbids "..", but never let a key leave the root.
    if (!path.startsWith(root + sep)) {
      throw new Error(`blob key ${JSON.stringify(key)} escapes the blob folder`);
    }
    return path;
  };

  return {
    async put(key, bytes) {
      const path = pathOf(key);
      const tmp = `${path}.${crypto.randomUUID()}.tmp`;
      // A session's folder exists after its first batch: create it only when the open says it is missing,
      // which saves a file-system round trip on every other batch.
      let createdFolder = false;
      const handle = await open(tmp, "w", 0o600).catch(async (error: { code?: string }) => {
        if (error.code !== "ENOENT") throw error;
        await mkdir(dirname(path), { recursive: true });
        createdFolder = true;
        return await open(tmp, "w", 0o600);
      });
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(tmp, path);
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
      await syncFolder(dirname(path));
      // A new session folder is itself a new name in its parent.
      if (createdFolder) await syncFolder(dirname(dirname(path)));
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async list(prefix) {
      let entries: string[];
      try {
        entries = await readdir(root, { recursive: true });
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") return [];
        throw error;
      }
      return entries
        .map((entry) => relative(root, join(root, entry)).split(sep).join("/"))
        .filter((key) => key.startsWith(prefix) && isValidBlobKey(key))
        .sort();
    },
  };
}
/** Makes a folder's entries (a rename, a new file or folder) durable: fsync of the folder itself (POSIX). */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
