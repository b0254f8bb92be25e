import { describe, expect, it } from "vitest";
import { isRegressed, type IssueState, issueStatus } from "./issue-status.ts";

const open: IssueState = {
  state: "open",
  resolvedAt: null,
  resolvedRelease: null,
  firstSeenMs: 100,
  firstRelease: "b",
};

describe("issueStatus", () => {
  it("is new when first seen inside the window or first seen in the asked release, else ongoing", () => {
    expect(issueStatus(open, { windowStartMs: 50, regressed: false })).toBe("new");
    expect(issueStatus(open, { windowStartMs: 500, regressed: false })).toBe("ongoing");
    expect(issueStatus(open, { windowStartMs: 500, release: "b", regressed: false })).toBe("new");
    expect(issueStatus(open, { windowStartMs: 0, release: "c", regressed: false })).toBe("ongoing");
  });

  it("keeps what an admin set, and a resolved issue seen again is regressed", () => {
    expect(issueStatus({ ...open, state: "ignored" }, { windowStartMs: 0, regressed: true })).toBe("ignored");
    expect(issueStatus({ ...open, state: "resolved" }, { windowStartMs: 0, regressed: false })).toBe(
      "resolved",
    );
    expect(issueStatus({ ...open, state: "resolved" }, { windowStartMs: 0, regressed: true })).toBe(
      "regressed",
    );
  });
});

describe("isRegressed", () => {
  const firstSeen = new Map([["a", 10], ["b", 20], ["c", 30]]);

  it("regresses on an occurrence after the resolve in a release newer than the fixing one", () => {
    const issue = { resolvedAt: 25, resolvedRelease: "b" };
    expect(isRegressed(issue, [{ release: "c", lastAt: 40 }], firstSeen)).toBe(true);
    expect(isRegressed(issue, [{ release: "b", lastAt: 40 }], firstSeen)).toBe(false);
    expect(isRegressed(issue, [{ release: "a", lastAt: 40 }], firstSeen)).toBe(false);
    expect(isRegressed(issue, [{ release: "c", lastAt: 24 }], firstSeen)).toBe(false);
  });

  it("without a release, regresses on any later occurrence", () => {
    expect(isRegressed({ resolvedAt: 25, resolvedRelease: null }, [{ release: "", lastAt: 26 }], firstSeen))
      .toBe(true);
    expect(isRegressed({ resolvedAt: 25, resolvedRelease: null }, [{ release: "", lastAt: 20 }], firstSeen))
      .toBe(false);
  });
});
