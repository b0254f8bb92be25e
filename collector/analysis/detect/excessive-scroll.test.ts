import { describe, expect, it } from "vitest";
import {
  excessiveScroll,
  scrollbarDrag,
  steadyReader,
} from "../../../tests/fixtures/sessions/excessive-scroll.ts";
import { findingsOf } from "./_run.test-support.ts";

describe("detectExcessiveScrolls", () => {
  it("flags 4 fast direction reversals on one scroll target", () => {
    expect(findingsOf(excessiveScroll, "excessive_scroll")).toEqual([expect.objectContaining({
      startMs: 1_400,
      endMs: 2_000,
      severity: "low",
      count: 4,
      target: { selector: "body > div.results:nth-of-type(3)" },
    })]);
  });
  it("does not count a slow reader's steady scroll or dragging the scrollbar", () => {
    expect(findingsOf(steadyReader, "excessive_scroll")).toEqual([]);
    expect(findingsOf(scrollbarDrag, "excessive_scroll")).toEqual([]);
  });
});
