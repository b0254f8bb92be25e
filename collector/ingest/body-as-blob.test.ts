import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { IngestBatchSchema } from "../../shared/batch.ts";
import { bodyAsBlob, sameJson } from "./body-as-blob.ts";
import { scanJsonBody } from "./body-scan.ts";
import { readGzipBodySync } from "./batch-reader.ts";

const BATCH = {
  appId: "app_blob_test",
  sessionId: "session_blob_0001",
  windowId: "window_blob_0001",
  sequence: 3,
  events: [{ type: 3, data: { source: 1, positions: [{ x: 1, y: 2, id: 7 }] }, timestamp: 1 }],
  meta: { sdkVersion: "test", url: "https://shop.example/cart" },
};

/** What ingest has for a body whose events are stored as sent: the request, and the batch without its key. */
function accepted(body: string) {
  const inflated = readGzipBodySync(gzipSync(body), 100_000);
  if (inflated.kind !== "ok" || !inflated.events) throw new Error("expected a scanned body");
  const sent = { bytes: inflated.bytes, events: inflated.events, gzip: inflated.gzip };
  const { key: _key, ...stored } = IngestBatchSchema.parse(JSON.parse(body));
  return bodyAsBlob(sent, stored);
}

describe("bodyAsBlob", () => {
  it("gives the request's gzip bytes for a batch stored as sent, in any key order and spacing", () => {
    expect(accepted(JSON.stringify(BATCH))).toBeInstanceOf(Uint8Array);
    const { meta, ...rest } = BATCH;
    expect(accepted(JSON.stringify({ meta, ...rest }, null, 2))).toBeInstanceOf(Uint8Array);
  });

  it.each([
    ["the body carries the key", JSON.stringify({ ...BATCH, key: "pk_0123456789" })],
    ["the schema drops a top-level field", JSON.stringify({ ...BATCH, extra: 1 })],
    ["the schema drops a meta field", JSON.stringify({ ...BATCH, meta: { ...BATCH.meta, note: "x" } })],
    ["the schema adds the meta", JSON.stringify({ ...BATCH, meta: undefined })],
    [
      "a meta key is written twice",
      JSON.stringify(BATCH).replace('"sdkVersion":"test"', '"sdkVersion":"a@b.example","sdkVersion":"test"'),
    ],
  ])("gives nothing when %s", (_name, body) => {
    expect(accepted(body)).toBeNull();
  });

  it("gives nothing for a body that did not come as one plain gzip member", () => {
    const bytes = new TextEncoder().encode(JSON.stringify(BATCH));
    const events = scanJsonBody(bytes).events;
    if (!events) throw new Error("expected a scanned body");
    const { key: _key, ...stored } = IngestBatchSchema.parse(BATCH);
    expect(bodyAsBlob({ bytes, events, gzip: null }, stored)).toBeNull();
  });
});

describe("sameJson", () => {
  it("compares objects in any key order and arrays in order", () => {
    expect(sameJson({ a: [1, { b: null }], c: "x" }, { c: "x", a: [1, { b: null }] })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson({ a: [] }, { a: {} })).toBe(false);
    expect(sameJson(1, "1")).toBe(false);
  });
});
