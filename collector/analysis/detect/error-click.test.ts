import { describe, expect, it } from "vitest";
import { errorClick, errorLongAfterClick } from "../../../tests/fixtures/sessions/error-click.ts";
import { findingsOf } from "./_run.test-support.ts";

describe("detectErrorClicks", () => {
  it("names the clicked target when a JS error follows within 1 s", () => {
    const [finding] = findingsOf(errorClick, "error_click");
    expect(finding).toMatchObject({
      startMs: 1_000,
      endMs: 1_200,
      severity: "high",
      count: 1,
      target: { selector: "#pay", tag: "button" },
    });
    expect(finding?.evidence).toContain("TypeError: cart is undefined");
  });
  it("does not count late errors or the SDK's own", () => {
    expect(findingsOf(errorLongAfterClick, "error_click")).toEqual([]);
  });
});
