import { describe, expect, it } from "vitest";
import {
  bodySize,
  bodyText,
  contentLength,
  isDeniedUrl,
  requestContentType,
  toPayload,
} from "./network-exchange.ts";

describe("isDeniedUrl", () => {
  const deny = { ingestBaseUrl: "https://rerun.example", network: { urlDenyList: ["/health", /\/admin\//] } };

  it("skips the collector's own requests and the listed URLs", () => {
    expect(isDeniedUrl("https://rerun.example/trpc/ingest.batch", deny)).toBe(true);
    expect(isDeniedUrl("https://shop.example/health", deny)).toBe(true);
    expect(isDeniedUrl("https://shop.example/admin/users", deny)).toBe(true);
    expect(isDeniedUrl("https://shop.example/cart", deny)).toBe(false);
  });
});

describe("request bodies", () => {
  it("measures what can be measured and reads only text", () => {
    expect([bodySize("abc"), bodySize(new Blob(["abcd"])), bodySize(new Uint8Array(5)), bodySize({})])
      .toEqual([
        3,
        4,
        5,
        undefined,
      ]);
    expect([bodyText("a=1"), bodyText(new URLSearchParams({ a: "1" })), bodyText(new Blob(["x"]))]).toEqual([
      "a=1",
      "a=1",
      null,
    ]);
  });

  it("takes the content type from the header, else from what fetch would send", () => {
    expect(requestContentType(new Headers({ "content-type": "application/json" }), "{}")).toBe(
      "application/json",
    );
    expect(requestContentType(new Headers(), "text")).toBe("text/plain");
    expect(requestContentType(new Headers(), new URLSearchParams())).toBe(
      "application/x-www-form-urlencoded",
    );
    expect(requestContentType(new Headers(), null)).toBeNull();
  });
});

describe("toPayload", () => {
  it("keeps only what is known", () => {
    const start = performance.now();
    const payload = toPayload(
      { url: "https://a.example/x", method: "GET", requestBytes: undefined, startMs: 1, start },
      404,
      contentLength("12"),
      "xhr",
    );
    expect(payload).toMatchObject({
      method: "GET",
      url: "https://a.example/x",
      status: 404,
      startMs: 1,
      responseBytes: 12,
      initiator: "xhr",
    });
    expect(Object.keys(payload)).not.toContain("requestBytes");
    expect(contentLength("-1")).toBeUndefined();
  });
});
