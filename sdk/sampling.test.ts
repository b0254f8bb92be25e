import { describe, expect, it } from "vitest";
import { resolveOptions } from "./options.ts";
import { decideRecording, readDecision, writeDecision } from "./sampling.ts";

const base = { appId: "app_test1", publicKey: "pk_test", ingestBaseUrl: "https://rerun.example" };
const ids = Array.from({ length: 10_000 }, (_, i) => `session_${i.toString(36).padStart(6, "0")}`);
const share = (opts: Parameters<typeof resolveOptions>[0], mode: string) =>
  ids.filter((id) => decideRecording(id, resolveOptions(opts)).mode === mode).length / ids.length;

describe("decideRecording", () => {
  it("records about sessionRate of sessions whole (10,000 seeded draws, ±3 %)", () => {
    expect(Math.abs(share({ ...base, sampling: { sessionRate: 0.3 } }, "record") - 0.3)).toBeLessThan(0.03);
    expect(Math.abs(share({ ...base, sampling: { sessionRate: 0.75 } }, "record") - 0.75)).toBeLessThan(0.03);
  });

  it("buffers about onErrorRate of the sessions sessionRate left out", () => {
    const opts = { ...base, sampling: { sessionRate: 0.5, onErrorRate: 0.2 } };
    expect(Math.abs(share(opts, "buffer") - 0.5 * 0.2)).toBeLessThan(0.03);
    expect(Math.abs(share(opts, "sampled_out") - 0.5 * 0.8)).toBeLessThan(0.03);
  });

  it("records every session by default and none at rate 0", () => {
    expect(share(base, "record")).toBe(1);
    expect(share({ ...base, sampling: { sessionRate: 0 } }, "sampled_out")).toBe(1);
  });

  it("buffers every unsampled session when triggers are configured, without an error trigger", () => {
    const decision = decideRecording(
      "session_x1",
      resolveOptions({ ...base, sampling: { sessionRate: 0 }, triggers: { events: ["checkout_failed"] } }),
    );
    expect(decision).toEqual({ sessionId: "session_x1", mode: "buffer", onError: false });
  });

  it("gives the same answer for the same session", () => {
    const opts = resolveOptions({ ...base, sampling: { sessionRate: 0.5 } });
    for (const id of ids.slice(0, 100)) expect(decideRecording(id, opts)).toEqual(decideRecording(id, opts));
  });
});

describe("readDecision", () => {
  it("returns the kept decision of the same session only", () => {
    const map = new Map<string, string>();
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
    };
    writeDecision(storage, "k", { sessionId: "session_a1", mode: "record", onError: true, trigger: "error" });
    expect(readDecision(storage, "k", "session_a1")).toEqual({
      sessionId: "session_a1",
      mode: "record",
      onError: true,
      trigger: "error",
    });
    expect(readDecision(storage, "k", "session_b2")).toBeNull();
    map.set("k", "{not json");
    expect(readDecision(storage, "k", "session_a1")).toBeNull();
  });
});
