/**
 * In-process collector deps for unit tests: a libSQL file in a fresh temporary folder (not `:memory:`,
 * which lives on one connection only) and an fs blob store beside it. Not imported by production code.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCollectorConfig } from "../shared/config.ts";
import type { CollectorDeps } from "./deps.ts";
import { silentLogger } from "./ops/logger.ts";
import { createMetrics } from "./ops/metrics.ts";
import { createRefusalLog } from "./ops/refusals.ts";
import { createFsBlobStore } from "./storage/blobs/fs-store.ts";
import { migrateDatabase, openDatabase } from "./storage/db.ts";

export const TEST_KEYS = {
  publicKey: "public_replay_unit_test_key_0000000000000000",
  readKey: "read_replay_unit_test_key_00000000000000000",
  adminKey: "admin_replay_unit_test_key_0000000000000000",
};

export type TestDeps = CollectorDeps & { dir: string; [Symbol.asyncDispose]: () => Promise<void> };

export async function createTestDeps(env: Record<string, string> = {}): Promise<TestDeps> {
  const dir = await mkdtemp(join(tmpdir(), "rerun-unit-"));
  const config = parseCollectorConfig({
    PUBLIC_INGEST_KEYS: TEST_KEYS.publicKey,
    READ_KEYS: TEST_KEYS.readKey,
    ADMIN_KEYS: TEST_KEYS.adminKey,
    DATABASE_URL: `file:${join(dir, "rerun.db")}`,
    BLOB_DIR: join(dir, "blobs"),
    ...env,
  });
  const { db, close } = await openDatabase(config);
  await migrateDatabase(db);
  let clock = Date.UTC(2026, 0, 1);
  return {
    config,
    db,
    blobs: createFsBlobStore(config.BLOB_DIR),
    log: silentLogger,
    metrics: createMetrics(),
    refusals: createRefusalLog(),
    now: () => clock++,
    dir,
    async [Symbol.asyncDispose]() {
      close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
