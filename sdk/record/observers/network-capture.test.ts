import { describe, expect, it } from "vitest";
import { createNetworkCapture } from "./network-capture.ts";

const capture = (recordHeaders: { request: boolean; response: boolean }) =>
  createNetworkCapture({
    recordHeaders,
    recordBody: [],
    bodyMaxBytes: 1_000,
    allowPaths: [],
    denyPaths: [],
    rules: [],
  });

describe("createNetworkCapture headers", () => {
  const entries = (): Array<[string, string]> => [["Content-Type", "application/json"], ["Cookie", "sid=1"]];

  it("records only the sides asked for, never credentials", () => {
    const requestOnly = capture({ request: true, response: false });
    expect(requestOnly.headers("request", entries())).toEqual({ "content-type": "application/json" });
    expect(requestOnly.headers("response", entries())).toBeUndefined();
    const responseOnly = capture({ request: false, response: true });
    expect(responseOnly.headers("request", entries())).toBeUndefined();
    expect(responseOnly.headers("response", entries())).toEqual({ "content-type": "application/json" });
  });
});
