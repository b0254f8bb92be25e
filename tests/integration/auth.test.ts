/** Keys and origins at the real collector's HTTP edge: who may call what, and what a refusal looks like. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  makeBatch,
  makeKey,
  postBatch,
  type RunningCollector,
  startCollector,
} from "../helpers/collector.ts";

let collector: RunningCollector;

beforeAll(async () => {
  collector = await startCollector({ env: { CORS_ORIGINS: "https://shop.example" } });
});
afterAll(async () => {
  await collector?.stop();
});

const list = (headers: Record<string, string>, query = "") =>
  fetch(`${collector.url}/trpc/replays.list${query}`, { headers });

describe("ingest keys", () => {
  it("answers 401 to an unknown key", async () => {
    expect((await postBatch(collector, makeBatch(), { key: makeKey("public") })).status).toBe(401);
  });

  it("answers 401 to a request without a key", async () => {
    expect((await postBatch(collector, makeBatch(), { key: null })).status).toBe(401);
  });

  it("refuses a read key for ingest with 403", async () => {
    expect((await postBatch(collector, makeBatch(), { key: collector.readKey })).status).toBe(403);
  });

  it("accepts the public key in the body of a text/plain beacon", async () => {
    const res = await postBatch(collector, makeBatch({ key: collector.publicKey }), {
      key: null,
      headers: { "content-type": "text/plain;charset=UTF-8" },
    });
    expect(res.status).toBe(200);
  });
});

describe("read keys", () => {
  it("refuses a public key for reads with 403", async () => {
    expect((await list({ "x-rerun-key": collector.publicKey })).status).toBe(403);
  });

  it("accepts a read key as a bearer token and an admin key", async () => {
    expect((await list({ authorization: `Bearer ${collector.readKey}` })).status).toBe(200);
    expect((await list({ "x-rerun-key": collector.adminKey })).status).toBe(200);
  });

  it("refuses a key in the query string with 400 and keeps it out of the log", async () => {
    const res = await list({}, `?key=${collector.readKey}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("keys are never accepted in URLs");
    expect(collector.stderr()).not.toContain(collector.readKey);
  });
});

describe("CORS", () => {
  it("answers an allowed origin's preflight", async () => {
    const res = await fetch(`${collector.url}/trpc/ingest.batch`, {
      method: "OPTIONS",
      headers: {
        origin: "https://shop.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, content-encoding, x-rerun-key",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(res.headers.get("access-control-allow-headers")).toContain("content-encoding");
  });

  it("refuses a batch from a foreign origin with 403", async () => {
    const res = await postBatch(collector, makeBatch(), { headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});
