/**
 * The remote libSQL path (`DATABASE_URL=http(s)://…|libsql://…` with `DATABASE_AUTH_TOKEN`), which uses
 * `@libsql/client/web`, against tests/helpers/hrana-server.ts: a protocol-level stand-in for a libSQL server
 * (Hrana over HTTP on the `libsql` engine), not sqld or Turso, which cannot run here.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createClient } from "@libsql/client/web";
import { runDatabaseCases } from "../contracts/database.case.ts";
import { type RunningHranaServer, startHranaServer } from "../helpers/hrana-server.ts";

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
