import { describe, expect, it } from "vitest";
import type { RecordingDecision } from "../../sampling.ts";
import { fireTrigger, gateFor } from "./gate.ts";

const decision = (mode: RecordingDecision["mode"]): RecordingDecision => ({
  sessionId: "s",
  mode,
  onError: true,
});

describe("gateFor", () => {
  it("sends a recorded session once it is old enough, holding it before", () => {
    expect(gateFor(decision("record"), 0, 0)).toBe("record");
    expect(gateFor(decision("record"), 9_999, 10_000)).toBe("hold");
    expect(gateFor(decision("record"), 10_000, 10_000)).toBe("record");
  });

  it("buffers a session that waits for a trigger and drops one sampling left out, whatever its age", () => {
    expect(gateFor(decision("buffer"), 0, 10_000)).toBe("buffer");
    expect(gateFor(decision("sampled_out"), 60_000, 0)).toBe("drop");
  });
});

describe("fireTrigger", () => {
  it("records from now on, keeping why for the batch meta", () => {
    const fired = fireTrigger(decision("buffer"), "event:checkout");
    expect(fired).toEqual({ sessionId: "s", mode: "record", onError: true, trigger: "event:checkout" });
    expect(gateFor(fired, 0, 0)).toBe("record");
  });
});
