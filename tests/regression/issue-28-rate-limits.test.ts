/**
 * Issue 28, item 8 (limits): rate limits counted per (address, presented key), so 30 guessed admin keys got
 * 30 × 401 and no 429; `replays.*` and `/api/mcp` had no limit at all. Failed authentications are now limited
 * per address (AUTH_FAILURE_LIMIT), and reads and MCP have READ_RATE_LIMIT.
 */
import { describe, expect, it } from "vitest";
import { createTestDeps, TEST_KEYS } from "../../collector/_test-deps.ts";
import { type ClientInfo, createHttpHandler } from "../../collector/http.ts";

const BASE = "http://127.0.0.1:8787";
const from = (hostname: string): ClientInfo => ({ remoteAddr: { hostname } });
const get = (path: string, key: string) => new Request(`${BASE}${path}`, { headers: { "x-rerun-key": key } });

describe("issue 28: rate limits", () => {
  it("answers 429 to an address after 10 failed authentications, whatever keys it tried", async () => {
    await using deps = await createTestDeps();
    const handler = createHttpHandler(deps);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const guess = `admin_replay_guess_${String(i).padStart(24, "0")}`;
      statuses.push((await handler(get("/trpc/admin.stats", guess), from("203.0.113.7"))).status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    const blocked = await handler(get("/trpc/admin.stats", TEST_KEYS.adminKey), from("203.0.113.7"));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another address is not affected, and the blocked address may still send batches with a public key.
    expect((await handler(get("/trpc/admin.stats", TEST_KEYS.adminKey), from("198.51.100.2"))).status).toBe(
      200,
    );
    const batch = await handler(
      new Request(`${BASE}/trpc/ingest.batch`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-rerun-key": TEST_KEYS.publicKey },
        body: JSON.stringify({
          appId: "app_rate_limits",
          sessionId: "session_rate_01",
          windowId: "window_rate_01",
          sequence: 0,
          events: [{ type: 4, data: {}, timestamp: 1_000 }],
          meta: {},
        }),
      }),
      from("203.0.113.7"),
    );
    expect(batch.status).toBe(200);
  });

  it("limits replays.* and /api/mcp per client and key (READ_RATE_LIMIT)", async () => {
    await using deps = await createTestDeps({ READ_RATE_LIMIT: "5/minute" });
    const handler = createHttpHandler(deps);
    const list = () => handler(get("/trpc/replays.list", TEST_KEYS.readKey), from("203.0.113.9"));
    for (let i = 0; i < 5; i++) expect((await list()).status).toBe(200);
    const limited = await list();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).not.toBeNull();

    const mcp = () =>
      handler(
        new Request(`${BASE}/api/mcp`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${TEST_KEYS.adminKey}`,
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
          },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
        }),
        from("203.0.113.9"),
      );
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await mcp()).status);
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    expect(statuses[5]).toBe(429);
  });
});
