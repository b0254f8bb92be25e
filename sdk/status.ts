/**
 * Recording status (SPEC §2): one immutable object per change, so React's `useSyncExternalStore` and
 * `onStatusChange` listeners can compare by identity.
 */
import type { ConsentValue } from "./consent.ts";

/** Where recording stands and why. */
export type RecordingStatus = {
  consent: ConsentValue;
  state: "idle" | "buffering" | "recording" | "sampled_out" | "stopped" | "failed";
  /** A code: consent_deferred, consent_denied, recorder_loading, recording, opted_out, stopped, … */
  reason: string;
  sessionId: string | null;
  queuedBatches: number;
  droppedBatches: number;
  lastSentAt: number | null;
  lastError: { code: string; message: string; status?: number; at: number } | null;
};

/** One line per reason for `debug: true`: what to do about it. */
const HINTS: Record<string, string> = {
  consent_deferred: "call optIn() or setConsent(true) once the user agrees",
  consent_denied: "nothing is recorded; call optIn() if the user changes their mind",
  recorder_loading: "loading the recorder after consent",
  recording: "events are batched and sent to the collector",
  opted_out: "unsent data was dropped; nothing more is sent",
  stopped: "stop() was called; call init() again to record",
  recorder_load_failed: "check that the recorder chunk is served next to the SDK",
  ingest_refused: "check publicKey, appId and the collector's CORS_ORIGINS",
  collector_unreachable: "batches are kept and retried with backoff",
  invalid_options: "fix the options passed to init()",
  unsupported_browser: "this environment has no DOM; nothing is recorded",
};

/** Formats a status as the one console line `debug: true` prints. */
export function describeStatus(status: RecordingStatus): string {
  const hint = HINTS[status.reason] ?? "";
  return `[rerun] ${status.state} (${status.reason})${hint ? `: ${hint}` : ""}`;
}

/** Holds the current status and notifies listeners when a change really changes something. */
export type StatusStore = {
  get(): RecordingStatus;
  update(patch: Partial<RecordingStatus>): void;
  subscribe(listener: (status: RecordingStatus) => void): () => void;
};

/** Creates the store; `notify` errors are the caller's to guard. */
export function createStatusStore(initial: RecordingStatus, notify: (listener: (s: RecordingStatus) => void, s: RecordingStatus) => void): StatusStore {
  let current = initial;
  const listeners = new Set<(status: RecordingStatus) => void>();
  return {
    get: () => current,
    update(patch) {
      const next = { ...current, ...patch };
      const keys = Object.keys(patch) as Array<keyof RecordingStatus>;
      if (keys.every((k) => Object.is(current[k], next[k]))) return;
      current = next;
      for (const listener of [...listeners]) notify(listener, current);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
