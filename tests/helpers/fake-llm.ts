/**
 * A local HTTP server that speaks the Anthropic Messages and OpenAI Chat Completions streaming wire formats
 * (server-sent events), so the LLM path runs through the official SDKs without reaching the internet. It
 * records every request so tests can assert on exactly what was sent.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedLlmRequest = {
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
  raw: string;
};

export type FakeLlm = {
  /** Base URL for `ANTHROPIC_BASE_URL` (the SDK appends /v1/messages). */
  anthropicBaseUrl: string;
  /** Base URL for `OPENAI_BASE_URL` (includes /v1, as the SDK expects). */
  openaiBaseUrl: string;
  requests: RecordedLlmRequest[];
  [Symbol.asyncDispose](): Promise<void>;
};

export async function startFakeLlm(
  replyParts: string[] = ["Users ", "struggled ", "at 00:05."],
): Promise<FakeLlm> {
  const requests: RecordedLlmRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: unknown = null;
    try {
      body = JSON.parse(raw);
    } catch { /* recorded raw */ }
    requests.push({ path: req.url ?? "", headers: req.headers, body, raw });
    const sse = (data: unknown, event?: string) =>
      (event ? `event: ${event}\n` : "") +
      `data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    if (req.url?.endsWith("/v1/messages")) {
      res.write(sse({
        type: "message_start",
        message: {
          id: "msg_test",
          type: "message",
          role: "assistant",
          model: "test",
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 10, output_tokens: 0 },
        },
      }, "message_start"));
      res.write(
        sse(
          { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
          "content_block_start",
        ),
      );
      for (const text of replyParts) {
        res.write(
          sse(
            { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } },
            "content_block_delta",
          ),
        );
      }
      res.write(sse({ type: "content_block_stop", index: 0 }, "content_block_stop"));
      res.write(
        sse({
          type: "message_delta",
          delta: { stop_reason: "end_turn", stop_sequence: null },
          usage: { output_tokens: 5 },
        }, "message_delta"),
      );
      res.write(sse({ type: "message_stop" }, "message_stop"));
    } else if (req.url?.endsWith("/chat/completions")) {
      const base = { id: "chatcmpl-test", object: "chat.completion.chunk", created: 1, model: "test" };
      res.write(
        sse({
          ...base,
          choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
        }),
      );
      for (const content of replyParts) {
        res.write(sse({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] }));
      }
      res.write(sse({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }));
      res.write(sse("[DONE]"));
    } else {
      res.writeHead(404).end();
      return;
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    anthropicBaseUrl: `http://127.0.0.1:${port}`,
    openaiBaseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
