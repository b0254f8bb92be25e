/**
 * Faults at the real collector: a `kill -9` mid-stream, a blob store that disappears, duplicate and
 * out-of-order batches, the retention sweep, erasure of one user, and what /metrics may never contain.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import type { ReplaySummary, StitchedEvents } from "../../shared/replay.ts";
import {
  COLLECTOR_COMMAND,
  makeBatch,
  makeKey,
  postBatch,
  readStoredBytes,
  type RunningCollector,
  startCollector,
} from "../helpers/collector.ts";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A tRPC query or mutation with a key; answers status and the parsed `result.data` (or the error text). */
async function call<TData = unknown>(
  collector: Pick<RunningCollector, "url">,
  procedure: string,
  key: string,
  input?: unknown,
  method: "GET" | "POST" = "GET",
): Promise<{ status: number; data: TData; text: string }> {
  const query = method === "GET" && input !== undefined
    ? `?input=${encodeURIComponent(JSON.stringify(input))}`
    : "";
  const res = await fetch(`${collector.url}/trpc/${procedure}${query}`, {
    method,
    headers: { "x-rerun-key": key, "content-type": "application/json" },
    body: method === "POST" ? JSON.stringify(input) : undefined,
  });
  const text = await res.text();
  let data = null as TData;
  try {
    data = (JSON.parse(text) as { result?: { data?: TData } }).result?.data ?? data;
  } catch {
    // not JSON
  }
  return { status: res.status, data, text };
}

/** Exported batches of a session as [windowId, sequence] pairs. */
async function exportedRefs(collector: RunningCollector, sessionId: string): Promise<string[]> {
  const res = await call<{ ndjson: string }>(collector, "admin.export", collector.adminKey, { sessionId });
  expect(res.status, res.text).toBe(200);
  return res.data.ndjson.trim().split("\n").filter(Boolean)
    .map((line) => JSON.parse(line) as { windowId: string; sequence: number })
    .map((b) => `${b.windowId}#${b.sequence}`);
}

