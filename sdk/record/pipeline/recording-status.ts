/**
 * What the pipeline tells `RecordingStatus`: the gate as a state and reason, the transport's counters and
 * last error, and the debug lines for the reasons only the pipeline sets.
 */
import type { RecordingStatus } from "../../status.ts";
import type { Health } from "../../transport/send-status.ts";
import type { TransportSnapshot } from "../../transport/transport.ts";
import type { Gate } from "./gate.ts";

/** What `RecordingStatus` says for each gate while the collector answers. */
const GATE_STATUS: Record<Gate, Pick<RecordingStatus, "state" | "reason">> = {
  record: { state: "recording", reason: "recording" },
  buffer: { state: "buffering", reason: "waiting_for_trigger" },
  hold: { state: "buffering", reason: "below_min_duration" },
  drop: { state: "sampled_out", reason: "sampled_out" },
};

/** What `RecordingStatus` says for a gate and the transport's health. */
export function gateStatus(
  gate: Gate,
  health: Health,
): Pick<RecordingStatus, "state" | "reason"> {
  return gate === "record" && health === "retrying"
    ? { state: "recording", reason: "collector_unreachable" }
    : GATE_STATUS[gate];
}

/**
 * The status fields a transport change sets. `lastError` is replaced when the message is new, or while the
 * transport is unhealthy (so `at` says when it last failed).
 */
export function transportStatus(
  snap: TransportSnapshot,
  shown: RecordingStatus["lastError"],
  now: number,
): Partial<RecordingStatus> {
  const patch: Partial<RecordingStatus> = {
    queuedBatches: snap.queuedBatches,
    droppedBatches: snap.droppedBatches,
    lastSentAt: snap.lastSentAt,
  };
  const err = snap.lastError;
  if (err && (shown === null || shown.message !== err.message || snap.health !== "ok")) {
    patch.lastError = {
      code: err.code,
      message: err.message,
      at: now,
      ...(err.status ? { status: err.status } : {}),
    };
  }
  return patch;
}

/** Debug lines for the reasons only the pipeline sets (see `STATUS_MESSAGES` for the others). */
export const PIPELINE_STATUS_MESSAGES: Record<string, string> = {
  recording: "recording — events are sent to the collector; nothing to do",
  waiting_for_trigger:
    "buffering — the last 60 s stay in memory until a JS error, a trigger or replay.trigger(); nothing to do",
  below_min_duration: "buffering — the session is younger than sampling.minDurationMs; sent once old enough",
  collector_unreachable:
    "retrying — see lastError; is the collector up, and does its CORS_ORIGINS list this origin?",
  ingest_refused:
    "not recording — the collector refused the batches; check publicKey, appId, CORS_ORIGINS (see lastError)",
};
