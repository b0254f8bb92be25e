/**
 * Starting the collector as a child process under the npm-installed Deno binary. Used by `rerun quickstart`
 * (detached, logs to a file) and by the test helpers (attached), so the command line exists once.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root (the folder holding package.json, collector/ and node_modules/). */
export const PACKAGE_ROOT: string = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The collector's entry, resolved from the package root. */
export const COLLECTOR_ENTRY: string = join(PACKAGE_ROOT, "collector", "main.ts");

/**
 * Deno permissions the collector needs: network for serving (and Turso/S3), env for its settings, read and
 * write for the embedded database and blob folder, ffi and sys for libSQL's native addon.
 */
export const COLLECTOR_PERMISSIONS: readonly string[] = [
  "--allow-net",
  "--allow-env",
  "--allow-read",
  "--allow-write",
  "--allow-ffi",
  "--allow-sys",
];

/**
 * V8 settings of the collector process. A 4 MiB cap on each half of the young generation: ingest allocates
 * a batch's parsed events and strings at a high rate and drops them a moment later, and with V8's default
 * cap the young generation of the main isolate and of the compression Worker grew until the process held
 * about 200 MiB after a minute of 200 sessions and peaked at 241 MiB over five. With the cap the same
 * minute peaked at 133 MiB, and ingest throughput was unchanged within the benchmark's noise
 * (`npm run bench -- sustained ingest`).
 */
export const COLLECTOR_V8_FLAGS: readonly string[] = ["--v8-flags=--max-semi-space-size=4"];

/**
 * The Deno binary shipped by the `deno` npm package. The real binary, not the `.bin` shim, so the pid we
 * record is the collector's own and `rerun stop` signals the right process.
 */
export function findDenoBinary(root: string = PACKAGE_ROOT): string {
  const candidates = [
    join(root, "node_modules", "deno", "deno"),
    join(root, "node_modules", "@deno", `${process.platform}-${process.arch}-glibc`, "deno"),
    join(root, "node_modules", "@deno", `${process.platform}-${process.arch}`, "deno"),
    join(root, "node_modules", ".bin", "deno"),
  ];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error("the deno binary is missing from node_modules: run `npm install`");
  return found;
}

/** Arguments after the deno binary that run the collector. */
export function collectorArgs(): string[] {
  return ["run", ...COLLECTOR_V8_FLAGS, ...COLLECTOR_PERMISSIONS, "--no-prompt", COLLECTOR_ENTRY];
}

/** The line the collector prints once it listens: `rerun collector listening on http://host:port`. */
export const LISTENING_LINE = /rerun collector listening on (http:\/\/\S+)/;
