import { describe, expect, it } from "vitest";
import { keyCategory } from "./behavioral.ts";

describe("keyCategory", () => {
  it("names the kind of key, never the key", () => {
    expect(["a", "Z", "7", "é", "€", " "].map(keyCategory)).toEqual([
      "char",
      "char",
      "char",
      "char",
      "char",
      "char",
    ]);
    expect(keyCategory("Enter")).toBe("enter");
    expect(keyCategory("Backspace")).toBe("backspace");
    expect(keyCategory("Tab")).toBe("tab");
    expect(keyCategory("ArrowLeft")).toBe("arrow");
    expect(keyCategory("Shift")).toBe("modifier");
    expect(keyCategory("Escape")).toBe("other");
    expect(keyCategory("")).toBe("other");
  });
});
