/**
 * The seam between the tiny pre-consent entry and the lazily loaded part. The entry imports only these
 * types; the chunk (`record/index.ts`: transport, sampling buffer, rrweb and observers) is fetched and
 * evaluated after consent, and only for a session that sampling did not rule out.
 */
import type { BatchMeta, ConsentRecord, RecordedEvent } from "../../shared/batch.ts";
import type { RedactionRule } from "../../shared/redact.ts";
import type { SdkError } from "../errors.ts";
import type { ResolvedOptions } from "../options.ts";
import type { MaskingSettings } from "../privacy/masking.ts";
import type { SafeCallback } from "../safe-callback.ts";
import type { RecordingDecision } from "../sampling.ts";
import type { SessionTracker } from "../session.ts";
import type { StatusStore } from "../status.ts";
import type { BehavioralStream, BehavioralStreamOptions } from "./observers/behavioral.ts";
import type { ErrorRecorder } from "./observers/errors.ts";
import type { EmitSdkEvent } from "./observers/navigation.ts";

/** What the recorder needs from the pipeline. */
export type RecorderStartOptions = {
  privacy: ResolvedOptions["privacy"];
  errors: boolean;
  network: ResolvedOptions["network"];
  console: ResolvedOptions["console"];
  webVitals: boolean;
  resourceTimings: boolean;
  /** The optional observers file, loaded only when one of their options is on; `null` otherwise. */
  observers: ObserversModule | null;
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
  /** Emits a new meta event and full snapshot (after a session rotation, or to start a buffer window). */
  takeFullSnapshot(): void;
  /** Records an error the SDK caught in itself as `rerun.error` with `sdk: true` (when errors are recorded). */
  recordSdkError(error: unknown): void;
};

/** User data set with `identify` and `tag`, kept raw by the handle and redacted by the pipeline. */
export type UserMeta = Pick<BatchMeta, "userId" | "traits" | "tags">;

/** What the handle gives the pipeline it starts after consent. */
export type PipelineContext = {
  options: ResolvedOptions;
  tracker: SessionTracker;
  /** The session's recording decision, made at consent. */
  decision: RecordingDecision;
  /** Decides for a new session (after a rotation) and keeps the decision. */
  decide(sessionId: string): RecordingDecision;
  /** Keeps a changed decision (a buffered session that fired). */
  keepDecision(decision: RecordingDecision): void;
  consent(): ConsentRecord | null;
  /** The tab's `sessionStorage`, or `null` where storage is blocked. */
  storage: Storage | null;
  user: UserMeta;
  safe: SafeCallback;
  /** Receives every error the SDK catches in itself from now on; `null` stops that. */
  setSdkErrorSink(sink: ((error: unknown) => void) | null): void;
  status: StatusStore;
  /** Reports a failure that ends recording (the key was refused); the handle tears the pipeline down. */
  fail(error: SdkError): void;
};

/** A running pipeline: recorder → sampling gate → transport. */
export type Pipeline = {
  /** Records a custom event already checked by the handle; the pipeline redacts its payload. */
  addCustomEvent(name: string, payload: unknown, at: number): void;
  /** Starts sending a buffering session, with `reason` as `meta.trigger`. */
  trigger(reason: string): void;
  flush(opts?: { final?: boolean }): Promise<void>;
  /** Stops everything; with `dropUnsent` nothing more is sent. */
  stop(opts: { dropUnsent: boolean }): void;
};

/** What the optional observers need from the recorder. */
export type ObserverStartOptions = Omit<RecorderStartOptions, "emit" | "observers"> & { emit: EmitSdkEvent };

/**
 * The optional observers file's exports (errors, network, console, resource timings, web vitals, behavioral
 * stream): a third lazily loaded file, fetched only when one of those options is on.
 */
export type ObserversModule = {
  /** Starts the observers whose options are on; the handle stops them all and records the SDK's own errors. */
  startObservers(opts: ObserverStartOptions): ErrorRecorder;
  startBehavioralStream(opts: BehavioralStreamOptions): BehavioralStream;
};

/** The module the handle starts after consent. */
export type RecorderModule = {
  startPipeline(ctx: PipelineContext): Pipeline;
  /** Debug lines for the reasons only the pipeline sets. */
  statusMessages: Record<string, string>;
};

/**
 * The recorder file's exports: the module, given the observers file (or `null` when none is wanted), and
 * when it may start: once the page has settled and the serializer is warm (see `ready-to-record.ts`; it lives
 * here rather than in the loader to keep the loader small).
 */
export type RecorderEntry = {
  createRecorder(observers: ObserversModule | null): RecorderModule;
  readyToRecord(privacy: MaskingSettings): Promise<void>;
};

/** Loads the lazy module for these options: dynamic imports in the ESM build, script tags in the global build. */
export type LoadRecorder = (options: ResolvedOptions) => Promise<RecorderModule>;

/** Whether errors are recorded: a session that waits for an error needs them even when `errors` is off. */
export function recordsErrors(options: ResolvedOptions): boolean {
  return options.errors || options.sampling.onErrorRate > 0;
}
