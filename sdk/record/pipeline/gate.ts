/**
 * The sampling gate: where each event goes after consent (SPEC §2 "Which sessions are recorded").
 *
 * - `record`: straight to the transport.
 * - `buffer`: into the in-memory segment buffer (the last 60 s, a fresh full snapshot every 30 s so what is
 *   kept always replays); nothing is sent until a trigger fires and the decision becomes `record`.
 * - `hold`: the session is younger than `minDurationMs`; events wait (bounded) until it is old enough.
 * - `drop`: the session rotated into one that sampling left out.
 */
import type { RecordingDecision } from "../../sampling.ts";

/** Where events go now. */
export type Gate = "record" | "buffer" | "hold" | "drop";

/** How far back a buffering session keeps events (SPEC §2). */
export const BUFFER_WINDOW_MS = 60_000;
/** A new full snapshot this often while buffering, so trimming never leaves a buffer that cannot replay. */
export const BUFFER_CHECKOUT_MS = BUFFER_WINDOW_MS / 2;

/** The gate of a session with this decision, `ageMs` after it started. */
export function gateFor(decision: RecordingDecision, ageMs: number, minDurationMs: number): Gate {
  if (decision.mode === "sampled_out") return "drop";
  if (decision.mode === "buffer") return "buffer";
  return ageMs < minDurationMs ? "hold" : "record";
}

/** The decision once `reason` fired in a buffering session: recorded from now on, with its trigger. */
export function fireTrigger(decision: RecordingDecision, reason: string): RecordingDecision {
  return { ...decision, mode: "record", trigger: reason };
}
