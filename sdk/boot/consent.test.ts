import { describe, expect, it } from "vitest";
import { initialConsent, reduceConsent } from "./consent.ts";

describe("reduceConsent", () => {
  it("records source, version and time when consent is granted", () => {
    const state = reduceConsent(initialConsent("deferred", 0), {
      type: "grant",
      at: 42,
      source: "cookie-banner",
      version: "2026-05-05",
    });
    expect(state).toEqual({
      status: "granted",
      record: { source: "cookie-banner", version: "2026-05-05", at: 42 },
    });
  });
  it("moves from granted to denied on opt-out and back on a new grant", () => {
    const denied = reduceConsent({ status: "granted", record: { at: 1 } }, { type: "deny" });
    expect(denied).toEqual({ status: "denied" });
    expect(reduceConsent(denied, { type: "grant", at: 2 })).toEqual({ status: "granted", record: { at: 2 } });
  });
  it("bounds the consent fields to the wire limit", () => {
    const state = reduceConsent({ status: "deferred" }, { type: "grant", at: 1, source: "x".repeat(500) });
    expect(state.status === "granted" && state.record.source?.length).toBe(200);
  });
});

describe("initialConsent", () => {
  it("starts granted consent with an init record", () => {
    expect(initialConsent("granted", 7)).toEqual({ status: "granted", record: { source: "init", at: 7 } });
  });
});
