/**
 * `rerun quickstart`: the collector on this machine in one command. Starts it under the npm-installed Deno
 * as a detached background process with an embedded libSQL file and a local blob folder, waits until it
 * answers `/health`, and writes URL, pid and keys to `<data-dir>/quickstart.json` (mode 0600).
 *
 * Keys are reused from an earlier quickstart in the same data dir unless given as flags, so a restart does
 * not break the SDK snippets already pasted into an app.
 */
import { spawn } from "node:child_process";
import { mkdir, open, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { defineCommand } from "citty";
import { JSON_ARG, stringList } from "../args.ts";
import { collectorArgs, findDenoBinary, LISTENING_LINE, PACKAGE_ROOT } from "../collector-process.ts";
import { CliError } from "../errors.ts";
import { generateKey } from "../keys.ts";
import { endProgress, note, printJson, printLine, progress } from "../output.ts";
import { isAlive } from "../process-control.ts";
import { type QuickstartState, readState, writeState } from "../state.ts";

/** How long the collector may take to start (first start applies migrations). */
const START_TIMEOUT_MS = 30_000;
const LOG_FILE = "collector.log";

export default defineCommand({
  meta: { name: "quickstart", description: "Start a local collector (embedded libSQL + blob folder) and print keys" },
  args: {
    port: { type: "string", description: "Port to listen on (0 picks a free one)", default: "8787" },
    host: { type: "string", description: "Address to listen on", default: "127.0.0.1" },
    "data-dir": { type: "string", description: "Folder for the database, blobs and quickstart.json", default: ".rerun" },
    "cors-origin": { type: "string", description: "Browser origin allowed to send sessions (repeatable)" },
    "public-key": { type: "string", description: "SDK ingest key (default: generated)" },
    "read-key": { type: "string", description: "Read key (default: generated)" },
    "admin-key": { type: "string", description: "Admin key (default: generated)" },
    ...JSON_ARG,
  },
  async run({ args }) {
    const port = Number(args.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new CliError("usage", `--port must be an integer from 0 to 65535, got "${args.port}"`);
    }
    const dataDir = resolve(args["data-dir"]);
    const previous = await readState(dataDir).catch(() => null);

    if (previous && previous.pid > 0 && isAlive(previous.pid) && (await isHealthy(previous.ingestBaseUrl))) {
      note(`rerun: a collector is already running for ${dataDir} (pid ${previous.pid}); reusing it`);
      report(previous, args.json);
      return;
    }

    const keys = {
      publicKey: args["public-key"] ?? previous?.publicKey ?? generateKey("public"),
      readKey: args["read-key"] ?? previous?.readKey ?? generateKey("read"),
      adminKey: args["admin-key"] ?? previous?.adminKey ?? generateKey("admin"),
    };
    for (const [flag, key] of Object.entries(keys)) {
      if (key.length < 16) throw new CliError("usage", `--${flag.replace("Key", "-key")} must be at least 16 characters`);
    }

    await mkdir(join(dataDir, "blobs"), { recursive: true });
    const logPath = join(dataDir, LOG_FILE);
    const log = await open(logPath, "a");
    const logStart = (await log.stat()).size;
    const corsOrigins = stringList(args["cors-origin"]);
    const child = spawn(findDenoBinary(), collectorArgs(), {
      cwd: PACKAGE_ROOT,
      detached: true,
      stdio: ["ignore", log.fd, log.fd],
      env: {
        ...process.env,
        PORT: String(port),
        HOST: args.host,
        DATABASE_URL: `file:${join(dataDir, "rerun.db")}`,
        BLOB_DIR: join(dataDir, "blobs"),
        PUBLIC_INGEST_KEYS: keys.publicKey,
        READ_KEYS: keys.readKey,
        ADMIN_KEYS: keys.adminKey,
        ...(corsOrigins.length > 0 ? { CORS_ORIGINS: corsOrigins.join(",") } : {}),
        RUST_BACKTRACE: "0",
        NO_COLOR: "1",
      },
    });
    child.unref();
    await log.close();
    if (child.pid === undefined) throw new CliError("start_failed", "could not start deno; run `npm install` again");

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
    report(state, args.json);
  },
});

async function isHealthy(url: string): Promise<boolean> {
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
      const hint = /AddrInUse|address already in use/i.test(logText) ? " — the port is taken; pass --port N" : "";
      throw new CliError("start_failed", `the collector exited during start-up: ${tail || "no output"}${hint}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new CliError("start_failed", `the collector did not answer /health within ${START_TIMEOUT_MS / 1000}s; see ${opts.logPath}`);
}

function report(state: QuickstartState, json: boolean): void {
  if (json) {
    const { ingestBaseUrl, publicKey, readKey, adminKey, pid } = state;
    printJson({ ingestBaseUrl, publicKey, readKey, adminKey, pid });
    return;
  }
  printLine(`rerun collector is running (pid ${state.pid}); data in ${state.dataDir}

  ingestBaseUrl  ${state.ingestBaseUrl}
  publicKey      ${state.publicKey}
  readKey        ${state.readKey}
  adminKey       ${state.adminKey}

Add the SDK to your app:

  import { init } from "@mimeticinc/rerun";
  const replay = init({
    appId: "my-app-1",
    publicKey: "${state.publicKey}",
    ingestBaseUrl: "${state.ingestBaseUrl}",
  });
  // after your consent banner says yes:
  replay.optIn({ source: "cookie-banner", version: "1" });

Then: \`rerun replays\` lists sessions, \`rerun stop\` stops the collector.`);
}
