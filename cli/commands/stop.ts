import { defineCommand } from "citty";
import { stopLocalCollector } from "../local-collector.ts";
import { note, printLine } from "../output.ts";

export default defineCommand({
  meta: { name: "stop", description: "Stop the collector started by `rerun quickstart`" },
  args: {
    "data-dir": { type: "string", description: "The quickstart data directory", default: ".rerun" },
  },
  async run({ args }) {
    const result = await stopLocalCollector(args["data-dir"]);
    switch (result.kind) {
      case "not_running":
        printLine(`No collector is running for ${args["data-dir"]}.`);
        return;
      case "not_ours":
        note(`pid ${result.pid} is no longer rerun's collector; leaving it alone.`);
        return;
      case "stopped":
        if (result.killed) note(`the collector (pid ${result.pid}) did not stop in time and was killed`);
        printLine(`Stopped the collector (pid ${result.pid}).`);
        return;
      default: {
        const unreachable: never = result;
        throw new Error(`unexpected stop result ${JSON.stringify(unreachable)}`);
      }
    }
  },
});
