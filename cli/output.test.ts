import { describe, expect, it } from "vitest";
import { useColour, withoutColour } from "./output.ts";

describe("colour", () => {
  it("is used only on a terminal and never with NO_COLOR", () => {
    expect(useColour({ isTTY: true }, {})).toBe(true);
    expect(useColour({ isTTY: false }, {})).toBe(false);
    expect(useColour({}, {})).toBe(false);
    expect(useColour({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
  });

  it("can be stripped from text", () => {
    expect(withoutColour("\x1b[4m\x1b[1mUSAGE\x1b[22m\x1b[24m \x1b[36mrerun\x1b[39m")).toBe("USAGE rerun");
  });
});
