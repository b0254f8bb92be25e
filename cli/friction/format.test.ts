import { describe, expect, it } from "vitest";
import type { FrictionIssue } from "../../shared/friction.ts";
import { CliError } from "../errors.ts";
import { parseFailOn } from "../commands/friction-check.ts";
import { formatIssueTable, percent, sparkline } from "./format.ts";
import { parseFrictionListArgs } from "./list-args.ts";

const issue: FrictionIssue = {
  fingerprint: "fp_0123456789abcdef",
  appId: "shop-web",
  kind: "dead_click",
  route: "/orders/:id",
  title: "Dead click on #apply on /orders/:id",
  occurrences: 3,
  sessions: 2,
  users: 2,
  share: 2 / 3,
  firstSeen: "2026-05-01T00:00:00.000Z",
  lastSeen: "2026-05-02T00:00:00.000Z",
  firstRelease: "b",
  lastRelease: "b",
  status: "new",
  trend: [0, 1, 1],
  examples: [],
};

describe("formatIssueTable", () => {
  it("shows status, title, sessions, share and a sparkline per issue", () => {
    const table = formatIssueTable([issue], 3);
    expect(table).toContain("fp_0123456789abcdef  new");
    expect(table).toContain("67%");
    expect(table).toContain("▁██");
    expect(table).toContain("3 settled sessions");
  });

  it("shows both shares and the change when comparing releases", () => {
    const table = formatIssueTable([{ ...issue, compare: { release: "a", sessions: 0, share: 0 } }], 3);
    expect(table).toContain("WAS");
    expect(table).toContain("+67%");
  });

  it("scales sparklines to the busiest day and prints small shares with a decimal", () => {
    expect(sparkline([0, 0])).toBe("▁▁");
    expect(percent(0.034)).toBe("3.4%");
  });
});

describe("parseFrictionListArgs", () => {
  it("maps flags to the friction.issues input", () => {
    expect(
      parseFrictionListArgs({
        since: "30d",
        release: "b",
        compare: "a",
        "min-sessions": "5",
        kind: "dead_click",
      }),
    )
      .toEqual({ since: "30d", release: "b", compareRelease: "a", minSessions: 5, kind: "dead_click" });
  });

  it("refuses a bad flag as a usage error naming it", () => {
    expect(() => parseFrictionListArgs({ kind: "slow_click" })).toThrow(/--kind/);
    expect(() => parseFrictionListArgs({ since: "last week" })).toThrow(/--since/);
    expect(() => parseFrictionListArgs({ compare: "a" })).toThrow(CliError);
    expect(() => parseFailOn("new,broken")).toThrow(/--fail-on/);
    expect(parseFailOn("new, regressed")).toEqual(["new", "regressed"]);
  });
});
