import { describe, expect, it } from "vitest";
import {
  clicksThreeSecondsApart,
  rageClick,
  rageClickAnswered,
  rageIgnoredOrSpread,
  rageInNextApp,
  rageOnStepper,
  tripleClickSelect,
} from "../../../tests/fixtures/sessions/rage-click.ts";
import { formAbandon } from "../../../tests/fixtures/sessions/form-abandon.ts";
import { findingsOf } from "./_run.test-support.ts";

describe("detectRageClicks", () => {
  it("flags five unanswered clicks within 1 s on one target as high", () => {
    expect(findingsOf(rageClick, "rage_click")).toEqual([expect.objectContaining({
      startMs: 1_000,
      endMs: 1_800,
      severity: "high",
      count: 5,
      url: "https://shop.example/checkout",
      target: { selector: "body > div.cta.big:nth-of-type(1)", tag: "div", text: "****** ***" },
    })]);
  });
  it("rates three answered clicks as medium", () => {
    const [finding] = findingsOf(rageClickAnswered, "rage_click");
    expect(finding).toMatchObject({
      severity: "medium",
      count: 3,
      target: { selector: "#pay", tag: "button" },
    });
    expect(finding?.evidence).toContain("3 clicks");
  });
  it("does not count two clicks 3 s apart", () => {
    expect(findingsOf(clicksThreeSecondsApart, "rage_click")).toEqual([]);
  });
  it("does not count steppers, text selection, ignored elements or clicks spread over the screen", () => {
    expect(findingsOf(rageOnStepper, "rage_click")).toEqual([]);
    expect(findingsOf(tripleClickSelect, "rage_click")).toEqual([]);
    expect(findingsOf(rageIgnoredOrSpread, "rage_click")).toEqual([]);
  });
  it("finds bursts inside a Next.js app, whose root's id `__next` names no stepper", () => {
    expect(findingsOf(rageInNextApp, "rage_click")).toEqual([
      expect.objectContaining({
        startMs: 1_000,
        count: 4,
        target: expect.objectContaining({ tag: "button" }),
      }),
      expect.objectContaining({ startMs: 6_000, count: 3 }),
    ]);
  });
  it("does not count clicks into text fields", () => {
    expect(findingsOf(formAbandon, "rage_click")).toEqual([]);
  });
});
