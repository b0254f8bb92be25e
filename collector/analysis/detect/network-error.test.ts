import { describe, expect, it } from "vitest";
import { COLLECTOR, networkErrors } from "../../../tests/fixtures/sessions/network-error.ts";
import { findingsOf } from "./_run.test-support.ts";

describe("detectNetworkErrors", () => {
  it("groups failed requests and rates 5xx and failures high, 4xx medium", () => {
    const findings = findingsOf(networkErrors, "network_error", COLLECTOR);
    expect(findings.map((f) => [f.startMs, f.severity, f.count])).toEqual([
      [1_000, "high", 2],
      [3_000, "medium", 1],
      [4_000, "high", 1],
    ]);
    expect(findings[0]?.evidence).toContain("POST https://api.shop.example/cart answered 500 2 times");
  });
  it("never reports the collector's own requests", () => {
    for (const origin of [COLLECTOR, undefined]) {
      expect(findingsOf(networkErrors, "network_error", origin).some((f) => f.evidence.includes("ingest")))
        .toBe(false);
    }
  });
});
