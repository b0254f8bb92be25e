import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "../../shared/batch.ts";
import { FrictionReportSchema } from "../../shared/report.ts";
import { cleanSession } from "../../tests/fixtures/sessions/clean.ts";
import { rageClick } from "../../tests/fixtures/sessions/rage-click.ts";
import { readRealRecording } from "../../tests/helpers/real-recordings.ts";
import { analyzeSession } from "./report.ts";
import { RULES } from "./rules.ts";

const realRecording = readRealRecording("rrweb-player-demo.json") as RecordedEvent[];

const analyze = (events: RecordedEvent[]) =>
  analyzeSession({ sessionId: "s-12345678", appId: "app-1234", events });

describe("analyzeSession", () => {
  it("analyses a real rrweb recording into a valid report", () => {
    const report = analyze(realRecording);
    expect(FrictionReportSchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({
      startedAt: "2018-12-14T03:06:06.750Z",
      durationMs: 81_080,
      rulesVersion: RULES.version,
      pages: ["https://demoit.app/e/react"],
      stats: { clicks: 3, pageviews: 1, errors: 0, networkErrors: 0, inputs: 0 },
    });
    // Watching it: three clicks in a code editor, each answered at once; a few scrolls of the editor,
    // seconds apart. Nothing a person would call friction.
    expect(report.findings).toEqual([]);
    expect(report.frictionScore).toBe(0);
  });

  it("scores a calm session 0 and says so", () => {
    const report = analyze(cleanSession);
    expect(report.findings).toEqual([]);
    expect(report.frictionScore).toBe(0);
    expect(report.pages).toEqual(["https://shop.example/checkout", "https://shop.example/cart"]);
    expect(report.stats).toEqual({ clicks: 3, pageviews: 2, errors: 0, networkErrors: 0, inputs: 2 });
    expect(report.summary).toBe("A 25 s session across 2 pages with no friction found.");
  });

  it("scores and summarises findings in at most three sentences", () => {
    const report = analyze(rageClick);
    expect(report.frictionScore).toBe(25);
    expect(report.summary.split(/(?<=\.)\s/).length).toBeLessThanOrEqual(3);
    expect(report.summary).toContain("rage click");
  });

  it("skips malformed events instead of throwing", () => {
    const odd = [
      null,
      42,
      "x",
      { type: 3 },
      { type: 3, data: { source: 2, type: 2 }, timestamp: 5 },
      { type: 5, data: { tag: "rerun.network", payload: { status: "x" } }, timestamp: 6 },
      { type: 2, data: { node: { childNodes: "no" } }, timestamp: 7 },
      { type: 3, data: { source: 0, adds: [{ parentId: 1, node: null }], removes: [1] }, timestamp: 8 },
      { type: 4, data: { href: 12 }, timestamp: Number.NaN },
    ] as unknown as RecordedEvent[];
    expect(() => FrictionReportSchema.parse(analyze(odd))).not.toThrow();
    expect(() => FrictionReportSchema.parse(analyze([]))).not.toThrow();
  });
});
