import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createTestDeps, TEST_KEYS } from "./_test-deps.ts";
import { createHttpHandler } from "./http.ts";
import { type BatchReading, inThreadReader } from "./ingest/batch-reader.ts";

const BASE = "http://127.0.0.1:8787";
const batch = (overrides: Record<string, unknown> = {}) => ({
  appId: "app_http_test",
  sessionId: "session_http_0001",
  windowId: "window_http_0001",
  sequence: 0,
  events: [{ type: 4, data: { href: "https://shop.example/" }, timestamp: 1_000 }],
  meta: {},
  ...overrides,
});

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request(`${BASE}/trpc/ingest.batch`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-rerun-key": TEST_KEYS.publicKey, ...headers },
    body,
  });

const listCount = async (handler: (req: Request) => Promise<Response>) => {
  const res = await handler(
    new Request(`${BASE}/trpc/replays.list`, { headers: { "x-rerun-key": TEST_KEYS.readKey } }),
  );
  const body = await res.json() as { result: { data: { replays: unknown[] } } };
  return body.result.data.replays.length;
};

describe("createHttpHandler", () => {
  it("answers /health without a key", async () => {
    await using deps = await createTestDeps();
    const res = await createHttpHandler(deps)(new Request(`${BASE}/health`));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("answers an allowed origin's preflight with the CORS headers", async () => {
    await using deps = await createTestDeps();
    const res = await createHttpHandler(deps)(
      new Request(`${BASE}/trpc/ingest.batch`, {
        method: "OPTIONS",
        headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" },
      }),
    );
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(res.headers.get("access-control-allow-headers")).toContain("x-rerun-key");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("vary")).toBe("Origin");
  });

  it("refuses a foreign origin with 403 and stores nothing", async () => {
    await using deps = await createTestDeps();
    const handler = createHttpHandler(deps);
    const res = await handler(post(JSON.stringify(batch()), { origin: "https://evil.example" }));
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(await listCount(handler)).toBe(0);
  });

  it("refuses a key in the query string", async () => {
    await using deps = await createTestDeps();
    const res = await createHttpHandler(deps)(
      new Request(`${BASE}/trpc/replays.list?key=${TEST_KEYS.readKey}`),
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("keys are never accepted in URLs");
  });

  it("accepts a gzip body", async () => {
    await using deps = await createTestDeps();
    const handler = createHttpHandler(deps);
    const res = await handler(post(gzipSync(JSON.stringify(batch())), { "content-encoding": "gzip" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: { data: { accepted: true, duplicate: false } } });
  });

  it.each([
    ["a public key in the header", { "x-rerun-key": TEST_KEYS.publicKey }, {}, true, 200],
    ["the key in the body (sendBeacon)", { "x-rerun-key": "" }, { key: TEST_KEYS.publicKey }, false, 200],
    ["a read key, which is refused", { "x-rerun-key": TEST_KEYS.readKey }, {}, false, 403],
  ])(
    "reads a batch's events where it gunzips the body only for %s",
    async (_name, headers, fields, read, status) => {
      await using deps = await createTestDeps();
      const readings: Array<BatchReading | undefined> = [];
      deps.batchReader = {
        ...inThreadReader,
        readGzipBody: (bytes, maxBytes, reading) => {
          readings.push(reading);
          return inThreadReader.readGzipBody(bytes, maxBytes, reading);
        },
      };
      const handler = createHttpHandler(deps);
      const body = gzipSync(JSON.stringify(batch(fields)));
      const res = await handler(post(body, { "content-encoding": "gzip", ...headers }));
      expect(res.status).toBe(status);
      expect(readings.map((reading) => reading?.events)).toEqual([read]);
      expect(await listCount(handler)).toBe(status === 200 ? 1 : 0);
    },
  );

  it("refuses a gzip body whose decompressed size exceeds MAX_BODY_BYTES", async () => {
    await using deps = await createTestDeps({ MAX_BODY_BYTES: "10000" });
    const handler = createHttpHandler(deps);
    const big = JSON.stringify(
      batch({ events: [{ type: 5, data: { pad: "a".repeat(50_000) }, timestamp: 1 }] }),
    );
    const compressed = gzipSync(big);
    expect(compressed.length).toBeLessThan(10_000);
    const res = await handler(post(compressed, { "content-encoding": "gzip" }));
    expect(res.status).toBe(413);
    expect(JSON.stringify(await res.json())).toContain("MAX_BODY_BYTES");
    expect(await listCount(handler)).toBe(0);
  });

  it("accepts a sendBeacon text/plain body carrying the key", async () => {
    await using deps = await createTestDeps();
    const res = await createHttpHandler(deps)(
      new Request(`${BASE}/trpc/ingest.batch`, {
        method: "POST",
        headers: { "content-type": "text/plain;charset=UTF-8" },
        body: JSON.stringify(batch({ key: TEST_KEYS.publicKey })),
      }),
    );
    expect(res.status).toBe(200);
  });

  it("answers 400 naming the field for a malformed batch", async () => {
    await using deps = await createTestDeps();
    const res = await createHttpHandler(deps)(post(JSON.stringify(batch({ sessionId: "../../etc" }))));
    expect(res.status).toBe(400);
    const body = await res.json() as { error: { message: string } };
    expect(body.error.message).toContain("sessionId");
  });

  it("answers 400 for a body that is not JSON", async () => {
    await using deps = await createTestDeps();
    const res = await createHttpHandler(deps)(post("{not json"));
    expect(res.status).toBe(400);
  });
});

describe("createHttpHandler limits and operations", () => {
  it("answers 429 with Retry-After past INGEST_RATE_LIMIT and counts the refusal", async () => {
    await using deps = await createTestDeps({ INGEST_RATE_LIMIT: "2/minute" });
    const handler = createHttpHandler(deps);
    for (let sequence = 0; sequence < 2; sequence++) {
      expect((await handler(post(JSON.stringify(batch({ sequence }))))).status).toBe(200);
    }
    const res = await handler(post(JSON.stringify(batch({ sequence: 2 }))));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(deps.refusals.list(deps.now()).map((r) => r.reason)).toEqual(["rate_limited"]);
  });

  it("counts refused ingest requests by reason, origin and appId without content", async () => {
    await using deps = await createTestDeps();
    const handler = createHttpHandler(deps);
    await handler(
      post(JSON.stringify(batch()), { "x-rerun-key": TEST_KEYS.readKey, origin: "http://localhost:3000" }),
    );
    await handler(post(JSON.stringify(batch()), { origin: "https://evil.example" }));
    await handler(post(JSON.stringify(batch({ sequence: -1 }))));
    const refusals = deps.refusals.list(deps.now());
    expect(refusals.map((r) => [r.reason, r.origin, r.appId]).sort()).toEqual([
      ["bad_batch", null, "app_http_test"],
      ["cors_origin", "https://evil.example", null],
      ["wrong_key_kind", "http://localhost:3000", "app_http_test"],
    ]);
  });

  it("serves Prometheus metrics to a read key only", async () => {
    await using deps = await createTestDeps();
    const handler = createHttpHandler(deps);
    await handler(post(JSON.stringify(batch())));
    expect((await handler(new Request(`${BASE}/metrics`))).status).toBe(401);
    const res = await handler(
      new Request(`${BASE}/metrics`, { headers: { "x-rerun-key": TEST_KEYS.readKey } }),
    );
    const text = await res.text();
    expect(text).toContain('rerun_ingest_batches_total{outcome="accepted"} 1');
    expect(text).toContain("rerun_sessions 1");
    expect(text).not.toContain("session_http_0001");
  });
});

describe("createHttpHandler GET /v1/stats", () => {
  it("answers admin.stats's output to an admin Bearer key, and refuses other keys as admin.stats does", async () => {
    await using deps = await createTestDeps();
    const handler = createHttpHandler(deps);
    expect((await handler(post(JSON.stringify(batch())))).status).toBe(200);
    const stats = (key: string) =>
      handler(new Request(`${BASE}/v1/stats`, { headers: { authorization: `Bearer ${key}` } }));
    const trpc = await handler(
      new Request(`${BASE}/trpc/admin.stats`, { headers: { "x-rerun-key": TEST_KEYS.adminKey } }),
    );
    const expected = ((await trpc.json()) as { result: { data: { sessions: number } } }).result.data;
    expect(expected.sessions).toBe(1);

    const ok = await stats(TEST_KEYS.adminKey);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual(expected);
    expect((await stats(TEST_KEYS.readKey)).status).toBe(403);
    expect((await stats("admin_replay_not_a_key_000000000")).status).toBe(401);
    expect((await handler(new Request(`${BASE}/v1/stats`))).status).toBe(401);
  });
});

describe("createHttpHandler /api/mcp", () => {
  it("routes MCP requests and refuses a public key", async () => {
    await using deps = await createTestDeps();
    const handler = createHttpHandler(deps);
    const res = await handler(
      new Request(`${BASE}/api/mcp`, {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_KEYS.publicKey}`, "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(res.status).toBe(403);
  });
});
