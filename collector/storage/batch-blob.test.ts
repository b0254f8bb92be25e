import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { batchBlobJson, decodeBatchBlob, encodeBlob, type StoredBatchBlob } from "./batch-blob.ts";

const json = JSON.stringify({ events: [{ type: 4, data: { href: "https://a.example/" }, timestamp: 1 }] });

const BLOB: StoredBatchBlob = {
  appId: "app_blob_codec",
  sessionId: "session_blob_0001",
  windowId: "window_blob_0001",
  sequence: 2,
  events: [{ type: 4, data: { href: "https://a.example/" }, timestamp: 1 }],
  meta: { url: "https://a.example/" },
  final: true,
};

describe("encodeBlob", () => {
  it("gzips text that gunzips back to the same text", () => {
    expect(gunzipSync(encodeBlob(json)).toString("utf8")).toBe(json);
  });

  it("writes the JSON around an events text as JSON.stringify writes the whole blob", () => {
    const events = new TextEncoder().encode(JSON.stringify(BLOB.events));
    const around = encodeBlob(batchBlobJson(BLOB, events));
    expect(gunzipSync(around).toString("utf8")).toBe(JSON.stringify(BLOB));
    expect(decodeBatchBlob(around)).toEqual(BLOB);
  });
});
