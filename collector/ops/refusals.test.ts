import { describe, expect, it } from "vitest";
import { cleanOrigin, createRefusalLog, MAX_REFUSAL_ENTRIES, mergeRefusals } from "./refusals.ts";

const DAY = 24 * 60 * 60_000;
const HOUR = 60 * 60_000;

describe("createRefusalLog", () => {
  it("counts refusals per reason, origin and appId", () => {
    const log = createRefusalLog();
    log.record({ reason: "unknown_key", origin: "https://a.example", appId: "app_12345" }, 1_000);
    log.record({ reason: "unknown_key", origin: "https://a.example", appId: "app_12345" }, 2_000);
    log.record({ reason: "cors_origin", origin: "https://b.example", appId: "../bad" }, 3_000);
    expect(log.list(3_000)).toEqual([
      {
        reason: "cors_origin",
        origin: "https://b.example",
        appId: null,
        count: 1,
        firstAt: new Date(3_000).toISOString(),
        lastAt: new Date(3_000).toISOString(),
      },
      {
        reason: "unknown_key",
        origin: "https://a.example",
        appId: "app_12345",
        count: 2,
        firstAt: new Date(1_000).toISOString(),
        lastAt: new Date(2_000).toISOString(),
      },
    ]);
  });

  it("keeps only scheme://host:port of an origin", () => {
    expect(cleanOrigin("https://shop.example:8443/secret/path?token=x")).toBe("https://shop.example:8443");
    expect(cleanOrigin("null")).toBe("null");
    expect(cleanOrigin("javascript:alert(1)")).toBe("(invalid origin)");
    expect(cleanOrigin(null)).toBeNull();
  });

  it("forgets rows older than 24 h", () => {
    const log = createRefusalLog();
    log.record({ reason: "no_key", origin: null, appId: null }, 0);
    expect(log.list(DAY + 1)).toEqual([]);
  });

  it("stays bounded under a flood of distinct origins", () => {
    const log = createRefusalLog();
    for (let i = 0; i < MAX_REFUSAL_ENTRIES + 50; i++) {
      log.record({ reason: "cors_origin", origin: `https://${i}.example`, appId: null }, 1_000);
    }
    const rows = log.list(1_000);
    expect(rows.length).toBe(MAX_REFUSAL_ENTRIES + 1);
    expect(rows.find((r) => r.origin === "(other origins)")?.count).toBe(50);
  });

  it("keeps the per-hour bound after a flush, so a flood cannot add table rows either", () => {
    const log = createRefusalLog();
    for (let i = 0; i < MAX_REFUSAL_ENTRIES; i++) {
      log.record({ reason: "cors_origin", origin: `https://${i}.example`, appId: null }, 1_000);
    }
    log.settle(log.takePending(), true);
    log.record({ reason: "cors_origin", origin: "https://new.example", appId: null }, 2_000);
    expect(log.takePending().map((d) => d.origin)).toEqual(["(other origins)"]);
  });

  it("buckets counts by hour", () => {
    const log = createRefusalLog();
    log.record({ reason: "no_key", origin: null, appId: null }, HOUR - 1);
    log.record({ reason: "no_key", origin: null, appId: null }, HOUR + 1);
    expect(log.takePending().map((d) => [d.hour, d.count])).toEqual([[0, 1], [HOUR, 1]]);
  });

  it("lists counts being written, and counts them again when the write fails", () => {
    const log = createRefusalLog();
    log.record({ reason: "no_key", origin: null, appId: null }, 1_000);
    const deltas = log.takePending();
    expect(log.takePending()).toEqual([]);
    expect(log.list(1_000).map((r) => r.count)).toEqual([1]);
    log.record({ reason: "no_key", origin: null, appId: null }, 2_000);
    log.settle(deltas, false);
    expect(log.takePending().map((d) => d.count)).toEqual([2]);
  });
});

describe("mergeRefusals", () => {
  it("sums rows of one (reason, origin, appId) across hours, newest first", () => {
    const row = { reason: "no_key" as const, origin: null, appId: null };
    const merged = mergeRefusals([
      { ...row, count: 2, firstAt: 10, lastAt: 20 },
      { ...row, count: 3, firstAt: 5, lastAt: HOUR },
      { ...row, reason: "bad_batch", count: 1, firstAt: 30, lastAt: 30 },
    ], HOUR);
    expect(merged.map((r) => [r.reason, r.count, r.firstAt])).toEqual([
      ["no_key", 5, new Date(5).toISOString()],
      ["bad_batch", 1, new Date(30).toISOString()],
    ]);
  });
});
