/**
 * The targets as tests, for one corpus app: both flows played once (in `beforeAll`), then one test
 * per target, so a failure names the target that was missed and shows the figures behind it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { scoreScenario } from "../scenarios/score.ts";
import type { CorpusApp } from "./corpus.ts";
import type { Corpus, FlowResult } from "./harness.ts";

/** How far (ms) a finding's start may lie from its scripted moment. */
export const FRICTION_TOLERANCE_MS = 2_000;
/** A clean flow may score at most this (and must have no finding at all). */
export const CLEAN_MAX_SCORE = 10;
/** Share of visible boxes a replay must reproduce within 4 px, where plain rrweb's own replay reaches it. */
export const FIDELITY_TARGET = 0.95;

const explain = (r: FlowResult) =>
  `session ${r.sessionId}: findings ${
    JSON.stringify(
      r.report?.findings.map((f) => ({ kind: f.kind, startMs: f.startMs, evidence: f.evidence })),
    )
  }; marks ${JSON.stringify(r.marks)}`;

export type PlayedFlows = { clean: FlowResult; friction: FlowResult };

/** The release each flow's sessions are recorded with, so the friction issues can be cut by flow. */
export const FLOW_RELEASE = { clean: "clean", friction: "friction" } as const;

/** Plays the app's clean flow, then its friction flow, as the SDK's app `app.name`. */
export async function playCorpusApp(corpus: Corpus, app: CorpusApp): Promise<PlayedFlows> {
  const clean = await corpus.runFlow(app.clean, { appId: app.name, release: FLOW_RELEASE.clean });
  const friction = await corpus.runFlow(app.friction, { appId: app.name, release: FLOW_RELEASE.friction });
  return { clean, friction };
}

/**
 * Declares the app's tests on its two flows, which `played()` plays (once, however many ask); `more`
 * declares further tests on the same two played flows.
 */
export function describeCorpusApp(
  app: CorpusApp,
  played: () => Promise<PlayedFlows>,
  more?: (flows: () => PlayedFlows) => void,
): void {
  describe(app.name, () => {
    const flows: Partial<PlayedFlows> = {};
    beforeAll(async () => {
      Object.assign(flows, await played());
    });

    it("stores every page view and every page load of both flows", () => {
      for (const r of [flows.clean!, flows.friction!]) {
        const seen = `made ${r.routes.join(" ")}; stored ${r.storedRoutes.join(" ")}`;
        expect(r.viewsStored, `page views stored (${seen})`).toBe(r.viewsMade);
        expect(r.windowsStored, `windows stored for ${r.loadsMade} page loads (${seen})`).toBe(r.loadsMade);
      }
    });

    it(`reports no friction on the clean flow (0 findings, score ≤ ${CLEAN_MAX_SCORE})`, () => {
      const r = flows.clean!;
      expect(r.report, `no report for session ${r.sessionId}`).not.toBeNull();
      expect(r.report!.findings.map((f) => f.kind), explain(r)).toEqual([]);
      expect(r.report!.frictionScore).toBeLessThanOrEqual(CLEAN_MAX_SCORE);
    });

    it("finds the friction flow's scripted trouble near its moment, and nothing else", () => {
      const r = flows.friction!;
      expect(r.report, `no report for session ${r.sessionId}`).not.toBeNull();
      const score = scoreScenario({
        expected: app.expected,
        findings: r.report!.findings,
        marks: r.marks,
        toleranceMs: FRICTION_TOLERANCE_MS,
      });
      expect(score.missed, explain(r)).toEqual([]);
      expect(score.unexpected, explain(r)).toEqual([]);
    });

    it(`replays ≥ ${FIDELITY_TARGET * 100} % of visible boxes within 4 px where plain rrweb does`, () => {
      for (const r of [flows.clean!, flows.friction!]) {
        const { rerun, plain } = r.fidelity;
        const wanted = Math.min(FIDELITY_TARGET, plain.share);
        const figures =
          `rerun ${rerun.faithful}/${rerun.elements}, plain rrweb ${plain.faithful}/${plain.elements}; ` +
          `rerun's misses: ${rerun.examples.join("; ")}`;
        expect(rerun.share, figures).toBeGreaterThanOrEqual(wanted);
      }
    });

    more?.(() => flows as PlayedFlows);
  });
}
