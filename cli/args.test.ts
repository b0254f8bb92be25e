import { describe, expect, it } from "vitest";
import { repeatedFlag } from "./args.ts";

describe("repeatedFlag", () => {
  it("collects every value in order, in both spellings", () => {
    expect(repeatedFlag(["doctor", "--origin", "a", "--json", "--origin=b", "--origin", "c"], "origin"))
      .toEqual([
        "a",
        "b",
        "c",
      ]);
  });
  it("ignores flags that only share a prefix", () => {
    expect(repeatedFlag(["--origins", "x", "--origin-x=y"], "origin")).toEqual([]);
  });
  it("refuses a flag without a value", () => {
    expect(() => repeatedFlag(["--origin"], "origin")).toThrow(/--origin needs a value/);
  });
});
