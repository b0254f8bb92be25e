import { describe, expect, it } from "vitest";
import { rageAnsweredLate, slowClick, slowRequest } from "../../../tests/fixtures/sessions/slow-response.ts";
import { slowButtonFocusedByPress } from "../../../tests/fixtures/sessions/press-focus.ts";
import { findingsOf } from "./_run.test-support.ts";

describe("detectSlowResponses", () => {
  it("flags clicks first answered after 2.5–7 s: low below 5 s, medium from 5 s", () => {
    expect(findingsOf(slowClick, "slow_response")).toEqual([
      expect.objectContaining({
        startMs: 1_000,
        endMs: 4_000,
        severity: "low",
        target: expect.objectContaining({ selector: "#pay" }),
      }),
      expect.objectContaining({ startMs: 10_000, endMs: 16_000, severity: "medium" }),
    ]);
  });
  it("does not report again the clicks of a rage click", () => {
    expect(findingsOf(rageAnsweredLate, "rage_click")).toEqual([expect.objectContaining({ count: 4 })]);
    expect(findingsOf(rageAnsweredLate, "slow_response")).toEqual([]);
  });
  it("flags captured requests slower than 3 s, but not the collector's own", () => {
    expect(findingsOf(slowRequest, "slow_response", "https://rerun.shop.example")).toEqual([
      expect.objectContaining({ startMs: 1_000, endMs: 5_000, severity: "low" }),
    ]);
  });
  it("does not take the focus a press gives its own <button> for the answer", () => {
    expect(findingsOf(slowButtonFocusedByPress, "slow_response")).toEqual([
      expect.objectContaining({
        startMs: 1_000,
        endMs: 4_500,
        severity: "low",
        target: expect.objectContaining({ selector: "#pay" }),
      }),
    ]);
  });
});
