import { defineCommand } from "citty";
import { CliError } from "../errors.ts";
import { note, printLine } from "../output.ts";
import { isAlive, isCollectorProcess, waitForExit } from "../process-control.ts";
import { readState, writeState } from "../state.ts";

/** Grace period for the collector to finish in-flight batches before it is killed. */
const STOP_GRACE_MS = 10_000;

export default defineCommand({
  meta: { name: "stop", description: "Stop the collector started by `rerun quickstart`" },
  args: {
    "data-dir": { type: "string", description: "The quickstart data directory", default: ".rerun" },
  },
  async run({ args }) {
    const dataDir = args["data-dir"];
    const state = await readState(dataDir).catch((error: Error) => {
      throw new CliError("not_configured", error.message);
    });
    if (!state || state.pid <= 0 || !isAlive(state.pid)) {
      printLine(`No collector is running for ${dataDir}.`);
      if (state && state.pid > 0) await writeState(dataDir, { ...state, pid: 0 });
      return;
    }
    if (!isCollectorProcess(state.pid)) {
      note(`pid ${state.pid} is no longer rerun's collector; leaving it alone.`);
      await writeState(dataDir, { ...state, pid: 0 });
      return;
    }
    process.kill(state.pid, "SIGTERM");
    if (!(await waitForExit(state.pid, STOP_GRACE_MS))) {
      note(`collector (pid ${state.pid}) did not stop within ${STOP_GRACE_MS / 1000}s; killing it`);
      process.kill(state.pid, "SIGKILL");
      await waitForExit(state.pid, 2_000);
    }
    // Keys stay in the state file so the next quickstart reuses them and SDK snippets keep working.
    await writeState(dataDir, { ...state, pid: 0 });
    printLine(`Stopped the collector (pid ${state.pid}).`);
  },
});
