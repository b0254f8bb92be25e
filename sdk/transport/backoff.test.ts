import { describe, expect, it } from "vitest";
import { classifyResponse, computeRetryDelay, parseRetryAfter, RETRY_MAX_MS } from "./backoff.ts";

describe("parseRetryAfter", () => {
  it("reads delay seconds", () => {
    expect(parseRetryAfter("120", 0)).toBe(120_000);
  });
  it("reads an HTTP date relative to now", () => {
    const now = Date.parse("Tue, 05 May 2026 10:00:00 GMT");
    expect(parseRetryAfter("Tue, 05 May 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Tue, 05 May 2026 09:00:00 GMT", now)).toBe(0);
  });
  it("returns null for a missing or unparsable header", () => {
    expect(parseRetryAfter(null, 0)).toBeNull();
    expect(parseRetryAfter("soon", 0)).toBeNull();
  });
});

describe("computeRetryDelay", () => {
  it("doubles the step per attempt with half of it jittered", () => {
    expect(computeRetryDelay({ attempt: 0, random: () => 0 })).toBe(500);
    expect(computeRetryDelay({ attempt: 0, random: () => 1 })).toBe(1_000);
    expect(computeRetryDelay({ attempt: 3, random: () => 0 })).toBe(4_000);
    expect(computeRetryDelay({ attempt: 3, random: () => 0.5 })).toBe(6_000);
  });
  it("never exceeds the ceiling", () => {
    expect(computeRetryDelay({ attempt: 60, random: () => 1 })).toBe(RETRY_MAX_MS);
    expect(computeRetryDelay({ attempt: 0, retryAfterMs: 86_400_000 })).toBe(RETRY_MAX_MS);
  });
  it("prefers the server's Retry-After", () => {
    expect(computeRetryDelay({ attempt: 5, retryAfterMs: 2_000, random: () => 1 })).toBe(2_000);
  });
});

describe("classifyResponse", () => {
  it("retries 408, 429 and 5xx and refuses other 4xx", () => {
    expect(classifyResponse(200, null).kind).toBe("sent");
    expect(classifyResponse(429, 1_000)).toMatchObject({ kind: "retry", status: 429, retryAfterMs: 1_000 });
    expect(classifyResponse(503, null).kind).toBe("retry");
    expect(classifyResponse(408, null).kind).toBe("retry");
    expect(classifyResponse(401, null)).toMatchObject({ kind: "refused", status: 401 });
    expect(classifyResponse(413, null).kind).toBe("refused");
  });
});
