/**
 * The handle `init` returns: what a page can do with rerun (SPEC §2). `replay.ts` implements it, and
 * `inert-replay.ts` for a page where nothing can be recorded.
 */
import type { RecordingStatus } from "../status.ts";
import type { ConsentMeta } from "./consent.ts";

/** The handle `init` returns; every method is safe to call in any state. */
export type ReplayHandle = {
  /** Grants consent with where it came from; recording starts (the recorder is loaded now). */
  optIn(meta?: ConsentMeta): void;
  /** `true` is `optIn()`, `false` is `optOut()`. */
  setConsent(granted: boolean): void;
  /** Stops recording, drops unsent data and sends nothing more. */
  optOut(): void;
  /** Records a custom event; the payload is redacted. Names starting with `rerun.` are reserved. */
  addCustomEvent(name: string, payload?: unknown): void;
  /** Attaches a user id and traits (redacted) to the following batches. */
  identify(userId: string, traits?: Record<string, ScalarValue>): void;
  /** Attaches one tag (redacted) to the following batches. */
  tag(key: string, value: ScalarValue): void;
  /** A buffering session sends its last 60 s and records from now on; `reason` travels as `meta.trigger`. */
  trigger(reason?: string): void;
  /** Sends what is buffered now; `final` marks this window's last batch. */
  flush(opts?: { final?: boolean }): Promise<void>;
  /** Stops recording for good, after sending what is buffered. */
  stop(): void;
  /** The current recording status. */
  getStatus(): RecordingStatus;
  /** Calls `listener` on every status change; returns the unsubscribe function. */
  onStatusChange(listener: (status: RecordingStatus) => void): () => void;
};

/** A value of a trait or tag. */
export type ScalarValue = string | number | boolean | null;
