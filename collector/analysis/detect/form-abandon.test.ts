import { describe, expect, it } from "vitest";
import {
  formAbandon,
  formAbandonUnflagged,
  formIgnored,
  formSubmitted,
  scriptFilledForms,
  scriptFilledFormsUnflagged,
} from "../../../tests/fixtures/sessions/form-abandon.ts";
import { findingsOf } from "./_run.test-support.ts";

describe("detectFormAbandons", () => {
  it("flags a form with two edited fields left without a submit attempt", () => {
    expect(findingsOf(formAbandon, "form_abandon")).toEqual([expect.objectContaining({
      startMs: 1_500,
      endMs: 6_000,
      severity: "medium",
      count: 2,
      url: "https://shop.example/checkout",
      target: { selector: "#signup", tag: "form" },
    })]);
  });
  it("does not count a submitted form, an ignored form or one short field", () => {
    expect(findingsOf(formSubmitted, "form_abandon")).toEqual([]);
    expect(findingsOf(formIgnored, "form_abandon")).toEqual([]);
  });
  it("does not count values scripts set, hidden fields, or values nobody was on the field to type", () => {
    expect(findingsOf(scriptFilledForms, "form_abandon")).toEqual([]);
    expect(findingsOf(scriptFilledFormsUnflagged, "form_abandon")).toEqual([]);
  });
  it("counts, in a recording without userTriggered, fields a person clicked or focused before typing", () => {
    expect(findingsOf(formAbandonUnflagged, "form_abandon")).toEqual([
      expect.objectContaining({
        startMs: 1_500,
        endMs: 6_000,
        count: 2,
        target: { selector: "#signup", tag: "form" },
      }),
    ]);
  });
});
