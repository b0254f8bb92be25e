/**
 * Builds the browser SDK into dist/ and prints each file's raw and gzip size.
 *
 * - dist/index.js + dist/react.js: ESM with code splitting; the recorder (rrweb) is its own chunk, fetched
 *   only when `init` gets consent. React stays external (peer dependency).
 * - dist/rerun.global.js: script-tag loader setting `globalThis.Rerun = { init }`.
 * - dist/rerun.recorder.global.js: the recorder for the script-tag build, injected after consent, with V8's
 *   hint to compile it eagerly (`RECORDER_BANNER`).
 * - dist/rerun.observers.global.js: the optional observers (network, console, resource timings, web vitals,
 *   behavioral stream) for the script-tag build, injected beside the recorder only when one of them is on.
 * - dist/rerun.web-vitals.global.js: `web-vitals` for the script-tag build, injected only with `webVitals`.
 *
 * The esbuild settings (and the plugin that compiles rrweb's canvas recording out) live in `esbuild-sdk.ts`,
 * shared with the size benchmark.
 */
import { build, type BuildOptions } from "esbuild";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { RECORDER_BANNER, sdkBuildOptions } from "./esbuild-sdk.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = join(root, "dist");

const common: BuildOptions = { ...sdkBuildOptions(), sourcemap: true, logLevel: "warning" };

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)])),
  );
  return nested.flat();
}

async function main(): Promise<void> {
  const started = performance.now();
  await rm(outdir, { recursive: true, force: true });
  await Promise.all([
    build({
      ...common,
      entryPoints: { index: join(root, "sdk/entries/index.ts"), react: join(root, "sdk/react/index.ts") },
      format: "esm",
      splitting: true,
      outdir,
      chunkNames: "chunks/[name]-[hash]",
      external: ["react", "react-dom"],
    }),
    build({
      ...common,
      entryPoints: {
        "rerun.global": join(root, "sdk/entries/global.ts"),
        "rerun.observers.global": join(root, "sdk/entries/global-observers.ts"),
        "rerun.web-vitals.global": join(root, "sdk/entries/global-web-vitals.ts"),
      },
      format: "iife",
      outdir,
    }),
    build({
      ...common,
      banner: RECORDER_BANNER,
      entryPoints: { "rerun.recorder.global": join(root, "sdk/entries/global-recorder.ts") },
      format: "iife",
      outdir,
    }),
  ]);
  const files = (await listFiles(outdir)).filter((f) => f.endsWith(".js")).sort();
  const rows = await Promise.all(files.map(async (file) => {
    const bytes = await readFile(file);
    return {
      file: relative(outdir, file),
      raw: (await stat(file)).size,
      gzip: gzipSync(bytes, { level: 9 }).length,
    };
  }));
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`.padStart(9);
  console.log("dist/                                       raw      gzip");
  for (const row of rows) console.log(`  ${row.file.padEnd(38)} ${kb(row.raw)} ${kb(row.gzip)}`);
  console.log(`built in ${Math.round(performance.now() - started)} ms`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
