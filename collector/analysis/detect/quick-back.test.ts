import { describe, expect, it } from "vitest";
import {
  formActionRedirect,
  fullLoadRedirect,
  fullLoadRedirectWithoutTiming,
  hashChange,
  quickBack,
  redirect,
} from "../../../tests/fixtures/sessions/quick-back.ts";
import {
  spaGuardRedirect,
  spaQuickBackAfterClick,
} from "../../../tests/fixtures/sessions/spa-guard-redirect.ts";
import { findingsOf } from "./_run.test-support.ts";

describe("detectQuickBacks", () => {
  it("flags a return to the previous page within 5 s", () => {
    expect(findingsOf(quickBack, "quick_back")).toEqual([expect.objectContaining({
      startMs: 3_000,
      endMs: 5_000,
      severity: "low",
      url: "https://shop.example/help",
    })]);
  });
  it("does not count redirects or hash-only changes", () => {
    expect(findingsOf(redirect, "quick_back")).toEqual([]);
    expect(findingsOf(hashChange, "quick_back")).toEqual([]);
  });
  it("measures a full-load redirect from when the next navigation began, not when it was recorded", () => {
    expect(findingsOf(fullLoadRedirect, "quick_back")).toEqual([]);
    // Without the navigation's start time the redirect page seems shown for 450 ms and reads as a visit.
    expect(findingsOf(fullLoadRedirectWithoutTiming, "quick_back")).toHaveLength(1);
  });
  it("does not count a form's submit, POST and redirect back", () => {
    expect(findingsOf(formActionRedirect, "quick_back")).toEqual([]);
  });
  it("does not count an SPA guard's redirect, though the click that led there is recorded after the push", () => {
    expect(findingsOf(spaGuardRedirect, "quick_back")).toEqual([]);
  });
  it("still counts a quick back from a page the user clicked on", () => {
    expect(findingsOf(spaQuickBackAfterClick, "quick_back")).toEqual([
      expect.objectContaining({ startMs: 1_000, endMs: 2_000, url: "https://shop.example/orders" }),
    ]);
  });
});
