import { describe, expect, it } from "vitest";
import { formAbandon, formIgnored, formSubmitted } from "../../../tests/fixtures/sessions/form-abandon.ts";
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
});
