/**
 * The remote libSQL path (`DATABASE_URL=http(s)://…|libsql://…` with `DATABASE_AUTH_TOKEN`), which uses
 * `@libsql/client/web`, against tests/helpers/hrana-server.ts: a protocol-level stand-in for a libSQL server
 * (Hrana over HTTP on the `libsql` engine), not sqld or Turso, which cannot run here.
 */
import { spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import { createClient } from "@libsql/client/web";
import { createTRPCClient, httpLink } from "@trpc/client";
import { afterAll, describe, expect, it } from "vitest";
import type { AppRouter } from "../../collector/router.ts";
import { runDatabaseCases } from "../contracts/database.case.ts";
import { COLLECTOR_ENTRY, findDenoBinary } from "../../cli/collector-process.ts";
import { makeBatch, makeKey, postBatch, startCollector } from "../helpers/collector.ts";
import { type RunningHranaServer, startHranaServer } from "../helpers/hrana-server.ts";
import { makeTempDir } from "../helpers/tmp.ts";
import { startS3rver } from "./_s3rver.ts";
import { createS3BlobStore } from "../../collector/storage/blobs/s3-store.ts";
import { migrateDatabase, openDatabase } from "../../collector/storage/db.ts";

const servers: RunningHranaServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
});

describe("libSQL database over Hrana/HTTP with a token", () => {
  runDatabaseCases(async () => {
    const server = await startHranaServer({ authToken: "contract-token" });
    servers.push(server);
    return { url: server.url, authToken: "contract-token" };
  });
});

describe("openDatabase with a remote URL", () => {
  it("takes libsql:// (here without TLS) to the web client, and names a refused token at open", async () => {
    await using server = await startHranaServer({ authToken: "scheme-token" });
    const url = `${server.url.replace(/^http:/, "libsql:")}?tls=0`;
    const database = await openDatabase({ DATABASE_URL: url, DATABASE_AUTH_TOKEN: "scheme-token" });
    await migrateDatabase(database.db);
    database.close();
    expect(server.requests()).toBeGreaterThan(1);
    await expect(openDatabase({ DATABASE_URL: url, DATABASE_AUTH_TOKEN: "other" })).rejects.toThrow(
      /Authentication failed/,
    );
  });
});

describe("the Hrana stand-in", () => {
  it("refuses a client without the token, and one with another token", async () => {
    await using server = await startHranaServer({ authToken: "right" });
    for (const authToken of [undefined, "wrong"]) {
      const client = createClient({ url: server.url, authToken });
      await expect(client.execute("SELECT 1")).rejects.toThrow(/Authentication failed/);
      client.close();
    }
  });

  it("round-trips typed values and runs interactive transactions", async () => {
    await using server = await startHranaServer();
    const client = createClient({ url: server.url, intMode: "bigint" });
    await client.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n)");
    await client.execute({
      sql: "INSERT INTO t VALUES (?, ?, ?, ?, ?)",
      args: [9_007_199_254_740_993n, 1.5, "text", new Uint8Array([0, 255]), null],
    });
    const rs = await client.execute({ sql: "SELECT * FROM t WHERE s = :s", args: { s: "text" } });
    expect(rs.columns).toEqual(["i", "r", "s", "b", "n"]);
    const row = rs.rows[0];
    expect(row?.i).toBe(9_007_199_254_740_993n);
    expect(row?.r).toBe(1.5);
    expect(row?.s).toBe("text");
    expect(new Uint8Array(row?.b as ArrayBuffer)).toEqual(new Uint8Array([0, 255]));
    expect(row?.n).toBeNull();

    const tx = await client.transaction("write");
    await tx.execute("INSERT INTO t (i) VALUES (2)");
    // Another stream waits for the transaction instead of failing with SQLITE_BUSY.
    const other = client.execute("INSERT INTO t (i) VALUES (3)");
    await tx.rollback();
    await other;
    const count = await client.execute("SELECT count(*) AS c FROM t");
    expect(count.rows[0]?.c).toBe(2n);
    const deleted = await client.execute("DELETE FROM t");
    expect(deleted.rowsAffected).toBe(2);
    client.close();
  });
});

describe("collector with DATABASE_URL=http://… and BLOB_STORE=s3", () => {
  it("ingests, lists and analyzes a session, and writes nothing to the local disk", async () => {
    await using db = await startHranaServer({ authToken: "collector-token" });
    await using s3 = await startS3rver();
    await using dataDir = await makeTempDir("rerun-remote-collector-");
    await using collector = await startCollector({
      dataDir: dataDir.path,
      env: {
        DATABASE_URL: db.url,
        DATABASE_AUTH_TOKEN: "collector-token",
        BLOB_STORE: "s3",
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: s3.bucket,
        S3_PREFIX: "remote/",
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      },
    });
    const batch = makeBatch();
    expect((await postBatch(collector, batch, { gzip: true })).status).toBe(200);
    const again = await postBatch(collector, batch, { gzip: true });
    expect(again.body).toEqual({ result: { data: { accepted: true, duplicate: true } } });

    const trpc = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${collector.url}/trpc`, headers: { "x-rerun-key": collector.readKey } })],
    });
    const list = await trpc.replays.list.query({});
    expect(list.replays.map((r) => r.sessionId)).toEqual([batch.sessionId]);
    expect(list.replays[0]?.pages).toEqual(["https://shop.example/cart", "https://shop.example/checkout"]);
    const report = await trpc.replays.analyze.query({ sessionId: batch.sessionId });
    expect(report).toMatchObject({ sessionId: batch.sessionId });
    expect(db.requests()).toBeGreaterThan(0);
    expect(await readdir(dataDir.path)).toEqual([]);
  });

  it("stops at start-up with a message when the token is wrong", async () => {
    await using db = await startHranaServer({ authToken: "right-token" });
    await expect(startCollector({ env: { DATABASE_URL: db.url, DATABASE_AUTH_TOKEN: "wrong-token" } }))
      .rejects
      .toThrow(/cannot open the database at DATABASE_URL/);
  });
});

describe("collector as on Deno Deploy: remote database, S3, no native addons, no disk writes", () => {
  it("starts and stores a batch with --deny-ffi and --deny-write", async () => {
    await using db = await startHranaServer({ authToken: "deploy-token" });
    await using s3 = await startS3rver();
    const publicKey = makeKey("public");
    const child = spawn(
      findDenoBinary(),
      ["run", "--allow-net", "--allow-env", "--allow-read", "--deny-ffi", "--deny-write", COLLECTOR_ENTRY],
      {
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          RUST_BACKTRACE: "0",
          NO_COLOR: "1",
          PORT: "0",
          HOST: "127.0.0.1",
          PUBLIC_INGEST_KEYS: publicKey,
          DATABASE_URL: db.url,
          DATABASE_AUTH_TOKEN: "deploy-token",
          BLOB_STORE: "s3",
          S3_ENDPOINT: s3.endpoint,
          S3_BUCKET: s3.bucket,
          S3_ACCESS_KEY_ID: s3.accessKeyId,
          S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      const url = await new Promise<string>((resolve, reject) => {
        let stdout = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          stdout += chunk;
          const match = /rerun collector listening on (http:\/\/\S+)/.exec(stdout);
          if (match?.[1]) resolve(match[1]);
        });
        void exited.then((code) => reject(new Error(`collector exited with ${code}; stderr:\n${stderr}`)));
      });
      const res = await postBatch({ url, publicKey }, makeBatch());
      expect(res.status).toBe(200);
      expect(await createS3BlobStore({ ...s3, prefix: "" }).list?.("")).toHaveLength(1);
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
  });
});
