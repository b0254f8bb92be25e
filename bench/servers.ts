/**
 * Starts the two servers the ingest benchmarks drive, each as its own Deno process on 127.0.0.1 and a free
 * port: the real collector (same command line as the CLI and the tests) and the floor (`floor-server.ts`).
 * Both return their pid, so the benchmark can read the process's resident memory.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COLLECTOR_COMMAND, makeKey } from "../tests/helpers/collector.ts";
import { LISTENING_LINE } from "../cli/collector-process.ts";
import { DENO_PATH } from "./machine.ts";
import { REPO_ROOT } from "./paths.ts";

export type BenchServer = {
  url: string;
  publicKey: string;
  /** A read key the server accepts (the floor server has none). */
  readKey?: string;
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
};

async function startDenoServer(
  opts: { args: string[]; env: Record<string, string>; dataDir: string },
): Promise<
  { url: string; child: ChildProcess; stderr: () => string }
> {
  const child = spawn(DENO_PATH, opts.args, {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      RUST_BACKTRACE: "0",
      NO_COLOR: "1",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (c: string) => (stderr = (stderr + c).slice(-20_000)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start within 60 s; stderr:\n${stderr}`)),
      60_000,
    );
    child.stdout?.setEncoding("utf8").on("data", (c: string) => {
      stdout += c;
      const match = LISTENING_LINE.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before listening; stderr:\n${stderr}`));
    });
  });
  return { url, child, stderr: () => stderr };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The real collector with ingest rate limits lifted (a load test is one client sending on purpose). */
export async function startBenchCollector(
  opts: { extraArgs?: string[]; env?: Record<string, string> } = {},
): Promise<
  BenchServer & { stderr: () => string }
> {
  const dataDir = await mkdtemp(join(tmpdir(), "rerun-bench-"));
  const publicKey = makeKey("public");
  const readKey = makeKey("read");
  const [command, ...rest] = [...COLLECTOR_COMMAND.args];
  const args = [command as string, ...(opts.extraArgs ?? []), ...rest];
  const { url, child, stderr } = await startDenoServer({
    args,
    dataDir,
    env: {
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${join(dataDir, "rerun.db")}`,
      BLOB_DIR: join(dataDir, "blobs"),
      PUBLIC_INGEST_KEYS: publicKey,
      READ_KEYS: readKey,
      ADMIN_KEYS: makeKey("admin"),
      INGEST_RATE_LIMIT: "10000000/second",
      ...opts.env,
    },
  });
  return {
    url,
    publicKey,
    readKey,
    pid: child.pid ?? 0,
    dataDir,
    stderr,
    stop: async () => {
      await stopChild(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The floor server: gunzip, parse, re-gzip, write; nothing else. */
export async function startFloorServer(): Promise<BenchServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "rerun-floor-"));
  const { url, child } = await startDenoServer({
    args: ["run", "--allow-net", "--allow-env", "--allow-write", join(REPO_ROOT, "bench", "floor-server.ts")],
    dataDir,
    env: { PORT: "0", FLOOR_DIR: dataDir },
  });
  return {
    url,
    publicKey: "floor",
    pid: child.pid ?? 0,
    dataDir,
    stop: async () => {
      await stopChild(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * CPU time a process has used, in ms: all its threads, and its main thread alone (the event loop, where a
 * Deno server handles requests), from `/proc/<pid>/stat` and `/proc/<pid>/task/<pid>/stat` (utime + stime,
 * in clock ticks of 10 ms). Less disturbed by other work on the machine than throughput or latency.
 */
export async function readCpuMs(pid: number): Promise<{ process: number; main: number }> {
  const ticks = async (path: string) => {
    const fields = (await readFile(path, "utf8")).split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10;
  };
  return { process: await ticks(`/proc/${pid}/stat`), main: await ticks(`/proc/${pid}/task/${pid}/stat`) };
}

/** Resident memory of a process in MiB, from `/proc/<pid>/status` (VmRSS); `VmHWM` is its peak. */
export async function readMemoryMiB(pid: number): Promise<{ rss: number; peak: number }> {
  const text = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0);
  return { rss: Math.round(kib("VmRSS") / 102.4) / 10, peak: Math.round(kib("VmHWM") / 102.4) / 10 };
}
