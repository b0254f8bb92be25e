/**
 * `rerun smoke`: proves the whole pipeline on this machine. Uses the running quickstart collector (or starts
 * one), sends a synthetic session through the real ingest route, and checks that it is listed and analysed
 * with the findings it was built to contain. Prints each step; exits non-zero at the first failure.
 */
import { randomBytes } from "node:crypto";
import { defineCommand } from "citty";
import { callCollector, createCollectorClient } from "../client.ts";
import { CliError } from "../errors.ts";
import { ensureLocalCollector, stopLocalCollector } from "../local-collector.ts";
import { printLine } from "../output.ts";
import { buildSmokeBatches, SMOKE_EXPECTED_KINDS } from "../smoke/synthetic-session.ts";

export default defineCommand({
  meta: {
    name: "smoke",
    description: "Send a synthetic session through the real pipeline and check its report",
  },
  args: {
    "stop-after": { type: "boolean", description: "Stop the collector when done", default: false },
    "data-dir": { type: "string", description: "The quickstart data directory", default: ".rerun" },
    port: { type: "string", description: "Port when a collector has to be started", default: "8787" },
    "server-dir": {
      type: "string",
      description: "Run a collector it starts from this rerun source checkout (after `npm install` there)",
    },
  },
  async run({ args }) {
    const step = (line: string) => printLine(`✓ ${line}`);
    const { state, reused } = await ensureLocalCollector({
      dataDir: args["data-dir"],
      port: Number(args.port),
      host: "127.0.0.1",
      corsOrigins: [],
      keys: {},
      serverDir: args["server-dir"],
    });
    step(`collector ${reused ? "running" : "started"} at ${state.ingestBaseUrl} (pid ${state.pid})`);

    try {
      const url = state.ingestBaseUrl;
      const ingest = createCollectorClient(url, state.publicKey);
      const read = createCollectorClient(url, state.readKey);
      const sessionId = `smoke_${randomBytes(12).toString("base64url")}`;
      const batches = buildSmokeBatches({
        appId: "rerun-smoke",
        sessionId,
        windowId: `win_${randomBytes(9).toString("base64url")}`,
        startMs: Date.now() - 30_000,
      });
      for (const batch of batches) {
        const ack = await callCollector(url, "ingest.batch", () => ingest.ingest.batch.mutate(batch));
        if (!ack.accepted) throw new CliError("check_failed", `batch ${batch.sequence} was not accepted`);
      }
      const events = batches.reduce((n, b) => n + b.events.length, 0);
      step(`ingested ${batches.length} batches (${events} events) as session ${sessionId}`);

      const { replays } = await callCollector(
        url,
        "replays.list",
        () => read.replays.list.query({ limit: 50 }),
      );
      const listed = replays.find((r) => r.sessionId === sessionId);
      if (!listed) throw new CliError("check_failed", `session ${sessionId} is missing from replays.list`);
      if (listed.eventCount !== events) {
        throw new CliError(
          "check_failed",
          `replays.list counts ${listed.eventCount} events, expected ${events}`,
        );
      }
      step(`listed with ${listed.eventCount} events over ${listed.durationMs} ms`);

      const report = await callCollector(
        url,
        "replays.analyze",
        () => read.replays.analyze.query({ sessionId }),
      );
      const found = new Set(report.findings.map((f) => f.kind));
      const missing = SMOKE_EXPECTED_KINDS.filter((k) => !found.has(k));
      if (missing.length > 0) {
        throw new CliError(
          "check_failed",
          `analysis missed ${missing.join(", ")} (found: ${[...found].join(", ") || "none"})`,
        );
      }
      step(`analysed: friction score ${report.frictionScore}, findings ${[...found].join(", ")}`);
      printLine("smoke passed");
    } finally {
      if (args["stop-after"]) {
        const stopped = await stopLocalCollector(args["data-dir"]);
        if (stopped.kind === "stopped") step(`stopped the collector (pid ${stopped.pid})`);
      }
    }
  },
});
