/**
 * frictionScore (SPEC §4): min(100, Σ over findings of high 25 / medium 10 / low 3), with each kind
 * contributing at most 50, so one noisy detector cannot reach 100 alone. No findings, score 0.
 */
import type { Finding, FindingKind } from "../../shared/report.ts";
import { RULES } from "./rules.ts";

export function frictionScore(findings: readonly Finding[]): number {
  const { weights, maxPerKind, max } = RULES.score;
  const perKind = new Map<FindingKind, number>();
  for (const finding of findings) {
    perKind.set(finding.kind, (perKind.get(finding.kind) ?? 0) + weights[finding.severity]);
  }
  let total = 0;
  for (const points of perKind.values()) total += Math.min(maxPerKind, points);
  return Math.min(max, total);
}
