/**
 * `npm run bench [-- <name>…] [--full]`: runs the named benchmarks (all by default) one after another,
 * writes `bench/results/<name>.json` for each and regenerates `docs/BENCHMARKS.md` from every result file.
 * `--quick` (the default) keeps the sustained load to 60 s; `--full` runs it for 5 minutes.
 */
import { loadavg } from "node:os";
import { type Benchmark, renderBenchmarksDoc, writeResult } from "./results.ts";
import { signalDescendants } from "./descendants.ts";
import { acquireRunLock, describeHolder } from "./run-lock.ts";

const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  "sdk-size": async () => (await import("./sdk-size.ts")).benchSdkSize,
  "main-thread": async () => (await import("./main-thread.ts")).benchMainThread,
  ingest: async () => (await import("./ingest.ts")).benchIngest,
  sustained: async () => (await import("./sustained.ts")).benchSustained,
  report: async () => (await import("./report.ts")).benchReport,
  install: async () => (await import("./install.ts")).benchInstall,
  friction: async () => (await import("./friction.ts")).benchFriction,
  "friction-settle": async () => (await import("./friction.ts")).benchFrictionSettle,
};

/**
 * Run when no name is given: all but the friction ones, whose first run generates a million sessions (about an
 * hour).
 */
const DEFAULT_BENCHMARKS = Object.keys(BENCHMARKS).filter((name) => !name.startsWith("friction"));

const OPTIONS: ReadonlySet<string> = new Set(["--full", "--quick"]);

const USAGE = `npm run bench [-- <name>…] [--full]

Runs the named benchmarks (all by default) one after another, one run on the machine at a time, writes
bench/results/<name>.json for each and regenerates docs/BENCHMARKS.md. Run \`npm run build\` first.

benchmarks: ${Object.keys(BENCHMARKS).join(", ")} (all but the friction ones by default: their first
  run generates a million sessions into .rerun/bench/friction.db, about an hour on two cores;
  friction-settle times the settling of a 10-minute session alone, step by step)
  --quick   the sustained load for 60 s (the default)
  --full    the sustained load for 5 minutes`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return;
  }
  const options = args.filter((a) => a.startsWith("-"));
  const badOption = options.find((o) => !OPTIONS.has(o));
  if (badOption) {
    console.error(`unknown option ${badOption}; ${[...OPTIONS].join(" or ")} (see --help)`);
    process.exit(1);
  }
  const mode = args.includes("--full") ? "full" : "quick";
  const names = args.filter((a) => !a.startsWith("-"));
  const unknown = names.filter((n) => !(n in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark ${unknown.join(", ")}; choose from ${Object.keys(BENCHMARKS).join(", ")}`,
    );
    process.exit(1);
  }
  const selected = names.length > 0 ? names : DEFAULT_BENCHMARKS;
  const lock = acquireRunLock();
  if ("heldBy" in lock) {
    console.error(describeHolder(lock.heldBy));
    process.exit(1);
  }
  process.on("exit", () => lock.release());
  // Node's default for these signals exits without running `exit` listeners, which would leave the lock,
  // and a signal sent to this process alone would leave the servers and browsers it started running.
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    process.on(signal, () => {
      signalDescendants("SIGTERM");
      process.exit(code);
    });
  }
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
