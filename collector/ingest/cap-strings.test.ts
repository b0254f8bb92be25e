import { describe, expect, it } from "vitest";
import { capString } from "./cap-strings.ts";

describe("capString", () => {
  it("keeps strings within the limit", () => {
    expect(capString("short", 10)).toBe("short");
  });

  it("cuts to the byte limit without splitting a character", () => {
    expect(capString("aaaaé", 5)).toBe("aaaa");
    expect(new TextEncoder().encode(capString("€".repeat(100), 10)).length).toBeLessThanOrEqual(10);
  });
});
