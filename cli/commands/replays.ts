import { defineCommand } from "citty";
import { formatDurationCompact } from "../../shared/duration.ts";
import { JSON_ARG, parsePositiveInt, TARGET_ARGS } from "../args.ts";
import { callCollector, createCollectorClient } from "../client.ts";
import { formatTable, printJson, printLine } from "../output.ts";
import { requireReadKey, resolveTarget } from "../resolve.ts";

export default defineCommand({
  meta: { name: "replays", description: "List recorded sessions, newest first" },
  args: {
    limit: { type: "string", description: "How many sessions to list (1–200)", default: "20" },
    ...JSON_ARG,
    ...TARGET_ARGS,
  },
  async run({ args }) {
    const limit = parsePositiveInt("limit", args.limit, 20);
    const target = await resolveTarget({
      url: args.url,
      readKey: args["read-key"],
      dataDir: args["data-dir"],
    });
    const client = createCollectorClient(target.url, requireReadKey(target));
    const { replays } = await callCollector(
      target.url,
      "replays.list",
      () => client.replays.list.query({ limit }),
    );
    if (args.json) {
      printJson(replays);
      return;
    }
    if (replays.length === 0) {
      printLine(
        "No sessions yet. Add the SDK to a page (see `rerun quickstart` output) or run `rerun smoke`.",
      );
      return;
    }
    printLine(formatTable(
      ["SESSION", "APP", "STARTED", "DURATION", "EVENTS", "PAGES"],
      replays.map((r) => [
        r.sessionId,
        r.appId,
        r.startedAt.replace("T", " ").slice(0, 19),
        formatDurationCompact(r.durationMs),
        String(r.eventCount),
        r.pages[0] ? `${r.pageCount} (${r.pages[0]}${r.pageCount > 1 ? ", …" : ""})` : String(r.pageCount),
      ]),
    ));
  },
});
