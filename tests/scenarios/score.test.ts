import { describe, expect, it } from "vitest";
import type { Finding } from "../../shared/report.ts";
import { scoreScenario, scoreSuite } from "./score.ts";

const finding = (kind: Finding["kind"], startMs: number, selector?: string): Finding => ({
  kind,
  startMs,
  endMs: startMs,
  severity: "medium",
  url: "http://app.test/",
  evidence: "",
  ...(selector !== undefined ? { target: { selector } } : {}),
});

describe("scoreScenario", () => {
  it("counts an expected kind near its mark and on its target as found", () => {
    const score = scoreScenario({
      expected: [{ kind: "dead_click", at: "click", selector: "#promo" }],
      findings: [finding("dead_click", 1_300, "#promo")],
      marks: { click: 1_000 },
    });
    expect(score).toEqual({ found: ["dead_click"], missed: [], unexpected: [] });
  });

  it("counts a kind at the wrong time as both missed and unexpected", () => {
    const score = scoreScenario({
      expected: [{ kind: "dead_click", at: "click" }],
      findings: [finding("dead_click", 5_000)],
      marks: { click: 1_000 },
    });
    expect(score.found).toEqual([]);
    expect(score.missed).toEqual([
      expect.objectContaining({ kind: "dead_click", why: expect.stringContaining("5000 ms") }),
    ]);
    expect(score.unexpected).toEqual(["dead_click"]);
  });

  it("counts several findings of one expected kind once, and other kinds as unexpected", () => {
    const score = scoreScenario({
      expected: [{ kind: "slow_response", at: "click" }],
      findings: [
        finding("slow_response", 1_000),
        finding("slow_response", 1_400),
        finding("js_error", 2_000),
      ],
      marks: { click: 1_000 },
    });
    expect(score).toEqual({ found: ["slow_response"], missed: [], unexpected: ["js_error"] });
  });
});

describe("scoreSuite", () => {
  it("computes precision and recall over every scenario", () => {
    expect(scoreSuite([
      { found: ["rage_click", "slow_response"], missed: [], unexpected: ["dead_click"] },
      { found: [], missed: [{ kind: "quick_back", at: "x", why: "not reported" }], unexpected: [] },
      { found: [], missed: [], unexpected: [] },
    ])).toEqual({ truePositives: 2, falsePositives: 1, falseNegatives: 1, precision: 2 / 3, recall: 2 / 3 });
  });

  it("is perfect when there is nothing to find and nothing found", () => {
    expect(scoreSuite([{ found: [], missed: [], unexpected: [] }])).toMatchObject({
      precision: 1,
      recall: 1,
    });
  });
});
