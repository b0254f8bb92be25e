import { describe, expect, it } from "vitest";
import { DAY_MS, resolveWindow } from "./window.ts";

const NOW = Date.parse("2026-05-10T15:00:00Z");
const day = (iso: string) => Math.floor(Date.parse(iso) / DAY_MS);

describe("resolveWindow", () => {
  it("reads 7d as the last seven UTC days including today", () => {
    const w = resolveWindow({ since: "7d" }, NOW);
    expect(w.toDay).toBe(day("2026-05-10T00:00:00Z"));
    expect(w.fromDay).toBe(day("2026-05-04T00:00:00Z"));
    expect(w.startMs).toBe(Date.parse("2026-05-04T00:00:00Z"));
  });

  it("reads 24h as the days it touches, with the exact start kept for status new", () => {
    const w = resolveWindow({ since: "24h" }, NOW);
    expect(w.toDay - w.fromDay).toBe(1);
    expect(w.startMs).toBe(NOW - 24 * 3_600_000);
  });

  it("takes ISO edges and caps a window at a year", () => {
    const w = resolveWindow({ since: "2026-05-08T12:00:00Z", until: "2026-05-09T01:00:00Z" }, NOW);
    expect([w.fromDay, w.toDay]).toEqual([day("2026-05-08T00:00:00Z"), day("2026-05-09T00:00:00Z")]);
    expect(resolveWindow({ since: "9999d" }, NOW).toDay - resolveWindow({ since: "9999d" }, NOW).fromDay)
      .toBe(365);
  });
});
