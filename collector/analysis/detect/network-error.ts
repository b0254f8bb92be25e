/**
 * network_error (SPEC §4): a captured request answered with status ≥ 400, or failed (status 0), grouped by
 * method, URL and status. The collector's own URL is not counted (the SDK's `urlDenyList` requests are
 * never captured at all). High for 5xx and failures, medium for 4xx.
 */
import type { Finding } from "../../../shared/report.ts";
import type { Detector } from "../context.ts";
import { formatClock } from "../format.ts";
import type { NetworkRecord } from "../records.ts";

/** Whether a captured request counts as a network error under `minStatus`. */
export function isFailedRequest(request: NetworkRecord, minStatus: number): boolean {
  return request.status === 0 || request.status >= minStatus;
}

export const detectNetworkErrors: Detector = (ctx) => {
  const { rules } = ctx;
  const groups = new Map<string, NetworkRecord[]>();
  for (const request of ctx.timeline.network) {
    if (!isFailedRequest(request, rules.networkError.minStatus) || ctx.isCollectorUrl(request.url)) continue;
    const key = `${request.method} ${request.url} ${request.status}`;
    const group = groups.get(key);
    if (group) group.push(request);
    else groups.set(key, [request]);
  }
  const findings: Finding[] = [];
  for (const requests of groups.values()) {
    const first = requests[0]!;
    const n = requests.length;
    const serverSide = first.status === 0 || first.status >= rules.networkError.serverErrorFrom;
    const outcome = first.status === 0 ? "failed" : `answered ${first.status}`;
    findings.push({
      kind: "network_error",
      startMs: first.t,
      endMs: requests.reduce((end, r) => Math.max(end, r.endT), first.endT),
      severity: serverSide ? "high" : "medium",
      url: first.page,
      count: n,
      evidence: `${first.method} ${first.url} ${outcome}${n > 1 ? ` ${n} times` : ""}, first at ${
        formatClock(first.t)
      }`,
    });
  }
  return findings;
};
