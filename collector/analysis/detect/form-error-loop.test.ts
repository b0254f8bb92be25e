import { describe, expect, it } from "vitest";
import { formErrorLoop, formFixedOnSecondTry } from "../../../tests/fixtures/sessions/form-error-loop.ts";
import { findingsOf } from "./_run.test-support.ts";

describe("detectFormErrorLoops", () => {
  it("flags repeated failing submits of one form with edits between as high", () => {
    expect(findingsOf(formErrorLoop, "form_error_loop")).toEqual([expect.objectContaining({
      startMs: 2_000,
      endMs: 8_000,
      severity: "high",
      count: 3,
      target: { selector: "#signup", tag: "form" },
    })]);
  });
  it("does not count a form that succeeds on the second try", () => {
    expect(findingsOf(formFixedOnSecondTry, "form_error_loop")).toEqual([]);
  });
});
