/**
 * Real recordings that nobody here made, kept beside the checkout in `shared/fixtures/real/` (its README says
 * where each comes from; they are data, not ours to commit). Looked for in the folders above the repository,
 * so a linked worktree finds the same files as the main checkout.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** The parsed recording `name` (e.g. `rrweb-player-demo.json`); throws, naming where it looked, if absent. */
export function readRealRecording(name: string): unknown {
  const tried: string[] = [];
  for (let dir = dirname(REPO);; dir = dirname(dir)) {
    const path = join(dir, "shared/fixtures/real", name);
    tried.push(path);
    if (existsSync(path)) return JSON.parse(readFileSync(path, "utf8"));
    if (dirname(dir) === dir) break;
  }
  throw new Error(`real recording ${name} not found; looked in ${tried.join(", ")}`);
}
