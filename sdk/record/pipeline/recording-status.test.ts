import { describe, expect, it } from "vitest";
import { SdkError } from "../../errors.ts";
import type { TransportSnapshot } from "../../transport/transport.ts";
import { gateStatus, transportStatus } from "./recording-status.ts";

describe("gateStatus", () => {
  it("names each gate's state and reason, and a recording session whose collector does not answer", () => {
    expect(gateStatus("record", "ok")).toEqual({ state: "recording", reason: "recording" });
    expect(gateStatus("record", "retrying")).toEqual({ state: "recording", reason: "collector_unreachable" });
    expect(gateStatus("buffer", "retrying")).toEqual({ state: "buffering", reason: "waiting_for_trigger" });
    expect(gateStatus("hold", "ok")).toEqual({ state: "buffering", reason: "below_min_duration" });
    expect(gateStatus("drop", "ok")).toEqual({ state: "sampled_out", reason: "sampled_out" });
  });
});

describe("transportStatus", () => {
  const snap = (extra: Partial<TransportSnapshot>): TransportSnapshot => ({
    queuedBatches: 2,
    droppedBatches: 1,
    lastSentAt: 500,
    lastError: null,
    health: "ok",
    ...extra,
  });
  const shown = { code: "collector_unreachable", message: "down", at: 100 };

  it("copies the counters, and no error when there is none", () => {
    expect(transportStatus(snap({}), null, 1_000)).toEqual({
      queuedBatches: 2,
      droppedBatches: 1,
      lastSentAt: 500,
    });
  });

  it("shows a new error, and the same one again only while the transport is unhealthy", () => {
    const down = new SdkError("collector_unreachable", "down", 503);
    expect(transportStatus(snap({ lastError: down, health: "retrying" }), shown, 1_000).lastError).toEqual({
      code: "collector_unreachable",
      message: "down",
      at: 1_000,
      status: 503,
    });
    expect(transportStatus(snap({ lastError: down, health: "ok" }), shown, 1_000).lastError).toBeUndefined();
    const refused = new SdkError("ingest_refused", "refused");
    expect(transportStatus(snap({ lastError: refused }), shown, 2_000).lastError).toEqual({
      code: "ingest_refused",
      message: "refused",
      at: 2_000,
    });
  });
});
