/**
 * The collector's Deno edge, and the only file that touches `Deno.*`: environment → config → storage →
 * migrations → `Deno.serve`. Prints exactly one stdout line once listening,
 * `rerun collector listening on http://<host>:<port>`, which the CLI and the tests wait for; logs go to
 * stderr. Sessions older than LOCAL_RETENTION_DAYS are swept at start-up and hourly. SIGINT/SIGTERM stop
 * accepting requests, let in-flight ones finish, then close the database.
 *
 * On Deno Deploy (`DENO_DEPLOYMENT_ID` is set) the platform owns the listener: `Deno.serve` gets no hostname
 * or port, and signals are the platform's business. With a remote DATABASE_URL and BLOB_STORE=s3 nothing here
 * writes to the local file system (docs/DEPLOY.md).
 */
import { ConfigError, parseCollectorConfig } from "../shared/config.ts";
import type { CollectorDeps } from "./deps.ts";
import { createHttpHandler } from "./http.ts";
import { startBatchReaderWorker } from "./ingest/batch-reader-worker.ts";
import { createDependencyHealth } from "./ops/dependency-health.ts";
import { createLogger } from "./ops/logger.ts";
import { createMetrics } from "./ops/metrics.ts";
import { createRefusalLog } from "./ops/refusals.ts";
import { createBlobStore } from "./storage/blobs/create-blob-store.ts";
import { migrateDatabase, openDatabase } from "./storage/db.ts";
import { guardBlobStore } from "./storage/guarded-storage.ts";
import { startRefusalFlush } from "./storage/refusals-flush.ts";
import { startBlobSweep } from "./storage/blob-sweep.ts";
import { startWorkerSettle } from "./settle/worker-settle.ts";
import { startRetentionSweep } from "./storage/retention.ts";
import { purgeFreedPages } from "./storage/sessions.ts";

function fail(message: string): never {
  console.error(message);
  Deno.exit(1);
}

let config;
try {
  config = parseCollectorConfig(Deno.env.toObject());
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

// Deno Deploy has no durable local disk: refuse a configuration that would keep data there.
if ((Deno.env.get("DENO_DEPLOYMENT_ID") ?? "") !== "") {
  if (!/^(libsql|https?):\/\//i.test(config.DATABASE_URL)) {
    fail("on Deno Deploy DATABASE_URL must be a remote libSQL URL (libsql:// or https://, e.g. Turso)");
  }
  if (config.BLOB_STORE !== "s3") fail("on Deno Deploy set BLOB_STORE=s3 and the S3_* variables");
}

const log = createLogger((line) => console.error(line));
/** Set once `Deno.serve` listens; a failure to listen before that stops the process. */
let listening = false;
const LISTEN_ERRORS = ["AddrInUse", "AddrNotAvailable", "PermissionDenied"];

// A stray rejection (a client hanging up mid-stream, a timer in a library) must never stop the collector. A
// failure to listen must: Deno.serve reports it as a rejection, and a collector that kept running while
// listening on nothing would never be restarted by its supervisor.
globalThis.addEventListener("unhandledrejection", (event) => {
  const name = event.reason instanceof Error ? event.reason.name : "";
  if (!listening && LISTEN_ERRORS.includes(name)) {
    fail(`cannot listen on ${config.HOST}:${config.PORT} (${name}); free the port or set PORT/HOST`);
  }
  event.preventDefault();
  log.error("unhandled rejection", { error: event.reason instanceof Error ? event.reason.name : "unknown" });
});

const health = createDependencyHealth(log);
let database;
try {
  // Migrations run without the storage deadline (a data migration over a large database may take longer),
  // on a connection of their own; requests get one where every call has it.
  // (`:memory:` is one database per connection, so it keeps the one it was migrated on.)
  const guard = { timeoutMs: config.STORAGE_TIMEOUT_MS, health, now: Date.now };
  if (config.DATABASE_URL.includes(":memory:")) {
    database = await openDatabase(config, guard);
    await migrateDatabase(database.db);
  } else {
    const migrating = await openDatabase(config);
    await migrateDatabase(migrating.db);
    migrating.close();
    database = await openDatabase(config, guard);
  }
} catch (error) {
  fail(`cannot open the database at DATABASE_URL: ${error instanceof Error ? error.message : String(error)}`);
}

const batchReader = startBatchReaderWorker({
  onError: (error) =>
    log.error("batch reader worker failed; ingest reads batches on the main thread", {
      error: error instanceof Error ? error.name : String(error).slice(0, 200),
    }),
});

const blobStore = createBlobStore(config);
const deps: CollectorDeps = {
  config,
  db: database.db,
  blobs: guardBlobStore(createBlobStore(config), {
    timeoutMs: config.STORAGE_TIMEOUT_MS,
    health,
    now: Date.now,
  }),
  health,
  log,
  metrics: createMetrics(),
  refusals: createRefusalLog(),
  now: () => Date.now(),
  batchReader: batchReader.reader,
};

const retention = startRetentionSweep({
  db: deps.db,
  blobs: deps.blobs,
  now: deps.now,
  ...(config.DATABASE_URL.startsWith("file:") ? { purgeFreedPages: () => purgeFreedPages(deps.db) } : {}),
  onSwept: (count) =>
    log.info("retention sweep deleted sessions", { count, days: config.LOCAL_RETENTION_DAYS }),
  onError: (error) =>
    log.error("retention sweep failed", { error: error instanceof Error ? error.message : "unknown" }),
}, config.LOCAL_RETENTION_DAYS);

const refusalFlush = startRefusalFlush(deps);

const sweepFolder = blobStore.sweep?.bind(blobStore);
const blobSweep = sweepFolder
  ? startBlobSweep({
    db: deps.db,
    blobs: { sweep: sweepFolder },
    now: deps.now,
    onSwept: (result) => log.info("blob folder swept", result),
    onError: (error) =>
      log.error("blob folder sweep failed", { error: error instanceof Error ? error.message : "unknown" }),
  })
  : null;
// Settled sessions are analysed and counted into friction issues in the background, on a Worker (SPEC §8).
const settle = startWorkerSettle(deps);

const onDeploy = (Deno.env.get("DENO_DEPLOYMENT_ID") ?? "") !== "";

const server = Deno.serve({
  ...(onDeploy ? {} : { hostname: config.HOST, port: config.PORT }),
  onListen: ({ hostname, port }) => {
    listening = true;
    const host = hostname.includes(":") ? `[${hostname}]` : hostname;
    console.log(`rerun collector listening on http://${host}:${port}`);
  },
  onError: (error) => {
    log.error("unhandled error in the server", { error: error instanceof Error ? error.name : "unknown" });
    return new Response("internal error", { status: 500 });
  },
}, createHttpHandler(deps));

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  retention.stop();
  blobSweep?.stop();
  await server.shutdown();
  await settle.stop();
  await refusalFlush.stop();
  batchReader.stop();
  database.close();
  Deno.exit(0);
};
if (!onDeploy) {
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
}
