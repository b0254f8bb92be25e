/** `npm run bench`'s entry as a process: what it refuses to start, and that refusing writes nothing. */
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runProcess } from "../helpers/run-cli.ts";
import { makeTempDir } from "../helpers/tmp.ts";

/** Runs `bench/run.ts` with `tmp` as the system's temporary folder (where the run lock lives). */
const runBench = (args: string[], tmp: string) =>
  runProcess(join(REPO_ROOT, "node_modules", ".bin", "tsx"), ["bench/run.ts", ...args], {
    env: { TMPDIR: tmp },
    label: `npm run bench -- ${args.join(" ")}`,
  });

const resultWritten = (): number => statSync(join(REPO_ROOT, "bench", "results", "sdk-size.json")).mtimeMs;

describe("npm run bench", () => {
  it("prints its usage for --help, with every benchmark's name, and runs nothing", async () => {
    await using tmp = await makeTempDir();
    const run = await runBench(["--help"], tmp.path);
    expect(run.code).toBe(0);
    for (const name of ["sdk-size", "main-thread", "ingest", "sustained", "report", "--full"]) {
      expect(run.stdout).toContain(name);
    }
    expect(run.stdout).not.toContain("running (");
  });

  it("refuses an option it does not know instead of running every benchmark", async () => {
    await using tmp = await makeTempDir();
    const run = await runBench(["--ful"], tmp.path);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown option --ful");
    expect(run.stdout).not.toContain("running (");
  });

  it("stops, naming the other run, while another benchmark run holds the machine, and writes no result", async () => {
    await using tmp = await makeTempDir();
    // This test's own process stands for the run still going: it is alive.
    const holder = { pid: process.pid, startedAt: new Date().toISOString(), command: "ingest --full" };
    writeFileSync(join(tmp.path, "rerun-bench.lock"), JSON.stringify(holder));
    const before = resultWritten();
    const run = await runBench(["sdk-size"], tmp.path);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`pid ${process.pid}`);
    expect(run.stderr).toContain('"npm run bench -- ingest --full"');
    expect(run.stdout).not.toContain("running (");
    expect(resultWritten()).toBe(before);
  });
});
