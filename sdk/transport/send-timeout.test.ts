import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendBatch } from "./send.ts";

/** A server that reads each request and never answers: a collector or proxy holding it (issue 28). */
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req) => req.resume());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc/ingest.batch`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("sendBatch", () => {
  it("gives up on a request held without an answer and asks for a retry", async () => {
    const outcome = await sendBatch("{}", {
      url,
      publicKey: "public_key_0000000000",
      now: Date.now,
      timeoutMs: 300,
    });
    expect(outcome).toMatchObject({
      kind: "retry",
      retryAfterMs: null,
      message: expect.stringMatching(/no answer within 0.3 s/),
    });
  });
});
