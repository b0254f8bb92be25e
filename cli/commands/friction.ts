/**
 * `rerun friction`: the friction issues across sessions (SPEC §8) — which friction hurts the most people,
 * where, and since which release. Subcommands: `show`, `resolve`, `ignore`, `reopen`, `check`.
 */
import { defineCommand } from "citty";
import { JSON_ARG, TARGET_ARGS } from "../args.ts";
import { callCollector, createCollectorClient } from "../client.ts";
import { formatIssueTable } from "../friction/format.ts";
import { FRICTION_LIST_ARGS, parseFrictionListArgs } from "../friction/list-args.ts";
import { printJson, printLine } from "../output.ts";
import { requireReadKey, resolveTarget } from "../resolve.ts";

const SUBCOMMANDS = {
  show: () => import("./friction-show.ts").then((m) => m.default),
  resolve: () => import("./friction-status.ts").then((m) => m.resolveCommand),
  ignore: () => import("./friction-status.ts").then((m) => m.ignoreCommand),
  reopen: () => import("./friction-status.ts").then((m) => m.reopenCommand),
  check: () => import("./friction-check.ts").then((m) => m.default),
};

export default defineCommand({
  meta: {
    name: "friction",
    description: "Friction issues across sessions: the most-felt first, by route, element and release",
  },
  args: { ...FRICTION_LIST_ARGS, ...JSON_ARG, ...TARGET_ARGS },
  subCommands: SUBCOMMANDS,
  async run({ args, rawArgs }) {
    // citty runs this after a subcommand too; the list is only for `rerun friction [flags]`.
    if (rawArgs.some((a) => a in SUBCOMMANDS)) return;
    const input = parseFrictionListArgs(args);
    const target = await resolveTarget({
      url: args.url,
      readKey: args["read-key"],
      dataDir: args["data-dir"],
    });
    const client = createCollectorClient(target.url, requireReadKey(target));
    const result = await callCollector(
      target.url,
      "friction.issues",
      () => client.friction.issues.query(input),
    );
    if (args.json) printJson({ issues: result.issues, sessions: result.sessions });
    else printLine(formatIssueTable(result.issues, result.sessions));
  },
});
