/**
 * `<data-dir>/quickstart.json`: where `rerun quickstart` leaves the collector's URL, pid and keys so other
 * commands find them. Written with mode 0600 because it holds keys.
 */
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

export const DEFAULT_DATA_DIR = ".rerun";
export const STATE_FILE = "quickstart.json";

export const QuickstartStateSchema = z.object({
  ingestBaseUrl: z.string(),
  publicKey: z.string(),
  readKey: z.string(),
  adminKey: z.string(),
  pid: z.number().int(),
  dataDir: z.string(),
  startedAt: z.string(),
});
export type QuickstartState = z.infer<typeof QuickstartStateSchema>;

export function statePath(dataDir: string): string {
  return join(dataDir, STATE_FILE);
}

/** Reads the state file; `null` when there is none. A corrupt file is reported, not silently ignored. */
export async function readState(dataDir: string): Promise<QuickstartState | null> {
  let text: string;
  try {
    text = await readFile(statePath(dataDir), "utf8");
  } catch {
    return null;
  }
  const parsed = QuickstartStateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(
      `${statePath(dataDir)} is not a rerun quickstart state file; delete it and run rerun quickstart`,
    );
  }
  return parsed.data;
}

/** Writes the state atomically (temp file + rename) with mode 0600. */
export async function writeState(dataDir: string, state: QuickstartState): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const target = statePath(dataDir);
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, target);
}
