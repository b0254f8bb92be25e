import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readRequestBody } from "./request-body.ts";

const request = (body: Uint8Array | string, headers: Record<string, string> = {}) =>
  new Request("http://127.0.0.1/trpc/ingest.batch", { method: "POST", body: body as BodyInit, headers });
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("readRequestBody", () => {
  it("returns a plain body as is", async () => {
    const out = await readRequestBody(request("hello"), 100);
    expect(out.kind === "ok" && text(out.bytes)).toBe("hello");
  });

  it("gunzips a gzip body", async () => {
    const out = await readRequestBody(request(gzipSync("hello"), { "content-encoding": "gzip" }), 100);
    expect(out.kind === "ok" && text(out.bytes)).toBe("hello");
  });

  it("refuses a body over the limit as sent", async () => {
    expect((await readRequestBody(request("x".repeat(101)), 100)).kind).toBe("too_large");
  });

  it("refuses a small gzip body that inflates over the limit", async () => {
    const bomb = gzipSync("x".repeat(100_000));
    expect(bomb.length).toBeLessThan(1_000);
    const out = await readRequestBody(request(bomb, { "content-encoding": "gzip" }), 1_000);
    expect(out.kind).toBe("too_large");
  });

  it("refuses invalid gzip and unknown encodings", async () => {
    expect((await readRequestBody(request("not gzip", { "content-encoding": "gzip" }), 100)).kind).toBe(
      "bad_encoding",
    );
    expect((await readRequestBody(request("x", { "content-encoding": "br" }), 100)).kind).toBe(
      "bad_encoding",
    );
  });
});
