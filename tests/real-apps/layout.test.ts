import { describe, expect, it } from "vitest";
import { compareLayouts, type LaidOutElement } from "./layout.ts";

const el = (path: string, x = 0, style = "block"): LaidOutElement => ({
  path,
  x,
  y: 0,
  w: 100,
  h: 20,
  style,
});

describe("compareLayouts", () => {
  it("counts live boxes replayed within 4 px with the same styles, paired by path", () => {
    const live = [el("body"), el("body/0", 10), el("body/1", 10), el("body/2"), el("body/s0")];
    const replay = [el("body"), el("body/0", 14), el("body/1", 15), el("body/2", 0, "inline"), el("body/9")];
    const fidelity = compareLayouts(live, replay);
    expect(fidelity).toMatchObject({ elements: 5, faithful: 2, share: 0.4 });
    expect(fidelity.examples).toEqual([
      "body/1: box 15,0 100×20 instead of 10,0 100×20",
      "body/2: style inline instead of block",
      "body/s0: not replayed",
    ]);
  });

  it("calls an empty live page fully reproduced", () => {
    expect(compareLayouts([], []).share).toBe(1);
  });
});
