/**
 * `<data-dir>/quickstart.json`: where `rerun quickstart` leaves the collector's URL, pid and keys so other
 * commands find them. Written with mode 0600 because it holds keys.
 */
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { CliError, systemErrorCode } from "./errors.ts";

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

/**
 * Reads the state file; `null` when there is none. A file that cannot be read or is not a state file is a
 * `CliError` that says so, never silently ignored.
 */
export async function readState(dataDir: string): Promise<QuickstartState | null> {
  const path = statePath(dataDir);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = systemErrorCode(error);
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw new CliError(
      "bad_state",
      `cannot read ${path} (${code}); fix its permissions, or delete it and run rerun quickstart`,
    );
  }
  const parsed = QuickstartStateSchema.safeParse(parseJson(text));
  if (!parsed.success) {
    throw new CliError(
      "bad_state",
      `${path} is not a rerun quickstart state file; delete it and run rerun quickstart`,
    );
  }
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Writes the state atomically (temp file + rename) with mode 0600. */
export async function writeState(dataDir: string, state: QuickstartState): Promise<void> {
  const target = statePath(dataDir);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    await mkdir(dataDir, { recursive: true });
    await writeFile(temp, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
    await chmod(temp, 0o600);
    await rename(temp, target);
  } catch (error) {
    throw new CliError(
      "bad_state",
      `cannot write ${target} (${systemErrorCode(error)}); pass --data-dir with a folder you can write`,
    );
  }
}
