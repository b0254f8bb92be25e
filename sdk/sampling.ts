/**
 * Which consented sessions are recorded (SPEC §2). The decision is made once per session, when consent is
 * granted, and kept in `sessionStorage` beside the session, so a reload neither re-rolls nor loses it.
 *
 * - A session picked by `sessionRate` is recorded whole (`record`).
 * - Otherwise, when `onErrorRate` picks it or triggers are configured, it `buffer`s the last 60 s in memory
 *   and sends nothing until a trigger fires (a JS error only when `onErrorRate` picked it).
 * - Otherwise it is `sampled_out`: the recorder is never loaded and nothing is sent.
 *
 * The draws are derived from the session id, so the decision is a pure function of its inputs and a
 * test can check the rates statistically with seeded ids.
 */
import type { ResolvedOptions } from "./options.ts";

/** The decision for one session; a buffered session that fired becomes `record` with its trigger. */
export type RecordingDecision = {
  sessionId: string;
  mode: "record" | "buffer" | "sampled_out";
  /** Whether a JS error starts sending (the session was picked by `onErrorRate`). */
  onError: boolean;
  /** Why a buffered session started sending; travels as `meta.trigger`. */
  trigger?: string;
};

/** Returns a number in [0, 1) from `seed` and `salt`: FNV-1a, then a murmur3 finaliser to spread the bits. */
export function seededUnit(seed: string, salt: string): number {
  let h = 0x811c9dc5;
  const text = `${salt}:${seed}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4_294_967_296;
}

/** Decides how the session `sessionId` is recorded; pure. */
export function decideRecording(
  sessionId: string,
  opts: Pick<ResolvedOptions, "sampling" | "triggers">,
): RecordingDecision {
  if (seededUnit(sessionId, "session") < opts.sampling.sessionRate) {
    return { sessionId, mode: "record", onError: false };
  }
  const onError = seededUnit(sessionId, "error") < opts.sampling.onErrorRate;
  const hasTriggers = opts.triggers.urls.length > 0 || opts.triggers.events.length > 0;
  return { sessionId, mode: onError || hasTriggers ? "buffer" : "sampled_out", onError };
}

/** Reads the kept decision for `sessionId`; `null` when there is none (or it belongs to another session). */
export function readDecision(
  storage: Pick<Storage, "getItem"> | null,
  key: string,
  sessionId: string,
): RecordingDecision | null {
  try {
    const value = JSON.parse(storage?.getItem(key) ?? "null") as RecordingDecision | null;
    const modes = ["record", "buffer", "sampled_out"];
    return value && value.sessionId === sessionId && modes.includes(value.mode) ? value : null;
  } catch {
    return null;
  }
}

/** Keeps `decision` for the tab; storage failures leave it for this page only. */
export function writeDecision(
  storage: Pick<Storage, "setItem"> | null,
  key: string,
  decision: RecordingDecision,
): void {
  try {
    storage?.setItem(key, JSON.stringify(decision));
  } catch {
    // Private mode or a full quota: the decision then holds for this page only.
  }
}