/** Starts the collector as a bare child process, so the test can SIGKILL it. */
async function spawnKillable(dataDir: string, publicKey: string) {
  const child = spawn(COLLECTOR_COMMAND.command, [...COLLECTOR_COMMAND.args], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      ...(process.env.DENO_DIR ? { DENO_DIR: process.env.DENO_DIR } : {}),
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${join(dataDir, "rerun.db")}`,
      BLOB_DIR: join(dataDir, "blobs"),
      PUBLIC_INGEST_KEYS: publicKey,
      RUST_BACKTRACE: "0",
      NO_COLOR: "1",
      INGEST_RATE_LIMIT: "100000/minute",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const match = stdout.match(/listening on (http:\/\/\S+)/);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`collector exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url,
    publicKey,
    async kill9() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

describe("a kill -9 during a stream of ingests", () => {
  it("loses no acknowledged batch and serves nothing half-written after restart", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "rerun-durability-"));
    try {
      const victim = await spawnKillable(dataDir, makeKey("public"));
      const sessions = Array.from({ length: 6 }, (_, i) => makeBatch({ appId: "app_durable", sequence: i }));
      const planned = Array.from({ length: 400 }, (_, i) => {
        const base = sessions[i % sessions.length]!;
        return { ...base, sequence: Math.floor(i / sessions.length), events: base.events };
      });
      const acked: Array<{ sessionId: string; windowId: string; sequence: number }> = [];
      let next = 0;
      let killed: Promise<void> | null = null;
      const worker = async () => {
        while (next < planned.length) {
          const batch = planned[next++]!;
          try {
            const res = await postBatch(victim, batch);
            if (res.status === 200) acked.push(batch);
          } catch {
            // The collector is gone: the SDK would retry this batch later.
          }
          if (acked.length >= 60 && !killed) killed = victim.kill9();
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      await killed;
      expect(acked.length).toBeGreaterThanOrEqual(60);
      expect(acked.length).toBeLessThan(planned.length);

      await using collector = await startCollector({ dataDir });
      for (const session of sessions) {
        const mine = acked.filter((b) => b.sessionId === session.sessionId)
          .map((b) => `${b.windowId}#${b.sequence}`);
        if (mine.length === 0) continue;
        const stored = await exportedRefs(collector, session.sessionId);
        expect(stored).toEqual(expect.arrayContaining(mine));
      }
      const list = await call<{ replays: Array<{ sessionId: string; batchCount: number }> }>(
        collector,
        "replays.list",
        collector.readKey,
        { limit: 100 },
      );
      expect(list.status).toBe(200);
      for (const replay of list.data.replays) {
        const events = await call(collector, "replays.events", collector.readKey, {
          sessionId: replay.sessionId,
        });
        expect(events.status, events.text).toBe(200);
        // Every batch row has its blob: nothing half-stored.
        expect((await exportedRefs(collector, replay.sessionId)).length).toBe(replay.batchCount);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("a blob store that becomes unavailable", () => {
  it("answers 503 storage_unavailable, stores nothing, and recovers when storage returns", async () => {
    await using collector = await startCollector();
    expect((await postBatch(collector, makeBatch())).status).toBe(200);
    const before = await call(collector, "admin.stats", collector.adminKey);

    const blobDir = join(collector.dataDir, "blobs");
    await rename(blobDir, `${blobDir}.away`);
    await writeFile(blobDir, "not a folder");
    const batch = makeBatch();
    const refused = await postBatch(collector, batch);
    expect(refused.status).toBe(503);
    expect(JSON.stringify(refused.body)).toContain("storage is unavailable");
    expect((await call(collector, "admin.stats", collector.adminKey)).data).toEqual(before.data);
    expect(
      (await call(collector, "replays.summary", collector.readKey, { sessionId: batch.sessionId })).status,
    )
      .toBe(404);
    const refusals = await call(collector, "admin.refusals", collector.adminKey);
    expect(refusals.text).toContain('"reason":"storage_unavailable"');

    await rm(blobDir);
    await rename(`${blobDir}.away`, blobDir);
    expect((await postBatch(collector, batch)).body).toMatchObject({
      result: { data: { duplicate: false } },
    });
    expect(await exportedRefs(collector, batch.sessionId)).toEqual([`${batch.windowId}#0`]);
  });
});

describe("duplicate and out-of-order batches", () => {
  it("stitches sequences 2, 0, 1 and a retry in order, and reports a gap", async () => {
    await using collector = await startCollector();
    const base = makeBatch();
    const at = (sequence: number, windowId = base.windowId) => ({
      ...base,
      windowId,
      sequence,
      events: [{
        type: 5,
        data: { tag: "step", payload: `${windowId}:${sequence}` },
        timestamp: 1_700_000_000_000 + sequence,
      }],
    });
    for (const sequence of [2, 0, 1]) expect((await postBatch(collector, at(sequence))).status).toBe(200);
    const retry = await postBatch(collector, at(1));
    expect(retry.body).toMatchObject({ result: { data: { accepted: true, duplicate: true } } });
    const otherWindow = `${base.windowId}_b`;
    for (const sequence of [0, 3]) {
      expect((await postBatch(collector, at(sequence, otherWindow))).status).toBe(200);
    }

    const stitched = await call<StitchedEvents>(collector, "admin.stitch", collector.adminKey, {
      sessionId: base.sessionId,
    });
    expect(stitched.status, stitched.text).toBe(200);
    const steps = stitched.data.events.map((e) => (e.data as { payload: string }).payload).filter((p) =>
      p.startsWith(base.windowId)
    );
    expect(steps.filter((p) => p.startsWith(`${base.windowId}:`))).toEqual(
      [0, 1, 2].map((s) => `${base.windowId}:${s}`),
    );
    expect(stitched.data.gaps).toEqual([{ windowId: otherWindow, from: 1, to: 2 }]);
    const summary = await call<ReplaySummary>(collector, "replays.summary", collector.readKey, {
      sessionId: base.sessionId,
    });
    expect(summary.data.batchCount).toBe(5);
  });
});

describe("the retention sweep", () => {
  it("deletes a session older than LOCAL_RETENTION_DAYS with its blobs at start-up", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "rerun-retention-"));
    try {
      const old = makeBatch({
        events: [{ type: 5, data: { tag: "t", payload: "RETENTION_OLD_CONTENT" }, timestamp: 1 }],
      });
      const fresh = makeBatch();
      {
        await using collector = await startCollector({ dataDir });
        expect((await postBatch(collector, old)).status).toBe(200);
        expect((await postBatch(collector, fresh)).status).toBe(200);
      }
      const db = createClient({ url: `file:${join(dataDir, "rerun.db")}` });
      const longAgo = Date.now() - 31 * 24 * 60 * 60_000;
      await db.execute({
        sql: "UPDATE sessions SET last_seen_at = ? WHERE id = ?",
        args: [longAgo, old.sessionId],
      });
      db.close();
      expect((await readStoredBytes(join(dataDir, "blobs"))).includes("RETENTION_OLD_CONTENT")).toBe(true);

      await using collector = await startCollector({ dataDir, env: { LOCAL_RETENTION_DAYS: "30" } });
      let status = 200;
      for (let i = 0; i < 100 && status === 200; i++) {
        status =
          (await call(collector, "replays.summary", collector.readKey, { sessionId: old.sessionId })).status;
        if (status === 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(404);
      expect(
        (await call(collector, "replays.summary", collector.readKey, { sessionId: fresh.sessionId })).status,
      )
        .toBe(200);
      expect((await readStoredBytes(join(dataDir, "blobs"))).includes("RETENTION_OLD_CONTENT")).toBe(false);
      // Its rows are gone from the database files too, not left behind in freed pages.
      await expect.poll(async () => (await readStoredBytes(dataDir)).includes(old.sessionId), {
        timeout: 15_000,
      })
        .toBe(false);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("admin.delete by userId", () => {
  it("leaves no byte of that user anywhere in the data folder", async () => {
    await using collector = await startCollector();
    const userId = "user_erase_7d1e42";
    const content = "ERASE_ME_CONTENT_5b9c";
    const theirs = [makeBatch(), makeBatch()].map((b) => ({
      ...b,
      meta: { ...b.meta, userId, url: "https://shop.example/erase-me-page" },
      events: [...b.events, {
        type: 5,
        data: { tag: "note", payload: content },
        timestamp: 1_700_000_002_000,
      }],
    }));
    const kept = makeBatch({ meta: { userId: "user_kept_0001" } });
    for (const batch of [...theirs, kept]) expect((await postBatch(collector, batch)).status).toBe(200);
    let stored = await readStoredBytes(collector.dataDir);
    expect(stored.includes(content) && stored.includes(userId)).toBe(true);

    const res = await call(collector, "admin.delete", collector.adminKey, { userId }, "POST");
    expect(res.data).toEqual({ deleted: 2 });
    stored = await readStoredBytes(collector.dataDir);
    for (const needle of [content, userId, "erase-me-page", ...theirs.map((b) => b.sessionId)]) {
      expect(stored.includes(needle), needle).toBe(false);
    }
    expect(stored.includes("user_kept_0001")).toBe(true);
    expect(
      (await call(collector, "replays.summary", collector.readKey, { sessionId: kept.sessionId })).status,
    )
      .toBe(200);
  });
});

describe("/metrics", () => {
  it("never contains a session id, URL, key or appId", async () => {
    await using collector = await startCollector();
    const batch = makeBatch({ appId: "app_metrics_secret" });
    expect((await postBatch(collector, batch)).status).toBe(200);
    expect((await postBatch(collector, batch, { key: makeKey("public") })).status).toBe(401);
    const res = await fetch(`${collector.url}/metrics`, { headers: { "x-rerun-key": collector.readKey } });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain('rerun_ingest_refused_total{reason="unknown_key"} 1');
    expect(text).toContain('rerun_ingest_batches_total{outcome="accepted"} 1');
    for (
      const secret of [
        batch.sessionId,
        batch.windowId,
        "app_metrics_secret",
        "shop.example",
        "https://",
        collector.publicKey,
        collector.readKey,
        collector.adminKey,
      ]
    ) {
      expect(text.includes(secret), secret).toBe(false);
    }
  });
});
