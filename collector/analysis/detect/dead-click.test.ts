import { describe, expect, it } from "vitest";
import {
  deadClick,
  deadClickRepeated,
  fieldAndCanvasClicks,
  linkClicks,
  linkThatNavigates,
} from "../../../tests/fixtures/sessions/dead-click.ts";
import { rageClick } from "../../../tests/fixtures/sessions/rage-click.ts";
import { slowClick } from "../../../tests/fixtures/sessions/slow-response.ts";
import {
  buttonAnsweredByFocus,
  deadButtonFocusedByPress,
} from "../../../tests/fixtures/sessions/press-focus.ts";
import { findingsOf } from "./_run.test-support.ts";

describe("detectDeadClicks", () => {
  it("flags a click on a div that nothing answers within 2.5 s", () => {
    expect(findingsOf(deadClick, "dead_click")).toEqual([expect.objectContaining({
      startMs: 1_000,
      endMs: 1_000,
      severity: "medium",
      count: 1,
      target: { selector: "body > div.cta.big:nth-of-type(1)", tag: "div", text: "****** ***" },
    })]);
  });
  it("groups repeated dead clicks on one selector as high", () => {
    expect(findingsOf(deadClickRepeated, "dead_click")).toEqual([
      expect.objectContaining({ startMs: 1_000, endMs: 5_000, severity: "high", count: 2 }),
    ]);
  });
  it("does not count links, downloads or new-tab links", () => {
    expect(findingsOf(linkClicks, "dead_click")).toEqual([]);
    expect(findingsOf(linkThatNavigates, "dead_click")).toEqual([]);
  });
  it("does not count text fields, select, canvas, body or a click just before the recording ends", () => {
    expect(findingsOf(fieldAndCanvasClicks, "dead_click")).toEqual([]);
  });
  it("does not count clicks inside a rage burst, or clicks that were merely slow", () => {
    expect(findingsOf(rageClick, "dead_click")).toEqual([]);
    expect(findingsOf(slowClick, "dead_click")).toEqual([]);
  });
  it("flags a <button> that the press itself focused, and not one the page answers by moving focus", () => {
    expect(findingsOf(deadButtonFocusedByPress, "dead_click")).toEqual([expect.objectContaining({
      startMs: 1_000,
      severity: "medium",
      target: expect.objectContaining({ selector: "#pay", tag: "button" }),
    })]);
    expect(findingsOf(buttonAnsweredByFocus, "dead_click")).toEqual([]);
  });
});
