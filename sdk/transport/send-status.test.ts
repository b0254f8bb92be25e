import { describe, expect, it } from "vitest";
import type { SendOutcome } from "./backoff.ts";
import { reduceHealth, sendError } from "./send-status.ts";

const sent: SendOutcome = { kind: "sent" };
const retry: SendOutcome = {
  kind: "retry",
  status: 503,
  retryAfterMs: null,
  message: "collector answered 503",
};
const refused = (status: number): SendOutcome => ({
  kind: "refused",
  status,
  message: `collector refused the batch with ${status}`,
});

describe("reduceHealth", () => {
  it("recovers on a batch that arrived and retries on a failure to retry", () => {
    expect(reduceHealth("retrying", sent)).toBe("ok");
    expect(reduceHealth("ok", retry)).toBe("retrying");
  });

  it("is refused for good only when the key or the origin is refused", () => {
    expect(reduceHealth("ok", refused(401))).toBe("refused");
    expect(reduceHealth("retrying", refused(403))).toBe("refused");
    expect(reduceHealth("ok", refused(413))).toBe("ok");
    expect(reduceHealth("retrying", refused(400))).toBe("retrying");
  });
});

describe("sendError", () => {
  const url = "http://127.0.0.1:1/trpc/ingest.batch";

  it("names the request, what happened and the status", () => {
    expect(sendError(sent, url)).toBeNull();
    const unreachable = sendError(retry, url)!;
    expect([unreachable.code, unreachable.message, unreachable.status]).toEqual([
      "collector_unreachable",
      `[POST] ${url}: collector answered 503; retrying`,
      503,
    ]);
    const refusal = sendError(refused(401), url)!;
    expect([refusal.code, refusal.message, refusal.status]).toEqual([
      "ingest_refused",
      `[POST] ${url}: collector refused the batch with 401`,
      401,
    ]);
  });
});
