/**
 * `rerun quickstart`: the collector on this machine in one command. Starts it in the background (see
 * local-collector.ts), waits until it answers `/health`, and prints URL, keys and an SDK snippet.
 */
import { defineCommand } from "citty";
import { JSON_ARG, repeatedFlag } from "../args.ts";
import { CliError } from "../errors.ts";
import { ensureLocalCollector } from "../local-collector.ts";
import { note, printJson, printLine } from "../output.ts";
import type { QuickstartState } from "../state.ts";

export default defineCommand({
  meta: {
    name: "quickstart",
    description: "Start a local collector (embedded libSQL + blob folder) and print keys",
  },
  args: {
    port: { type: "string", description: "Port to listen on (0 picks a free one)", default: "8787" },
    host: { type: "string", description: "Address to listen on", default: "127.0.0.1" },
    "data-dir": {
      type: "string",
      description: "Folder for the database, blobs and quickstart.json",
      default: ".rerun",
    },
    "cors-origin": {
      type: "string",
      description: "Another browser origin allowed to send sessions, added to the defaults (localhost and " +
        "127.0.0.1 on 5173 and 3000); repeatable",
    },
    "server-dir": {
      type: "string",
      description: "Run the collector from this rerun source checkout (after `npm install` there)",
    },
    "public-key": { type: "string", description: "SDK ingest key (default: generated)" },
    "read-key": { type: "string", description: "Read key (default: generated)" },
    "admin-key": { type: "string", description: "Admin key (default: generated)" },
    ...JSON_ARG,
  },
  async run({ args, rawArgs }) {
    const port = Number(args.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new CliError("usage", `--port must be an integer from 0 to 65535, got "${args.port}"`);
    }
    const { state, reused } = await ensureLocalCollector({
      dataDir: args["data-dir"],
      port,
      host: args.host,
      corsOrigins: repeatedFlag(rawArgs, "cors-origin"),
      serverDir: args["server-dir"],
      keys: { publicKey: args["public-key"], readKey: args["read-key"], adminKey: args["admin-key"] },
    });
    if (reused) {
      note(`rerun: a collector is already running for ${state.dataDir} (pid ${state.pid}); reusing it`);
    }
    report(state, args.json);
  },
});

function report(state: QuickstartState, json: boolean): void {
  if (json) {
    const { ingestBaseUrl, publicKey, readKey, adminKey, pid } = state;
    printJson({ ingestBaseUrl, publicKey, readKey, adminKey, pid });
    return;
  }
  printLine(`rerun collector is running (pid ${state.pid}); data in ${state.dataDir}

  ingestBaseUrl  ${state.ingestBaseUrl}
  publicKey      ${state.publicKey}
  readKey        ${state.readKey}
  adminKey       ${state.adminKey}

Add the SDK to your app:

  import { init } from "@mimeticinc/rerun";
  const replay = init({
    appId: "my-app",
    publicKey: "${state.publicKey}",
    ingestBaseUrl: "${state.ingestBaseUrl}",
  });
  // after your consent banner says yes:
  replay.optIn({ source: "cookie-banner", version: "1" });

Then: \`rerun replays\` lists sessions, \`rerun analyze --latest\` reports friction, \`rerun stop\` stops the collector.`);
}
