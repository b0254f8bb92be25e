/**
 * `rerun analyze`: one session's friction report, as a table on a terminal or the `FrictionReport` JSON.
 * With `--llm`, also a review by an external LLM — only after `--confirm-external-llm-export`, and only the
 * redacted report and narrative are sent.
 */
import { defineCommand } from "citty";
import type { FrictionReport } from "../../shared/report.ts";
import { formatDurationCompact } from "../../shared/duration.ts";
import { JSON_ARG, TARGET_ARGS } from "../args.ts";
import { callCollector, type CollectorClient, createCollectorClient } from "../client.ts";
import { CliError } from "../errors.ts";
import { assertExternalExportConfirmed } from "../llm/export-gate.ts";
import { DEFAULT_MODELS, LLM_PROVIDERS, type LlmProvider, streamReview } from "../llm/providers.ts";
import { buildReviewRequest } from "../llm/review-prompt.ts";
import { formatOffset, formatTable, note, printJson, printLine } from "../output.ts";
import { requireReadKey, resolveTarget } from "../resolve.ts";

export default defineCommand({
  meta: {
    name: "analyze",
    description:
      `Friction report of one session (--latest or --session ID). --llm adds a review by an external LLM ` +
      `(default models: anthropic ${DEFAULT_MODELS.anthropic}, openai ${DEFAULT_MODELS.openai})`,
  },
  args: {
    latest: { type: "boolean", description: "Analyse the newest session", default: false },
    session: { type: "string", description: "Session id to analyse" },
    ...JSON_ARG,
    llm: {
      type: "boolean",
      description: "Also ask an external LLM for a review (needs the confirm flag)",
      default: false,
    },
    "llm-provider": {
      type: "enum",
      options: [...LLM_PROVIDERS],
      description: "anthropic or openai",
      default: "anthropic",
    },
    "llm-model": {
      type: "string",
      description: `Model (default: anthropic ${DEFAULT_MODELS.anthropic}, openai ${DEFAULT_MODELS.openai})`,
    },
    "confirm-external-llm-export": {
      type: "boolean",
      description: "Allow sending the redacted report and narrative to the LLM provider",
      default: false,
    },
    ...TARGET_ARGS,
  },
  async run({ args }) {
    if (args.latest === Boolean(args.session)) {
      throw new CliError("usage", "pass exactly one of --latest or --session ID");
    }
    const provider = args["llm-provider"] as LlmProvider;
    // The gate comes before any network call: without confirmation nothing is fetched or sent.
    if (args.llm) assertExternalExportConfirmed(args["confirm-external-llm-export"], provider);

    const target = await resolveTarget({
      url: args.url,
      readKey: args["read-key"],
      dataDir: args["data-dir"],
    });
    const client = createCollectorClient(target.url, requireReadKey(target));
    const sessionId = args.session ?? (await latestSessionId(client, target.url));
    const report = await callCollector(
      target.url,
      "replays.analyze",
      () => client.replays.analyze.query({ sessionId }),
    );

    if (args.json) printJson(report);
    else printLine(formatReport(report));

    if (args.llm) {
      const narrative = await callCollector(
        target.url,
        "replays.narrative",
        () => client.replays.narrative.query({ sessionId }),
      );
      const request = buildReviewRequest(report, narrative.csv);
      // With --json, stdout holds only the report; the review streams to stderr.
      const out = args.json ? process.stderr : process.stdout;
      out.write(`\nLLM review (${provider}):\n`);
      await streamReview({ provider, model: args["llm-model"], request, onText: (text) => out.write(text) });
      out.write("\n");
    }
  },
});

async function latestSessionId(client: CollectorClient, url: string): Promise<string> {
  const { replays } = await callCollector(url, "replays.list", () => client.replays.list.query({ limit: 1 }));
  const newest = replays[0];
  if (!newest) {
    throw new CliError(
      "collector_refused",
      "no sessions recorded yet; send one (or run `rerun smoke`) first",
    );
  }
  note(`rerun: analysing the newest session, ${newest.sessionId}`);
  return newest.sessionId;
}

/** The human-readable report: facts, score, a findings table (mm:ss, kind, severity, target, evidence). */
export function formatReport(report: FrictionReport): string {
  const lines = [
    `Session ${report.sessionId}  (app ${report.appId})`,
    `Started ${report.startedAt.replace("T", " ").slice(0, 19)}  ·  ${
      formatDurationCompact(report.durationMs)
    }  ·  ` +
    `${report.stats.pageviews} page views, ${report.stats.clicks} clicks, ${report.stats.errors} errors`,
    `Pages: ${report.pages.join(" → ") || "(none)"}`,
    `Friction score: ${report.frictionScore}/100`,
    "",
  ];
  if (report.findings.length === 0) {
    lines.push("No friction found.");
  } else {
    lines.push(formatTable(
      ["TIME", "KIND", "SEVERITY", "TARGET", "EVIDENCE"],
      report.findings.map((f) => [
        formatOffset(f.startMs),
        f.kind,
        f.severity,
        f.target?.selector ?? "",
        f.evidence,
      ]),
    ));
  }
  lines.push("", report.summary);
  return lines.join("\n");
}
