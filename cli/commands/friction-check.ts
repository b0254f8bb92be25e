/**
 * `rerun friction check`: the alert a CI job or a cron runs. Exits 1 when an issue whose status is named
 * by `--fail-on` (default `new,regressed`) has at least `--min-sessions` sessions in the window, 0 otherwise.
 * `--json` prints `{ ok, issues }`.
 */
import { defineCommand } from "citty";
import { FRICTION_STATUSES, type FrictionIssue, type FrictionStatus } from "../../shared/friction.ts";
import { JSON_ARG, TARGET_ARGS } from "../args.ts";
import { callCollector, createCollectorClient } from "../client.ts";
import { CliError } from "../errors.ts";
import { formatIssueTable } from "../friction/format.ts";
import { parseFrictionListArgs } from "../friction/list-args.ts";
import { printJson, printLine } from "../output.ts";
import { requireReadKey, resolveTarget } from "../resolve.ts";

/** Issues fetched per status at most: an alert lists what crossed the line, not a backlog of thousands. */
const MAX_PAGES = 10;

export function parseFailOn(value: string): FrictionStatus[] {
  const statuses = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const bad = statuses.find((s) => !(FRICTION_STATUSES as readonly string[]).includes(s));
  if (bad !== undefined || statuses.length === 0) {
    throw new CliError(
      "usage",
      `--fail-on must list statuses among ${FRICTION_STATUSES.join(", ")}, got "${value}"`,
    );
  }
  return [...new Set(statuses)] as FrictionStatus[];
}

export default defineCommand({
  meta: {
    name: "check",
    description: "Exit 1 when a new or regressed issue reaches --min-sessions (for CI/cron)",
  },
  args: {
    since: { type: "string", description: 'Window start: "24h", "7d" or an ISO time', default: "24h" },
    release: { type: "string", description: "Only sessions of this release" },
    app: { type: "string", description: "Only this app's issues" },
    "fail-on": { type: "string", description: "Statuses that fail the check", default: "new,regressed" },
    "min-sessions": {
      type: "string",
      description: "Sessions an issue needs to fail the check",
      default: "1",
    },
    ...JSON_ARG,
    ...TARGET_ARGS,
  },
  async run({ args }) {
    const failOn = parseFailOn(args["fail-on"]);
    const base = parseFrictionListArgs({
      since: args.since,
      release: args.release,
      app: args.app,
      "min-sessions": args["min-sessions"],
      limit: "100",
    });
    const target = await resolveTarget({
      url: args.url,
      readKey: args["read-key"],
      dataDir: args["data-dir"],
    });
    const client = createCollectorClient(target.url, requireReadKey(target));
    const issues: FrictionIssue[] = [];
    let sessions = 0;
    for (const status of failOn) {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await callCollector(
          target.url,
          "friction.issues",
          () => client.friction.issues.query({ ...base, status, ...(cursor ? { cursor } : {}) }),
        );
        issues.push(...result.issues);
        sessions = result.sessions;
        if (result.nextCursor === null) break;
        cursor = result.nextCursor;
      }
    }
    const ok = issues.length === 0;
    if (args.json) printJson({ ok, issues });
    else {
      printLine(
        ok
          ? `ok: no ${failOn.join(" or ")} issue reached ${args["min-sessions"]} session(s)`
          : formatIssueTable(issues, sessions),
      );
    }
    if (!ok) process.exitCode = 1;
  },
});
