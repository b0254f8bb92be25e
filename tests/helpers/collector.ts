/**
 * Starts the real collector under Deno on a free port, as the CLI's quickstart does, and speaks its real
 * wire format. Hold it with `await using` (or call `stop()` in afterAll) so a failing test still stops it.
 *
 *   const collector = await startCollector();
 *   await postBatch(collector, makeBatch());
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { expect } from "vitest";
import type { IngestBatchInput } from "../../shared/batch.ts";
import { collectorArgs, findDenoBinary, LISTENING_LINE } from "../../cli/collector-process.ts";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The command line that runs the collector: the same one `rerun quickstart` uses (cli/collector-process.ts). */
export const COLLECTOR_COMMAND = {
  command: findDenoBinary(),
  args: collectorArgs(),
} as const;

/** Start-up on 2 busy CI cores, including Deno's first type-strip of the collector, stays well below this. */
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export type RunningCollector = {
  url: string;
  dataDir: string;
  publicKey: string;
  readKey: string;
  adminKey: string;
  /** Everything the collector wrote to stderr so far (its logs). */
  stderr: () => string;
  /** The exit code once stopped (0 after a graceful SIGTERM); null while running or if killed. */
  exitCode: () => number | null;
  stop(): Promise<void>;
  /** Ends the process with SIGKILL (a crash: no shutdown runs), keeping its data folder for a restart. */
  kill9(): Promise<void>;
  [Symbol.asyncDispose]: () => Promise<void>;
};

/** Thrown when the collector exits before it is listening; carries its exit code and stderr. */
export class CollectorExitedError extends Error {
  override name = "CollectorExitedError";
  constructor(readonly code: number | null, readonly stderr: string) {
    super(`collector exited with code ${code} before listening; stderr:\n${stderr}`);
  }
}

export const makeKey = (kind: "public" | "read" | "admin"): string =>
  `${kind}_replay_${randomBytes(24).toString("base64url")}`;

