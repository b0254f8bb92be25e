/** A fresh temporary folder that removes itself: `await using dir = await makeTempDir();`. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type TempDir = { path: string; [Symbol.asyncDispose]: () => Promise<void> };

export async function makeTempDir(prefix = "rerun-test-"): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return {
    path,
    [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }),
  };
}
