/** Where the benchmarks read from and write to, relative to this checkout. */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
export const RESULTS_DIR = join(REPO_ROOT, "bench", "results");
export const BENCHMARKS_DOC = join(REPO_ROOT, "docs", "BENCHMARKS.md");
/** Hand-written: what profiling found where rerun is behind a target; appended to the generated doc. */
export const FINDINGS_DOC = join(REPO_ROOT, "bench", "findings.md");
