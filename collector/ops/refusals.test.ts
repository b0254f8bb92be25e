import { describe, expect, it } from "vitest";
import { createRefusalLog, MAX_REFUSAL_ENTRIES } from "./refusals.ts";

const DAY = 24 * 60 * 60_000;

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
});
