/**
 * Recording status (SPEC §2): one immutable object per change, so React's `useSyncExternalStore` and
 * `onStatusChange` listeners can compare by identity.
 */
import type { ConsentValue } from "./boot/consent.ts";
import type { SdkError } from "./errors.ts";

/** Where recording stands and why. */
export type RecordingStatus = {
  consent: ConsentValue;
  state: "idle" | "buffering" | "recording" | "sampled_out" | "stopped" | "failed";
  /**
   * A code: consent_deferred, consent_denied, recorder_loading, sampled_out, waiting_for_trigger,
   * below_min_duration, recording, opted_out, stopped, recorder_load_failed, ingest_refused,
   * collector_unreachable, unsupported_browser, invalid_options.
   */
  reason: string;
  sessionId: string | null;
  queuedBatches: number;
  droppedBatches: number;
  lastSentAt: number | null;
  lastError: { code: string; message: string; status?: number; at: number } | null;
};

/** Before anything happened: consent deferred, nothing recorded. */
export const INITIAL_STATUS: RecordingStatus = {
  consent: "deferred",
  state: "idle",
  reason: "consent_deferred",
  sessionId: null,
  queuedBatches: 0,
  droppedBatches: 0,
  lastSentAt: null,
  lastError: null,
};

/** `lastError` for an SDK error that happens now. */
export function toLastError(error: SdkError): RecordingStatus["lastError"] {
  return {
    code: error.code,
    message: error.message,
    at: Date.now(),
    ...(error.status ? { status: error.status } : {}),
  };
}

/**
 * `debug: true` lines for the reasons the pre-consent part sets: what, why, what to do. The lazily loaded
 * part adds the lines for the reasons only it sets, so their text costs nothing before consent.
 */
export const STATUS_MESSAGES: Record<string, string> = {
  consent_deferred:
    "not recording — consent is deferred; call replay.optIn() after your banner grants consent",
  consent_denied: "not recording — consent is denied; call replay.optIn() if the user agrees later",
  recorder_loading: "starting — consent is granted; loading the recorder",
  sampled_out:
    "not recording — sampling left this session out; raise sampling.sessionRate or add triggers to record more",
  recorder_load_failed:
    "not recording — the recorder did not load; serve rerun.recorder.global.js beside the SDK (or set recorderUrl) and allow it in your CSP",
  invalid_options: "not recording — init() options are invalid; fix the option lastError names",
  unsupported_browser: "not recording — this environment has no DOM or MutationObserver; nothing to do",
  opted_out: "stopped — the user opted out; unsent data was dropped and nothing more is sent",
  stopped: "stopped — replay.stop() was called; call init() again to record",
};

/** Formats a status as the one console line `debug: true` prints. */
export function describeStatus(status: RecordingStatus, messages: Record<string, string>): string {
  return `rerun: ${messages[status.reason] ?? `${status.state} (${status.reason})`}`;
}

/** Holds the current status and notifies listeners when a change really changes something. */
export type StatusStore = {
  get(): RecordingStatus;
  update(patch: Partial<RecordingStatus>): void;
  subscribe(listener: (status: RecordingStatus) => void): () => void;
};

/** Creates the store; `notify` errors are the caller's to guard. */
export function createStatusStore(
  initial: RecordingStatus,
  notify: (listener: (s: RecordingStatus) => void, s: RecordingStatus) => void,
): StatusStore {
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
