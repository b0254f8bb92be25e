/**
 * `rerun doctor`: answers "why is my session not there?" in one command. Prints ok or a failure with one
 * line of detail and one of fix per check; exits 1 when any check fails.
 */
import { defineCommand } from "citty";
import { JSON_ARG, repeatedFlag, TARGET_ARGS } from "../args.ts";
import { createCollectorClient } from "../client.ts";
import { runDoctor } from "../doctor/checks.ts";
import { printJson, printLine } from "../output.ts";
import { resolveTarget } from "../resolve.ts";

export default defineCommand({
  meta: {
    name: "doctor",
    description: "Check the collector, keys, CORS for your origins and recent refusals",
  },
  args: {
    origin: {
      type: "string",
      description: "Origin of a page that records sessions, e.g. https://app.example (repeatable)",
    },
    "public-key": {
      type: "string",
      description: "The SDK's public key (default: RERUN_PUBLIC_KEY, then quickstart.json)",
    },
    "admin-key": {
      type: "string",
      description: "Admin key, for recent refusals (default: RERUN_ADMIN_KEY, then quickstart.json)",
    },
    ...JSON_ARG,
    ...TARGET_ARGS,
  },
  async run({ args, rawArgs }) {
    const target = await resolveTarget({
      url: args.url,
      readKey: args["read-key"],
      adminKey: args["admin-key"],
      publicKey: args["public-key"],
      dataDir: args["data-dir"],
    });
    const client = (key: string | undefined) => (key ? createCollectorClient(target.url, key) : undefined);
    const report = await runDoctor({
      url: target.url,
      origins: repeatedFlag(rawArgs, "origin"),
      clients: {
        read: client(target.readKey),
        admin: client(target.adminKey),
        public: client(target.publicKey),
      },
    });
    if (args.json) {
      printJson(report);
    } else {
      for (const check of report.checks) {
        printLine(`${check.ok ? "ok  " : "FAIL"}  ${check.name}: ${check.detail}`);
        if (!check.ok && check.fix) printLine(`      fix: ${check.fix}`);
      }
      printLine(report.ok ? "\nAll checks passed." : "\nSome checks failed; see the fix lines above.");
    }
    if (!report.ok) process.exitCode = 1;
  },
});
