import { describe, expect, it } from "vitest";
import {
  loopWithSuccessfulSubmit,
  navigationLoop,
} from "../../../tests/fixtures/sessions/navigation-loop.ts";
import { hashChange } from "../../../tests/fixtures/sessions/quick-back.ts";
import { findingsOf } from "./_run.test-support.ts";

describe("detectNavigationLoops", () => {
  it("flags one URL visited 3 times within 60 s as one medium finding", () => {
    expect(findingsOf(navigationLoop, "navigation_loop")).toEqual([expect.objectContaining({
      startMs: 0,
      endMs: 32_000,
      severity: "medium",
      url: "https://shop.example/cart",
      count: 3,
    })]);
  });
  it("does not count loops with a successful submit in between, or hash-only changes", () => {
    expect(findingsOf(loopWithSuccessfulSubmit, "navigation_loop")).toEqual([]);
    expect(findingsOf(hashChange, "navigation_loop")).toEqual([]);
  });
});
