import { describe, expect, it } from "vitest";
import { IngestBatchSchema } from "../../shared/batch.ts";
import { buildBatchBody, type PendingBatch, reportedBy } from "./batch-body.ts";

const batch: PendingBatch = {
  sessionId: "session-abc",
  windowId: "window-abc",
  sequence: 3,
  events: [
    JSON.stringify({ type: 4, data: { href: "https://a.example/", width: 1, height: 1 }, timestamp: 1 }),
  ],
  bytes: 10,
  meta: { sdkVersion: "0.1.0", url: "https://a.example/" },
};

describe("buildBatchBody", () => {
  it("produces exactly the ingest.batch input", () => {
    const parsed = JSON.parse(
      buildBatchBody({ ...batch, final: true }, { appId: "app_test1", droppedBatches: 2 }),
    );
    expect(IngestBatchSchema.parse(parsed)).toEqual({
      appId: "app_test1",
      sessionId: "session-abc",
      windowId: "window-abc",
      sequence: 3,
      events: [{ type: 4, data: { href: "https://a.example/", width: 1, height: 1 }, timestamp: 1 }],
      meta: { sdkVersion: "0.1.0", url: "https://a.example/", droppedBatches: 2 },
      final: true,
    });
  });
  it("carries the key only when asked (beacon bodies)", () => {
    expect(JSON.parse(buildBatchBody(batch, { appId: "app_test1" })).key).toBeUndefined();
    expect(JSON.parse(buildBatchBody(batch, { appId: "app_test1", key: "pk" })).key).toBe("pk");
  });
  it("handles an empty event list", () => {
    expect(JSON.parse(buildBatchBody({ ...batch, events: [] }, { appId: "app_test1" })).events).toEqual([]);
  });
});

describe("reportedBy", () => {
  it("reports every unreported drop until the gzip is built, then what the gzip carries", () => {
    expect(reportedBy(batch, 3)).toBe(3);
    expect(reportedBy({ ...batch, gzip: { bytes: new Uint8Array(1), reported: 1 } }, 3)).toBe(1);
  });

  it("reports nothing for a body an earlier page built", () => {
    expect(reportedBy({ ...batch, resumed: true, body: "{}" }, 3)).toBe(0);
  });
});
