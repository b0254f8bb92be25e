/** Test support: the findings of one kind that a fixture session produces, through the whole pipeline. */
import type { RecordedEvent } from "../../../shared/batch.ts";
import type { Finding, FindingKind } from "../../../shared/report.ts";
import { analyzeSession } from "../report.ts";

export function findingsOf(events: RecordedEvent[], kind: FindingKind, collectorOrigin?: string): Finding[] {
  const report = analyzeSession({
    sessionId: "fixture-session",
    appId: "fixture-app",
    events,
    ...(collectorOrigin !== undefined ? { collectorOrigin } : {}),
  });
  return report.findings.filter((f) => f.kind === kind);
}
