import { describe, expect, it } from "vitest";
import { exceedsJsonDepth } from "./json-depth.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("exceedsJsonDepth", () => {
  it("counts objects and arrays, not brackets inside strings", () => {
    expect(exceedsJsonDepth(bytes('{"a":[{"b":"[[[[{{{{"}]}'), 3)).toBe(false);
    expect(exceedsJsonDepth(bytes('{"a":[{"b":[1]}]}'), 3)).toBe(true);
  });

  it("skips escaped quotes inside strings", () => {
    expect(exceedsJsonDepth(bytes('{"a":"\\"[[[["}'), 1)).toBe(false);
  });

  it("flags a document nested 100,000 deep", () => {
    expect(exceedsJsonDepth(bytes("[".repeat(100_000) + "]".repeat(100_000)))).toBe(true);
  });
});
