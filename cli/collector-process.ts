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
  return ["run", ...COLLECTOR_PERMISSIONS, "--no-prompt", COLLECTOR_ENTRY];
}

/** The line the collector prints once it listens: `rerun collector listening on http://host:port`. */
export const LISTENING_LINE = /rerun collector listening on (http:\/\/\S+)/;
