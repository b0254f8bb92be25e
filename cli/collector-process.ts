/**
 * Starting the collector as a child process under the npm-installed Deno binary. Used by `rerun quickstart`
 * (detached, logs to a file) and by the test helpers (attached), so the command line exists once.
 *
 * Two sources: a source checkout runs `collector/main.ts` with the `deno` devDependency; the published
 * package runs its compiled `dist/collector/main.js` from the collector part fetched on first use
 * (runtime/fetch.ts), because Deno will not strip types under node_modules and the package does not ship
 * Deno itself.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { CliError } from "./errors.ts";
import { ensureRuntimePart } from "./runtime/fetch.ts";
import { isSourceCheckout, PACKAGE_ROOT } from "./runtime/package-root.ts";

export { PACKAGE_ROOT };

/** The collector's entry in a source checkout, resolved from the package root. */
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
 * V8 settings of the collector process: a 32 MiB cap on each half of the young generation. Ingest allocates
 * a batch's parsed events (a few MiB for 3,000 events) and drops them once the batch is stored, so with a few
 * batches in flight a smaller young generation filled before they were done, and V8 copied every live batch
 * into the old generation and collected it there: with a 4 MiB cap that garbage collection was about a fifth
 * of the event loop's time. In closed-loop runs of `npm run bench -- ingest`'s load the collector took
 * 234–285k events/s with 4 MiB, 293–294k with 16 and 309–334k with 32, and its CPU per batch fell from
 * 15.5–18.5 to 12.5–13.6 ms. The cap still bounds memory: five minutes of 200 sessions peaked at 210 MiB
 * (`npm run bench -- sustained --full`); with V8's default cap an earlier run had reached 241 MiB.
 */
export const COLLECTOR_V8_FLAGS: readonly string[] = ["--v8-flags=--max-semi-space-size=32"];

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
  if (!found) {
    throw new CliError(
      "start_failed",
      `the deno binary is missing from ${join(root, "node_modules")}: run \`npm install\` in ${root}`,
    );
  }
  return found;
}

/** Arguments after the deno binary that run the collector from `entry`. */
export function collectorArgs(entry: string = COLLECTOR_ENTRY): string[] {
  return ["run", ...COLLECTOR_V8_FLAGS, ...COLLECTOR_PERMISSIONS, "--no-prompt", entry];
}

export type CollectorLaunch = { command: string; args: string[]; cwd: string };

/**
 * How to run the collector: from the source checkout `serverDir` (quickstart's `--server-dir`), from this
 * package when it is a source checkout, or from the fetched collector part.
 */
export async function collectorLaunch(serverDir?: string): Promise<CollectorLaunch> {
  if (serverDir !== undefined) {
    const root = resolve(serverDir);
    if (!isSourceCheckout(root)) {
      throw new CliError(
        "usage",
        `--server-dir ${serverDir} is not a rerun source checkout (no collector/main.ts); give the folder ` +
          `of a clone of the rerun repository, or leave the flag out to run this package's collector`,
      );
    }
    return {
      command: findDenoBinary(root),
      args: collectorArgs(join(root, "collector", "main.ts")),
      cwd: root,
    };
  }
  if (isSourceCheckout(PACKAGE_ROOT)) {
    return { command: findDenoBinary(PACKAGE_ROOT), args: collectorArgs(), cwd: PACKAGE_ROOT };
  }
  const dir = await ensureRuntimePart("collector");
  return {
    command: findDenoBinary(dir),
    // --node-modules-dir=manual: resolve @libsql/client from the part's own node_modules, never download.
    args: [
      "run",
      "--node-modules-dir=manual",
      "--no-lock",
      ...collectorArgs(join(dir, "collector", "main.js"))
        .slice(1),
    ],
    cwd: dir,
  };
}

/** The line the collector prints once it listens: `rerun collector listening on http://host:port`. */
export const LISTENING_LINE = /rerun collector listening on (http:\/\/\S+)/;
