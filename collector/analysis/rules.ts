/**
 * Every threshold of SPEC §4's friction rules, in one versioned object. A report states `RULES.version` as
 * its `rulesVersion`, so a score can always be traced to the exact rules that produced it: change any
 * number here and bump the version (date plus a counter for that day).
 */
export const RULES = {
  version: "2026-12-07.5",
  /** What counts as a response to a click (SPEC §4): most kinds at any time, these two only close by. */
  response: {
    /** A scroll is a response only this soon after the click (a later one is the user, not the page). */
    scrollWithinMs: 300,
    /** A focus or visibility change is a response only this soon after the click. */
    focusWithinMs: 1_000,
    /** The press of a click starts at its mousedown, when that came on the same target this recently. */
    pressWithinMs: 1_000,
  },
  rageClick: { minClicks: 3, maxGapMs: 1_000, maxDistancePx: 30, highFromClicks: 5 },
  /** Dead clicks on one selector are grouped; from this many the group is high severity. */
  deadClick: { noResponseMs: 2_500, highFromCount: 2 },
  slowResponse: {
    /** First response to a click later than this (and at most `maxMs`) is slow. */
    minMs: 2_500,
    maxMs: 7_000,
    /** A captured request slower than this is slow. */
    requestMs: 3_000,
    /** Below this a slow response is low severity, from it on medium. */
    mediumFromMs: 5_000,
  },
  errorClick: { withinMs: 1_000 },
  jsError: { highFromCount: 2 },
  networkError: { minStatus: 400, serverErrorFrom: 500 },
  quickBack: {
    withinMs: 5_000,
    redirectBelowMs: 300,
    /** A click this soon after an SPA navigation caused it (its handler ran first), so it was not made on the new page. */
    causeWithinMs: 50,
    /**
     * A submit attempt on A this soon before A was left makes the navigation the form's (a POST answered by a
     * redirect), not the user going on: as long as form_error_loop looks for a submit's outcome.
     */
    submitWithinMs: 3_000,
  },
  navigationLoop: { minVisits: 3, visitsWithinMs: 60_000, minCycles: 2 },
  excessiveScroll: {
    minReversals: 4,
    maxGapMs: 500,
    withinMs: 10_000,
    /** A selection this recent makes a reversal part of selecting text, not searching. */
    selectionWithinMs: 1_000,
  },
  formAbandon: { minFields: 2, minChars: 3 },
  formErrorLoop: { minSubmits: 2, withinMs: 120_000, outcomeWithinMs: 3_000 },
  score: { weights: { high: 25, medium: 10, low: 3 }, maxPerKind: 50, max: 100 },
} as const;

export type Rules = typeof RULES;
