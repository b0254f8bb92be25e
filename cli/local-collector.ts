/**
 * Starting (or finding) the local collector that `rerun quickstart` and `rerun smoke` use: the npm-installed
 * Deno runs it detached, with an embedded libSQL file and a blob folder in the data dir, logging to
 * `<data-dir>/collector.log`. Keys are reused from an earlier quickstart in the same data dir unless given,
 * so a restart does not break SDK snippets already pasted into an app.
 */
import { spawn } from "node:child_process";
import { mkdir, open, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DEFAULT_CORS_ORIGINS } from "../shared/config.ts";
import { collectorLaunch, LISTENING_LINE } from "./collector-process.ts";
import { CliError, systemErrorCode } from "./errors.ts";
import { generateKey } from "./keys.ts";
import { endProgress, progress } from "./output.ts";
import { isAlive, isCollectorProcess, waitForExit } from "./process-control.ts";
import { type QuickstartState, readState, writeState } from "./state.ts";

/** How long the collector may take to start (the first start applies migrations). */
const START_TIMEOUT_MS = 30_000;
const LOG_FILE = "collector.log";

export type LocalCollectorOptions = {
  dataDir: string;
  port: number;
  host: string;
  corsOrigins: string[];
  keys: { publicKey?: string; readKey?: string; adminKey?: string };
  /** A rerun source checkout to run the collector from (quickstart's `--server-dir`). */
  serverDir?: string;
};

export type LocalCollector = { state: QuickstartState; reused: boolean };

/** Returns the running local collector for `dataDir`, or starts one. */
export async function ensureLocalCollector(opts: LocalCollectorOptions): Promise<LocalCollector> {
  const dataDir = resolve(opts.dataDir);
  const previous = await readState(dataDir).catch(() => null);
  if (previous && previous.pid > 0 && isAlive(previous.pid) && (await isHealthy(previous.ingestBaseUrl))) {
    return { state: previous, reused: true };
  }

  const keys = {
    publicKey: opts.keys.publicKey ?? previous?.publicKey ?? generateKey("public"),
    readKey: opts.keys.readKey ?? previous?.readKey ?? generateKey("read"),
    adminKey: opts.keys.adminKey ?? previous?.adminKey ?? generateKey("admin"),
  };
  for (const [name, key] of Object.entries(keys)) {
    if (key.length < 16) {
      throw new CliError("usage", `--${name.replace("Key", "-key")} must be at least 16 characters`);
    }
  }

  // Before the data dir is made: a failed first-use fetch leaves no `.rerun/` behind.
  const launch = await collectorLaunch(opts.serverDir);
  const logPath = join(dataDir, LOG_FILE);
  const log = await openLog(dataDir, logPath);
  const logStart = (await log.stat()).size;
  const child = spawn(launch.command, launch.args, {
    cwd: launch.cwd,
    detached: true,
    stdio: ["ignore", log.fd, log.fd],
    env: {
      ...process.env,
      PORT: String(opts.port),
      HOST: opts.host,
      DATABASE_URL: `file:${join(dataDir, "rerun.db")}`,
      BLOB_DIR: join(dataDir, "blobs"),
      PUBLIC_INGEST_KEYS: keys.publicKey,
      READ_KEYS: keys.readKey,
      ADMIN_KEYS: keys.adminKey,
      CORS_ORIGINS: localCorsOrigins(opts.corsOrigins).join(","),
      RUST_BACKTRACE: "0",
      NO_COLOR: "1",
    },
  });
  child.unref();
  await log.close();
  if (child.pid === undefined) {
    throw new CliError("start_failed", "could not start deno; run `npm install` again");
  }

  progress("Starting the collector…");
  const url = await waitForListening({ pid: child.pid, logPath, logStart });
  endProgress();

  const state: QuickstartState = {
    ingestBaseUrl: url,
    ...keys,
    pid: child.pid,
    dataDir,
    startedAt: new Date().toISOString(),
  };
  await writeState(dataDir, state);
  return { state, reused: false };
}

/** Makes the data dir (and its blob folder) and opens the collector's log in it for appending. */
async function openLog(dataDir: string, logPath: string) {
  try {
    await mkdir(join(dataDir, "blobs"), { recursive: true });
    return await open(logPath, "a");
  } catch (error) {
    throw new CliError(
      "start_failed",
      `cannot write the data dir ${dataDir} (${
        systemErrorCode(error)
      }); pass --data-dir with a folder you can write`,
    );
  }
}

/**
 * The browser origins a local collector allows: the usual dev servers (Vite's 5173, 3000) plus each
 * `--cors-origin`, so adding an Angular app on 4200 does not lock out the Vite app on 5173.
 */
export function localCorsOrigins(extra: readonly string[]): string[] {
  return [...new Set([...DEFAULT_CORS_ORIGINS, ...extra])];
}

export async function isHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** Waits for the listening line in the log, then for `/health`; fails with the log's last lines. */
async function waitForListening(opts: { pid: number; logPath: string; logStart: number }): Promise<string> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let url: string | undefined;
  while (Date.now() < deadline) {
    const logText = (await readFile(opts.logPath, "utf8")).slice(opts.logStart);
    url ??= LISTENING_LINE.exec(logText)?.[1];
    if (url && (await isHealthy(url))) return url.replace("0.0.0.0", "127.0.0.1");
    if (!isAlive(opts.pid)) {
      const tail = logText.trim().split("\n").slice(-3).join(" | ");
      const hint = /AddrInUse|address already in use/i.test(logText)
        ? " — the port is taken; pass --port N"
        : "";
      throw new CliError(
        "start_failed",
        `the collector exited during start-up: ${tail || "no output"}${hint}`,
      );
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new CliError(
    "start_failed",
    `the collector did not answer /health within ${START_TIMEOUT_MS / 1000}s; see ${opts.logPath}`,
  );
}

/** Grace period for the collector to finish in-flight batches before it is killed. */
const STOP_GRACE_MS = 10_000;

export type StopResult =
  | { kind: "stopped"; pid: number; killed: boolean }
  | { kind: "not_running" }
  | { kind: "not_ours"; pid: number };

/**
 * Stops the local collector of `dataDir`: SIGTERM, then SIGKILL after a grace period. Keys stay in the state
 * file (pid set to 0) so the next quickstart reuses them and SDK snippets keep working.
 */
export async function stopLocalCollector(dataDir: string): Promise<StopResult> {
  const state = await readState(dataDir);
  if (!state || state.pid <= 0 || !isAlive(state.pid)) {
    if (state && state.pid > 0) await writeState(dataDir, { ...state, pid: 0 });
    return { kind: "not_running" };
  }
  if (!isCollectorProcess(state.pid)) {
    await writeState(dataDir, { ...state, pid: 0 });
    return { kind: "not_ours", pid: state.pid };
  }
  process.kill(state.pid, "SIGTERM");
  let killed = false;
  if (!(await waitForExit(state.pid, STOP_GRACE_MS))) {
    process.kill(state.pid, "SIGKILL");
    killed = true;
    await waitForExit(state.pid, 2_000);
  }
  await writeState(dataDir, { ...state, pid: 0 });
  return { kind: "stopped", pid: state.pid, killed };
}
