import { describe, expect, it } from "vitest";
import { IngestBatchSchema } from "./batch.ts";
import { FrictionReportSchema } from "./report.ts";
import { ReplayListInputSchema } from "./replay.ts";

const valid = {
  appId: "shop-web-1",
  sessionId: "sess_ABCDEFGH",
  windowId: "win-12345678",
  sequence: 0,
  events: [{ type: 4, data: { href: "https://a.example/" }, timestamp: 1_700_000_000_000 }],
};

describe("IngestBatchSchema", () => {
  it("accepts a batch and defaults meta to {}", () => {
    const batch = IngestBatchSchema.parse(valid);
    expect(batch.meta).toEqual({});
  });

  it("keeps fields rrweb adds to events", () => {
    const batch = IngestBatchSchema.parse({ ...valid, events: [{ ...valid.events[0], delay: 5 }] });
    expect(batch.events[0]).toMatchObject({ delay: 5 });
  });

  it.each([
    ["a short id", { sessionId: "short" }, "sessionId"],
    ["an id with path characters", { windowId: "../../etc/passwd" }, "windowId"],
    ["a negative sequence", { sequence: -1 }, "sequence"],
    ["a fractional sequence", { sequence: 1.5 }, "sequence"],
    ["an unknown event type", { events: [{ type: 9, data: {}, timestamp: 1 }] }, "events"],
    ["an event without timestamp", { events: [{ type: 2, data: {} }] }, "events"],
  ])("refuses %s and names the field", (_name, change, field) => {
    const result = IngestBatchSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });
});

describe("ReplayListInputSchema", () => {
  it("defaults to 20 and caps the page at 200", () => {
    expect(ReplayListInputSchema.parse(undefined)).toEqual({ limit: 20 });
    expect(ReplayListInputSchema.safeParse({ limit: 201 }).success).toBe(false);
  });
  it("takes since as an ISO time or epoch ms", () => {
    expect(ReplayListInputSchema.safeParse({ since: "2026-11-24T10:00:00Z" }).success).toBe(true);
    expect(ReplayListInputSchema.safeParse({ since: 1_700_000_000_000 }).success).toBe(true);
    expect(ReplayListInputSchema.safeParse({ since: "yesterday" }).success).toBe(false);
  });
});

describe("FrictionReportSchema", () => {
  it("refuses a finding kind that SPEC §4 does not list", () => {
    const report = {
      sessionId: "s",
      appId: "a",
      startedAt: "2026-11-24T10:00:00.000Z",
      durationMs: 1,
      rulesVersion: "x",
      pages: [],
      frictionScore: 0,
      findings: [{ kind: "slow_page", startMs: 0, endMs: 0, severity: "low", url: "", evidence: "" }],
      summary: "",
      stats: { clicks: 0, pageviews: 0, errors: 0, networkErrors: 0, inputs: 0 },
    };
    expect(FrictionReportSchema.safeParse(report).success).toBe(false);
  });
});
