import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./client.ts";

describe("retryDelayMs", () => {
  it("waits as long as the collector's Retry-After says", () => {
    expect(retryDelayMs(0, 5)).toBe(5_000);
    expect(retryDelayMs(2, 0)).toBe(0);
  });
  it("backs off 1, 2, 4 s when the collector sent no Retry-After", () => {
    expect([0, 1, 2].map((attempt) => retryDelayMs(attempt, null))).toEqual([1_000, 2_000, 4_000]);
    expect(retryDelayMs(0, Number.NaN)).toBe(1_000);
  });
  it("never waits more than 30 s", () => {
    expect(retryDelayMs(0, 3_600)).toBe(30_000);
    expect(retryDelayMs(10, null)).toBe(30_000);
  });
});
