import { describe, expect, it } from "vitest";
import { capString, capStrings } from "./cap-strings.ts";

describe("capString", () => {
  it("keeps strings within the limit", () => {
    expect(capString("short", 10)).toBe("short");
  });

  it("cuts to the byte limit without splitting a character", () => {
    expect(capString("aaaaé", 5)).toBe("aaaa");
    expect(new TextEncoder().encode(capString("€".repeat(100), 10)).length).toBeLessThanOrEqual(10);
  });
});

describe("capStrings", () => {
  it("caps strings at any depth and keeps other values", () => {
    expect(capStrings({ a: ["x".repeat(50), 3, null], b: { c: "y".repeat(50) } }, 8)).toEqual({
      a: ["xxxxxxxx", 3, null],
      b: { c: "yyyyyyyy" },
    });
  });
});
