/**
 * The seam between the tiny pre-consent entry and the lazily loaded recorder chunk. The entry imports only
 * these types; the chunk (`record/index.ts`) is fetched and evaluated after consent.
 */
import type { RecordedEvent } from "../../shared/batch.ts";
import type { RedactionRule } from "../../shared/redact.ts";
import type { ResolvedOptions } from "../options.ts";
import type { SafeCallback } from "../safe-callback.ts";

/** What the recorder needs from the handle. */
export type RecorderStartOptions = {
  privacy: ResolvedOptions["privacy"];
  errors: boolean;
  network: ResolvedOptions["network"];
  console: ResolvedOptions["console"];
  /** Requests to this base URL (the collector) are never recorded. */
  ingestBaseUrl: string;
  redactionRules: RedactionRule[];
  /** Receives every event; `userActivity` marks events that count as activity for the session clock. */
  emit(event: RecordedEvent, info: { userActivity: boolean }): void;
  safe: SafeCallback;
};

/** A running recorder. */
export type RecorderHandle = {
  /** Removes every listener and patch the recorder installed. */
  stop(): void;
  /** Emits a new meta event and full snapshot (after a session rotation). */
  takeFullSnapshot(): void;
};

/** The recorder chunk's exports. */
export type RecorderModule = { startRecording(opts: RecorderStartOptions): RecorderHandle };

/** Loads the recorder chunk: a dynamic import in the ESM build, a script tag in the global build. */
export type LoadRecorder = () => Promise<RecorderModule>;
