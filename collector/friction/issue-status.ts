/**
 * An issue's status (SPEC §8), worked out when it is read rather than stored, so it always agrees with the
 * counts: `ignored` and `resolved` are what an admin set; a resolved issue seen again in a later release
 * (or, resolved without a release, seen again at all) is `regressed`; an open one is `new` when first seen
 * inside the window (or, asked about one release, first seen in it), else `ongoing`.
 *
 * "Later release": releases are ordered by when the app was first seen running them, because release names
 * (`1.10` vs `1.9`, commit hashes) carry no order of their own.
 */
import type { FrictionStatus } from "../../shared/friction.ts";

export type StoredState = "open" | "resolved" | "ignored";

export type IssueState = {
  state: StoredState;
  resolvedAt: number | null;
  resolvedRelease: string | null;
  firstSeenMs: number;
  firstRelease: string | null;
};

/** Where and when the issue occurred, per release ("" for sessions without one). */
export type ReleaseOccurrence = { release: string; lastAt: number };

/** Whether a resolved issue occurred again after it was resolved, in a release newer than the fixing one. */
export function isRegressed(
  issue: Pick<IssueState, "resolvedAt" | "resolvedRelease">,
  occurrences: readonly ReleaseOccurrence[],
  releaseFirstSeen: ReadonlyMap<string, number>,
): boolean {
  const resolvedAt = issue.resolvedAt ?? 0;
  const fixed = issue.resolvedRelease;
  if (fixed === null) return occurrences.some((o) => o.lastAt > resolvedAt);
  const fixedSince = releaseFirstSeen.get(fixed) ?? resolvedAt;
  return occurrences.some((o) =>
    o.release !== "" && o.release !== fixed && o.lastAt > resolvedAt &&
    (releaseFirstSeen.get(o.release) ?? o.lastAt) > fixedSince
  );
}

export function issueStatus(
  issue: IssueState,
  ctx: { windowStartMs: number; release?: string | undefined; regressed: boolean },
): FrictionStatus {
  switch (issue.state) {
    case "ignored":
      return "ignored";
    case "resolved":
      return ctx.regressed ? "regressed" : "resolved";
    case "open":
      if (ctx.release !== undefined) return issue.firstRelease === ctx.release ? "new" : "ongoing";
      return issue.firstSeenMs >= ctx.windowStartMs ? "new" : "ongoing";
    default: {
      const unreachable: never = issue.state;
      return unreachable;
    }
  }
}