export async function startCollector(
  opts: { env?: Record<string, string>; dataDir?: string } = {},
): Promise<RunningCollector> {
  const ownsDataDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? await mkdtemp(join(tmpdir(), "rerun-collector-"));
  const keys = { publicKey: makeKey("public"), readKey: makeKey("read"), adminKey: makeKey("admin") };
  const env: Record<string, string> = {
    // Only what Deno itself needs from the parent, so no stray collector variable leaks into a test.
    ...pick(process.env, ["PATH", "HOME", "TMPDIR", "LANG", "DENO_DIR"]),
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: `file:${join(dataDir, "rerun.db")}`,
    BLOB_DIR: join(dataDir, "blobs"),
    PUBLIC_INGEST_KEYS: keys.publicKey,
    READ_KEYS: keys.readKey,
    ADMIN_KEYS: keys.adminKey,
    RUST_BACKTRACE: "0",
    NO_COLOR: "1",
    ...opts.env,
  };
  const child = spawn(COLLECTOR_COMMAND.command, [...COLLECTOR_COMMAND.args], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));

  const cleanUp = async () => {
    await stopChild(child);
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
  };

  let url: string;
  try {
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `collector did not print its listening line within ${START_TIMEOUT_MS} ms; stderr:\n${stderr}`,
            ),
          ),
        START_TIMEOUT_MS,
      );
      const onData = () => {
        const match = stdout.match(LISTENING_LINE);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout.on("data", onData);
      child.once("exit", (code) => {
        clearTimeout(timer);
        // Let the last stderr chunk arrive before reporting it.
        setImmediate(() => reject(new CollectorExitedError(code, stderr)));
      });
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }

  let stopped: Promise<void> | null = null;
  const stop = () => (stopped ??= cleanUp());
  return {
    url,
    dataDir,
    ...keys,
    stderr: () => stderr,
    exitCode: () => child.exitCode,
    stop,
    async kill9() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGKILL");
      await exited;
    },
    [Symbol.asyncDispose]: stop,
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function pick(source: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = source[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** A valid batch with fresh random ids; pass overrides for anything a test cares about. */
export function makeBatch(overrides: Partial<IngestBatchInput> = {}): IngestBatchInput {
  const id = () => randomBytes(12).toString("base64url");
  return {
    appId: "app_integration",
    sessionId: `s_${id()}`,
    windowId: `w_${id()}`,
    sequence: 0,
    events: [
      {
        type: 4,
        data: { href: "https://shop.example/cart?coupon=XYZ", width: 1280, height: 800 },
        timestamp: 1_700_000_000_000,
      },
      {
        type: 5,
        data: {
          tag: "rerun.navigation",
          payload: { url: "https://shop.example/checkout", kind: "pushState" },
        },
        timestamp: 1_700_000_001_000,
      },
    ],
    meta: { url: "https://shop.example/checkout", sdkVersion: "test" },
    ...overrides,
  };
}

export type PostResult = { status: number; body: unknown; headers: Headers };

/** POSTs to `/trpc/ingest.batch` as the SDK does: JSON (optionally gzip) with the key in `x-rerun-key`. */
export async function postBatch(
  collector: Pick<RunningCollector, "url" | "publicKey">,
  batch: unknown,
  opts: {
    key?: string | null;
    gzip?: boolean;
    headers?: Record<string, string>;
    rawBody?: string | Uint8Array;
  } = {},
): Promise<PostResult> {
  const key = opts.key === undefined ? collector.publicKey : opts.key;
  const json = opts.rawBody ?? JSON.stringify(batch);
  const headers: Record<string, string> = { "content-type": "application/json", ...opts.headers };
  if (key !== null) headers["x-rerun-key"] = key;
  let body: string | Uint8Array = json;
  if (opts.gzip) {
    body = gzipSync(json);
    headers["content-encoding"] = "gzip";
  }
  const res = await fetch(`${collector.url}/trpc/ingest.batch`, {
    method: "POST",
    headers,
    body: body as BodyInit,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: return the text as is.
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/**
 * Every byte the collector stored — database files, and each blob both as written and decompressed — as one
 * Buffer, for privacy searches and before/after checksums. A blob's own bytes count too: gunzip skips what
 * follows a gzip member and a header's file name, so a secret there would not show in the decompressed
 * text. The SQLite `-shm` file is left out: it holds only the WAL index, which readers update, never content.
 */
export async function readStoredBytes(dataDir: string): Promise<Buffer> {
  const entries = (await readdir(dataDir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && !e.name.endsWith("-shm") && e.name !== "quickstart.json")
    .map((e) => join(e.parentPath, e.name))
    .sort();
  const parts: Buffer[] = [];
  for (const path of entries) {
    const bytes = await readFile(path);
    parts.push(bytes);
    if (path.endsWith(".gz")) parts.push(gunzipSync(bytes));
  }
  return Buffer.concat(parts);
}

/** SHA-256 of {@link readStoredBytes}: the same before and after a refused request means nothing changed. */
export async function storedChecksum(dataDir: string): Promise<string> {
  return createHash("sha256").update(await readStoredBytes(dataDir)).digest("hex");
}

/**
 * Polls the stored bytes as text until they contain `wanted` (or `wanted(text)` holds), failing after
 * `timeout` ms since a batch may wait for its flush; returns the text that satisfied it, to search further.
 */
export async function waitForStoredText(
  dataDir: string,
  wanted: string | ((text: string) => boolean),
  timeout = 30_000,
): Promise<string> {
  const done = typeof wanted === "string" ? (text: string) => text.includes(wanted) : wanted;
  let text = "";
  await expect.poll(async () => {
    text = (await readStoredBytes(dataDir)).toString("utf8");
    return done(text);
  }, { timeout, interval: 200 }).toBe(true);
  return text;
}
