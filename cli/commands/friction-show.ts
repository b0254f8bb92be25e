/** `rerun friction show FINGERPRINT`: one issue with its trend, releases and example sessions. */
import { defineCommand } from "citty";
import { JSON_ARG, TARGET_ARGS } from "../args.ts";
import { callCollector, createCollectorClient } from "../client.ts";
import { formatIssueDetail } from "../friction/format.ts";
import { printJson, printLine } from "../output.ts";
import { requireReadKey, resolveTarget } from "../resolve.ts";

export default defineCommand({
  meta: { name: "show", description: "One friction issue: counts, trend, releases and example sessions" },
  args: {
    fingerprint: { type: "positional", description: "The issue's fingerprint (fp_…)", required: true },
    since: { type: "string", description: 'Window start: "24h", "7d", "30d" or an ISO time', default: "7d" },
    ...JSON_ARG,
    ...TARGET_ARGS,
  },
  async run({ args }) {
    const target = await resolveTarget({
      url: args.url,
      readKey: args["read-key"],
      dataDir: args["data-dir"],
    });
    const client = createCollectorClient(target.url, requireReadKey(target));
    const issue = await callCollector(
      target.url,
      "friction.issue",
      () => client.friction.issue.query({ fingerprint: args.fingerprint, since: args.since }),
    );
    if (args.json) printJson(issue);
    else printLine(formatIssueDetail(issue));
  },
});
