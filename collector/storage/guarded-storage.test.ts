import { describe, expect, it } from "vitest";
import type { Client } from "@libsql/client/web";
import { createDependencyHealth } from "../ops/dependency-health.ts";
import { StorageTimeoutError } from "./deadline.ts";
import { guardBlobStore, guardDatabaseClient } from "./guarded-storage.ts";

const never = () => new Promise<never>(() => {});

describe("guardDatabaseClient", () => {
  it("fails a call the database does not answer within the deadline, and reports it degraded", async () => {
    const health = createDependencyHealth();
    const client = guardDatabaseClient({ execute: never } as unknown as Client, {
      timeoutMs: 50,
      health,
      now: Date.now,
    });
    await expect(client.execute("select 1")).rejects.toBeInstanceOf(StorageTimeoutError);
    expect(health.states().database).toMatchObject({
      status: "degraded",
      detail: expect.stringMatching(/within 50 ms/),
    });
  });

  it("lets VACUUM and the WAL checkpoint run past the deadline", async () => {
    let release = () => {};
    const execute = () => new Promise<string>((resolve) => (release = () => resolve("vacuumed")));
    const client = guardDatabaseClient({ execute } as unknown as Client, { timeoutMs: 20, now: Date.now });
    const vacuum = client.execute({ sql: "VACUUM", args: [] });
    await new Promise((resolve) => setTimeout(resolve, 60));
    release();
    expect(await vacuum).toBe("vacuumed");
  });

  it("counts a constraint the database enforced as an answer, not a failure", async () => {
    const health = createDependencyHealth();
    const execute = () => Promise.reject(new Error("UNIQUE constraint failed: batches.session_id"));
    const client = guardDatabaseClient({ execute } as unknown as Client, {
      timeoutMs: 50,
      health,
      now: Date.now,
    });
    await expect(client.execute("insert")).rejects.toThrow(/UNIQUE/);
    expect(health.states().database.status).toBe("ok");
  });
});

describe("guardBlobStore", () => {
  it("aborts the store's I/O at the deadline and recovers on the next answer", async () => {
    const health = createDependencyHealth();
    let aborted = false;
    let frozen = true;
    const store = guardBlobStore({
      put: (_key, _bytes, signal) =>
        frozen
          ? new Promise<void>((_, reject) =>
            signal?.addEventListener("abort", () => {
              aborted = true;
              reject(signal.reason);
            })
          )
          : Promise.resolve(),
      get: () => Promise.resolve(null),
      delete: () => Promise.resolve(),
    }, { timeoutMs: 30, health, now: Date.now });
    await expect(store.put("k", new Uint8Array())).rejects.toBeInstanceOf(StorageTimeoutError);
    expect(aborted).toBe(true);
    expect(health.states().blobs.status).toBe("degraded");
    frozen = false;
    await store.put("k", new Uint8Array());
    expect(health.states().blobs.status).toBe("ok");
  });
});
