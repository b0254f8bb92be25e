// The fetch patch in Node, whose `fetch` is the browser's shape: what a request of the page becomes, and
// what never does (the XHR patch is driven in Chromium, `tests/browser/sdk-network.test.ts`).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { NetworkPayload } from "../../../shared/events.ts";
import { createSafeCallback } from "../../safe-callback.ts";
import { createNetworkCapture } from "./network-capture.ts";
import type { ExchangeRecording } from "./network-exchange.ts";
import { patchFetch } from "./network-fetch.ts";

const recorded: NetworkPayload[] = [];
const recording = (): ExchangeRecording => ({
  record: (payload) => void recorded.push(payload),
  ingestBaseUrl: "http://127.0.0.1:9",
  capture: createNetworkCapture({
    recordHeaders: { request: true, response: true },
    recordBody: ["application/json"],
    bodyMaxBytes: 20,
    allowPaths: [],
    denyPaths: [],
    rules: [],
  }),
  safe: createSafeCallback(() => undefined),
  network: { urlDenyList: ["/health"], bodyMaxBytes: 20 },
});

describe("patchFetch", () => {
  beforeEach(() => {
    recorded.length = 0;
    vi.stubGlobal("location", { href: "https://shop.example/cart" });
  });
  afterEach(() => vi.unstubAllGlobals());

  it("records method, stripped URL, status and capped bodies, and restores fetch", async () => {
    const answer = vi.fn(() =>
      Promise.resolve(
        new Response('{"order":"12345678901234567890"}', {
          status: 201,
          headers: { "content-type": "application/json" },
        }),
      )
    );
    vi.stubGlobal("fetch", answer);
    const restore = patchFetch(recording())!;
    const response = await fetch("/api/orders?token=secret", {
      method: "post",
      headers: { "content-type": "application/json", authorization: "Bearer x" },
      body: '{"qty":1}',
    });
    expect(response.status).toBe(201);
    await vi.waitFor(() => expect(recorded).toHaveLength(1));
    expect(recorded[0]).toMatchObject({
      method: "POST",
      url: "https://shop.example/api/orders",
      status: 201,
      initiator: "fetch",
      requestBytes: 9,
      requestBody: '{"qty":1}',
      responseBody: '{"order":"1234567890',
    });
    expect(recorded[0]!.requestHeaders).toEqual({ "content-type": "application/json" });
    restore();
    expect(globalThis.fetch).toBe(answer);
  });

  it("records a failed request as status 0 and rethrows, and skips the collector and denied URLs", async () => {
    vi.stubGlobal(
      "fetch",
      (input: string) =>
        input.includes("down")
          ? Promise.reject(new TypeError("Failed to fetch"))
          : Promise.resolve(new Response("")),
    );
    const restore = patchFetch(recording())!;
    await expect(fetch("https://api.example/down")).rejects.toThrow("Failed to fetch");
    await fetch("http://127.0.0.1:9/trpc/ingest.batch");
    await fetch("https://api.example/health");
    expect(recorded.map((p) => [p.url, p.status])).toEqual([["https://api.example/down", 0]]);
    restore();
  });
});
