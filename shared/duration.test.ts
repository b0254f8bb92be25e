import { describe, expect, it } from "vitest";
import { formatDurationCompact, formatDurationHuman } from "./duration.ts";

describe("formatDurationCompact", () => {
  it("writes seconds, then padded minutes and seconds, then hours", () => {
    expect([0, 12_400, 60_000, 187_000, 3_725_000].map(formatDurationCompact)).toEqual([
      "0s",
      "12s",
      "1m 00s",
      "3m 07s",
      "1h 02m 05s",
    ]);
  });

  it("never writes a negative duration", () => {
    expect(formatDurationCompact(-5_000)).toBe("0s");
  });
});

describe("formatDurationHuman", () => {
  it("keeps a tenth of a second under a minute and milliseconds under a second", () => {
    expect([350, 2_500, 4_200, 13_520, 59_949].map(formatDurationHuman)).toEqual([
      "350 ms",
      "2.5 s",
      "4.2 s",
      "13.5 s",
      "59.9 s",
    ]);
  });

  it("rounds to minutes and seconds past a minute, and to hours and minutes past an hour", () => {
    expect([59_950, 75_000, 200_000, 3_900_000].map(formatDurationHuman)).toEqual([
      "1 min",
      "1 min 15 s",
      "3 min 20 s",
      "1 h 5 min",
    ]);
  });
});
