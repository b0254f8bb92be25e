import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit.ts";

describe("createRateLimiter", () => {
  it("allows the limit per window and client, then says when to retry", () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000 });
    expect(limiter.check("a", 0).kind).toBe("allowed");
    expect(limiter.check("a", 1).kind).toBe("allowed");
    expect(limiter.check("a", 30_000)).toEqual({ kind: "limited", retryAfterS: 30 });
    expect(limiter.check("b", 30_000).kind).toBe("allowed");
    expect(limiter.check("a", 60_000).kind).toBe("allowed");
  });
});
