import { describe, expect, it } from "vitest";
import {
  clientSideFormTakesEachEntry,
  formErrorLoop,
  formFixedOnSecondTry,
  reactFormTakesEachEntry,
  refusalClearsOneField,
  signUpRefused,
  signUpRefusedBySelector,
} from "../../../tests/fixtures/sessions/form-error-loop.ts";
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
  it.each([["its node", signUpRefused], ["the selector older SDKs sent", signUpRefusedBySelector]])(
    "matches a form with classes but no id or name to its submits by %s",
    (_name, events) => {
      expect(findingsOf(events, "form_error_loop")).toEqual([
        expect.objectContaining({ startMs: 3_000, endMs: 14_000, count: 4 }),
      ]);
      expect(findingsOf(events, "form_abandon")).toEqual([]);
    },
  );
  it("does not count a form that succeeds on the second try", () => {
    expect(findingsOf(formFixedOnSecondTry, "form_error_loop")).toEqual([]);
  });
  it.each([
    ["whose script empties the field after each submit", clientSideFormTakesEachEntry],
    ["whose emptying was not recorded but the next edit starts from empty", reactFormTakesEachEntry],
  ])("does not count a client-side form %s", (_name, events) => {
    expect(findingsOf(events, "form_error_loop")).toEqual([]);
    expect(findingsOf(events, "form_abandon")).toEqual([]);
  });
  it("counts a refusing form that empties only some of its filled fields", () => {
    expect(findingsOf(refusalClearsOneField, "form_error_loop")).toEqual([
      expect.objectContaining({ startMs: 1_500, endMs: 7_500, count: 3 }),
    ]);
  });
});
