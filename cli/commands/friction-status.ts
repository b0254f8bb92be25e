/**
 * `rerun friction resolve FINGERPRINT [--release R]`, `ignore FINGERPRINT`, `reopen FINGERPRINT`: what a
 * team decided about an issue (admin key). Resolved in a release, an occurrence in a later one regresses it.
 */
import { type ArgsDef, defineCommand } from "citty";
import { JSON_ARG, TARGET_ARGS } from "../args.ts";
import { callCollector, createCollectorClient } from "../client.ts";
import { CliError } from "../errors.ts";
import { printJson, printLine } from "../output.ts";
import { resolveTarget } from "../resolve.ts";

const BASE_ARGS = {
  fingerprint: { type: "positional", description: "The issue's fingerprint (fp_…)", required: true },
  "admin-key": { type: "string", description: "Admin key (default: RERUN_ADMIN_KEY, then quickstart.json)" },
  ...JSON_ARG,
  ...TARGET_ARGS,
} as const satisfies ArgsDef;

async function setStatus(
  args: { fingerprint: string; "admin-key"?: string; url?: string; "data-dir"?: string; json?: boolean },
  status: "resolved" | "ignored" | "open",
  release: string | undefined,
): Promise<void> {
  const target = await resolveTarget({
    url: args.url,
    adminKey: args["admin-key"],
    dataDir: args["data-dir"],
  });
  if (!target.adminKey) {
    throw new CliError("not_configured", "no admin key: pass --admin-key or set RERUN_ADMIN_KEY");
  }
  const client = createCollectorClient(target.url, target.adminKey);
  const result = await callCollector(
    target.url,
    "friction.setStatus",
    () =>
      client.friction.setStatus.mutate({
        fingerprint: args.fingerprint,
        status,
        ...(release !== undefined ? { release } : {}),
      }),
  );
  if (args.json) printJson(result);
  else printLine(`${result.fingerprint}: ${result.status}`);
}

export const resolveCommand = defineCommand({
  meta: { name: "resolve", description: "Mark an issue resolved (in a release: a later one regresses it)" },
  args: {
    ...BASE_ARGS,
    release: { type: "string", description: "The release that fixed it" },
  },
  run: ({ args }) => setStatus(args, "resolved", args.release),
});

export const ignoreCommand = defineCommand({
  meta: { name: "ignore", description: "Hide an issue from `new` and `regressed` alerts" },
  args: BASE_ARGS,
  run: ({ args }) => setStatus(args, "ignored", undefined),
});

export const reopenCommand = defineCommand({
  meta: { name: "reopen", description: "Undo resolve or ignore" },
  args: BASE_ARGS,
  run: ({ args }) => setStatus(args, "open", undefined),
});
