/**
 * `npm run bench [-- <name>…] [--full]`: runs the named benchmarks (all by default) one after another,
 * writes `bench/results/<name>.json` for each and regenerates `docs/BENCHMARKS.md` from every result file.
 * `--quick` (the default) keeps the sustained load to 60 s; `--full` runs it for 5 minutes.
 */
import { loadavg } from "node:os";
import { type Benchmark, renderBenchmarksDoc, writeResult } from "./results.ts";

const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  "sdk-size": async () => (await import("./sdk-size.ts")).benchSdkSize,
  "main-thread": async () => (await import("./main-thread.ts")).benchMainThread,
  ingest: async () => (await import("./ingest.ts")).benchIngest,
  sustained: async () => (await import("./sustained.ts")).benchSustained,
  report: async () => (await import("./report.ts")).benchReport,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const mode = args.includes("--full") ? "full" : "quick";
  const names = args.filter((a) => !a.startsWith("--"));
  const unknown = names.filter((n) => !(n in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark ${unknown.join(", ")}; choose from ${Object.keys(BENCHMARKS).join(", ")}`,
    );
    process.exit(1);
  }
  const selected = names.length > 0 ? names : Object.keys(BENCHMARKS);
  let failed = 0;
  for (const name of selected) {
    const load = BENCHMARKS[name];
    if (!load) continue;
    const log = (line: string) => console.log(`[${name}] ${line}`);
    const startedAt = new Date();
    const started = performance.now();
    const loadAverage1m = Math.round((loadavg()[0] ?? 0) * 100) / 100;
    log(`running (${mode})`);
    try {
      const output = await (await load())({ mode, log });
      const result = await writeResult(name, output, {
        mode,
        startedAt,
        durationMs: performance.now() - started,
        loadAverage1m,
      });
      for (const m of result.metrics) log(`${m.metric}: ${m.value} ${m.unit}`);
      log(`done in ${(result.durationMs / 1000).toFixed(1)} s`);
    } catch (error) {
      failed++;
      console.error(
        `[${name}] could not run: ${error instanceof Error ? error.stack ?? error.message : String(error)}`,
      );
    }
  }
  await renderBenchmarksDoc();
  console.log("docs/BENCHMARKS.md regenerated");
  if (failed > 0) process.exit(1);
}

await main();
