import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "../trpc/json-depth.ts";
import { gzipBlobSync, inflateBodySync, inThreadCompression } from "./compression.ts";
import { startWorkerCompression } from "./worker-compression.ts";

const json = JSON.stringify({ events: [{ type: 4, data: { href: "https://a.example/" }, timestamp: 1 }] });
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const nested = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

describe("inflateBodySync", () => {
  it("gunzips a body and finds its JSON shallow enough", () => {
    const out = inflateBodySync(gzipSync(json), 10_000);
    expect(out.kind === "ok" && text(out.bytes)).toBe(json);
    expect(out.kind === "ok" && out.tooDeep).toBe(false);
  });

  it("says when the JSON nests deeper than MAX_JSON_DEPTH", () => {
    const out = inflateBodySync(gzipSync(nested(MAX_JSON_DEPTH + 1)), 1_000_000);
    expect(out.kind === "ok" && out.tooDeep).toBe(true);
  });

  it("stops a body that inflates over the cap, and refuses bytes that are not gzip", () => {
    expect(inflateBodySync(gzipSync("x".repeat(100_000)), 1_000).kind).toBe("too_large");
    expect(inflateBodySync(new TextEncoder().encode("not gzip"), 1_000).kind).toBe("bad_gzip");
  });
});

describe("gzipBlobSync", () => {
  it("gzips text that gunzips back to the same text", () => {
    expect(gunzipSync(gzipBlobSync(json)).toString("utf8")).toBe(json);
  });
});

describe("startWorkerCompression", () => {
  it("does the work on the calling thread when no Worker can start, with the same results", async () => {
    // vitest runs under Node, which has no web Worker: the constructor throws and every call falls back.
    const errors: unknown[] = [];
    const { compression, stop } = startWorkerCompression({ onError: (error) => errors.push(error) });
    try {
      expect(errors).toHaveLength(1);
      const body = gzipSync(json);
      expect(await compression.inflateBody(body, 10_000)).toEqual(
        await inThreadCompression.inflateBody(body, 10_000),
      );
      expect(await compression.inflateBody(body, 10)).toEqual({ kind: "too_large" });
      expect(gunzipSync(await compression.gzipBlob(json)).toString("utf8")).toBe(json);
    } finally {
      stop();
    }
  });
});
