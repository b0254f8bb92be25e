/**
 * The replay handle `init` returns. It owns consent and wires the parts together once consent is granted:
 * session tracker → recorder (lazily loaded) → transport. Before that, nothing is loaded, kept or sent.
 * Every public method is guarded: the handle never throws into the host page.
 */
import type { BatchMeta, RecordedEvent } from "../shared/batch.ts";
import { createRedactionRules, redactDeep, redactString } from "../shared/redact.ts";
import { type ConsentMeta, type ConsentState, initialConsent, reduceConsent } from "./consent.ts";
import { SdkError } from "./errors.ts";
import type { ResolvedOptions } from "./options.ts";
import { currentStrippedUrl } from "./privacy/url.ts";
import type { LoadRecorder, RecorderHandle } from "./record/contract.ts";
import { createCustomEvent } from "./record/custom-event.ts";
import { createSafeCallback, type SafeCallback } from "./safe-callback.ts";
import { createSessionTracker, type SessionTracker } from "./session.ts";
import { createStatusStore, describeStatus, type RecordingStatus, type StatusStore } from "./status.ts";
import { startTransport, type Transport, type TransportSnapshot } from "./transport/transport.ts";
import { SDK_VERSION } from "./version.ts";

/** A value of a trait or tag. */
export type ScalarValue = string | number | boolean | null;

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
  /** Sends what is buffered now; `final` marks this window's last batch. */
  flush(opts?: { final?: boolean }): Promise<void>;
  /** Stops recording for good, after sending what is buffered. */
  stop(): void;
  /** The current recording status. */
  getStatus(): RecordingStatus;
  /** Calls `listener` on every status change; returns the unsubscribe function. */
  onStatusChange(listener: (status: RecordingStatus) => void): () => void;
};

/** Longest user id, trait or tag key kept (the wire schema's limits). */
const MAX_USER_ID = 200;
const MAX_KEY = 100;
const MAX_VALUE = 2_000;

const INITIAL_STATUS: RecordingStatus = {
  consent: "deferred",
  state: "idle",
  reason: "consent_deferred",
  sessionId: null,
  queuedBatches: 0,
  droppedBatches: 0,
  lastSentAt: null,
  lastError: null,
};

/** The running parts after consent; absent before it and after opt-out. */
type Pipeline = { tracker: SessionTracker; transport: Transport; recorder: RecorderHandle | null; removeListeners: () => void };

/** Returns a handle that never records: for invalid options or environments without a DOM. */
export function createInertReplay(error: SdkError): ReplayHandle {
  const status: RecordingStatus = {
    ...INITIAL_STATUS,
    state: "failed",
    reason: error.code,
    lastError: { code: error.code, message: error.message, at: Date.now() },
  };
  return {
    optIn() {},
    setConsent() {},
    optOut() {},
    addCustomEvent() {},
    identify() {},
    tag() {},
    flush: () => Promise.resolve(),
    stop() {},
    getStatus: () => status,
    onStatusChange: () => () => undefined,
  };
}

/** Creates the handle for resolved options; `loadRecorder` fetches the recorder chunk after consent. */
export function createReplay(options: ResolvedOptions, loadRecorder: LoadRecorder): ReplayHandle {
  const safe: SafeCallback = createSafeCallback((error) => options.onError?.(error));
  const rules = createRedactionRules(options.privacy.redactPatterns);
  let consent: ConsentState = initialConsent(options.consent, Date.now());
  let pipeline: Pipeline | null = null;
  let stopped = false;
  const user: Pick<BatchMeta, "userId" | "traits" | "tags"> = {};

  const store: StatusStore = createStatusStore({ ...INITIAL_STATUS, consent: consent.status }, (listener, status) => {
    safe.run("onStatusChange", () => listener(status));
  });
  store.subscribe((status) => {
    options.onStatusChange?.(status);
    // The debug option exists to print status lines to the console.
    if (options.debug) console.info(describeStatus(status));
  });

  const fail = (error: SdkError): void => {
    store.update({
      state: "failed",
      reason: error.code,
      lastError: { code: error.code, message: error.message, at: Date.now(), ...(error.status ? { status: error.status } : {}) },
    });
  };

  const getMeta = (): BatchMeta => {
    const meta: BatchMeta = { sdkVersion: SDK_VERSION, url: currentStrippedUrl(), ...user };
    if (typeof navigator !== "undefined") meta.userAgent = navigator.userAgent.slice(0, 1_000);
    if (typeof innerWidth === "number") meta.viewport = { width: Math.max(0, Math.round(innerWidth)), height: Math.max(0, Math.round(innerHeight)) };
    if (consent.status === "granted") meta.consent = consent.record;
    return meta;
  };

  const onTransportChange = (snap: TransportSnapshot): void => {
    const current = store.get();
    const patch: Partial<RecordingStatus> = {
      queuedBatches: snap.queuedBatches,
      droppedBatches: snap.droppedBatches,
      lastSentAt: snap.lastSentAt,
    };
    const err = snap.lastError;
    if (err && (current.lastError === null || current.lastError.message !== err.message || snap.health !== "ok")) {
      patch.lastError = { code: err.code, message: err.message, at: Date.now(), ...(err.status ? { status: err.status } : {}) };
    }
    if (current.state === "recording") {
      if (snap.health === "retrying") patch.reason = "collector_unreachable";
      if (snap.health === "ok") patch.reason = "recording";
    }
    store.update(patch);
    if (snap.health === "refused" && pipeline) {
      teardown();
      fail(err ?? new SdkError("ingest_refused", "the collector refused the key"));
    }
  };

  const emit = (event: RecordedEvent, info: { userActivity: boolean }): void => {
    const running = pipeline;
    if (!running || consent.status !== "granted") return;
    let next: RecordedEvent | null = event;
    if (options.beforeRecordEvent) {
      next = safe.run("beforeRecordEvent", () => options.beforeRecordEvent?.(event) ?? null) ?? null;
      if (!next) return;
    }
    // A session that expired restarts with a fresh snapshot before the event that woke it up.
    if (info.userActivity && running.tracker.touch(Date.now())) running.recorder?.takeFullSnapshot();
    const ids = running.tracker.current(Date.now());
    if (store.get().sessionId !== ids.sessionId) store.update({ sessionId: ids.sessionId });
    running.transport.add(ids, next);
  };

  const installUnloadListeners = (transport: Transport): (() => void) => {
    if (typeof addEventListener !== "function") return () => undefined;
    // `persisted` means the page enters the back/forward cache and may come back, so it is not final.
    const onPageHide = safe.wrap("pagehide", (e: PageTransitionEvent) => transport.flushOnUnload({ final: !e.persisted }));
    const onVisibility = safe.wrap("visibilitychange", () => {
      if (document.visibilityState === "hidden") transport.flushOnUnload({ final: false });
    });
    addEventListener("pagehide", onPageHide);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      removeEventListener("pagehide", onPageHide);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  };

  const start = (): void => {
    if (pipeline || stopped) return;
    let storage: Storage | null = null;
    try {
      storage = sessionStorage;
    } catch {
      storage = null; // Blocked storage (sandboxed iframes, strict privacy modes): the session lives in memory.
    }
    const tracker = createSessionTracker({ appId: options.appId, storage });
    const transport = startTransport({ ...options, getMeta, onChange: onTransportChange, safe });
    const current: Pipeline = { tracker, transport, recorder: null, removeListeners: installUnloadListeners(transport) };
    pipeline = current;
    store.update({ consent: "granted", state: "idle", reason: "recorder_loading", sessionId: tracker.current(Date.now()).sessionId });
    loadRecorder().then(
      (module) => {
        if (pipeline !== current) return; // Opted out or stopped while the chunk was loading.
        current.recorder = safe.run("startRecording", () =>
          module.startRecording({
            privacy: options.privacy,
            errors: options.errors,
            network: options.network,
            console: options.console,
            ingestBaseUrl: options.ingestBaseUrl,
            redactionRules: rules,
            emit,
            safe,
          })) ?? null;
        if (current.recorder) store.update({ state: "recording", reason: "recording" });
        else {
          teardown();
          fail(new SdkError("recorder_load_failed", "the recorder failed to start"));
        }
      },
      (error: unknown) => {
        if (pipeline !== current) return;
        teardown();
        fail(new SdkError("recorder_load_failed", `could not load the recorder: ${error instanceof Error ? error.message : String(error)}`));
      },
    );
  };

  /** Stops the recorder and transport; unsent data is dropped (opt-out) unless flushed first. */
  const teardown = (): void => {
    const running = pipeline;
    pipeline = null;
    if (!running) return;
    running.removeListeners();
    running.recorder?.stop();
    running.transport.stop({ dropUnsent: true });
  };

  const grant = (meta?: ConsentMeta): void => {
    if (stopped) return;
    consent = reduceConsent(consent, { type: "grant", at: Date.now(), source: meta?.source, version: meta?.version });
    start();
  };

  const deny = (): void => {
    if (stopped) return;
    const wasActive = pipeline !== null;
    consent = reduceConsent(consent, { type: "deny" });
    teardown();
    store.update({ consent: "denied", state: wasActive ? "stopped" : "idle", reason: wasActive ? "opted_out" : "consent_denied" });
  };

  if (consent.status === "denied") store.update({ reason: "consent_denied" });
  if (consent.status === "granted") safe.run("init.start", start);

  const cleanScalar = (value: ScalarValue): ScalarValue =>
    typeof value === "string" ? redactString(value, rules).slice(0, MAX_VALUE) : typeof value === "number" && !Number.isFinite(value) ? null : value;

  return {
    optIn: (meta) => void safe.run("optIn", () => grant(meta)),
    setConsent: (granted) => void safe.run("setConsent", () => (granted ? grant() : deny())),
    optOut: () => void safe.run("optOut", deny),
    addCustomEvent: (name, payload) =>
      void safe.run("addCustomEvent", () => {
        if (typeof name !== "string" || name === "" || name.startsWith("rerun.")) {
          throw new SdkError("callback_failed", `addCustomEvent: "${String(name)}" is not a valid name (rerun.* is reserved)`);
        }
        emit(createCustomEvent(name.slice(0, MAX_KEY), redactDeep(payload ?? null, rules), Date.now()), { userActivity: false });
      }),
    identify: (userId, traits) =>
      void safe.run("identify", () => {
        if (typeof userId === "string" && userId !== "") user.userId = userId.slice(0, MAX_USER_ID);
        if (traits && typeof traits === "object") {
          user.traits = { ...user.traits };
          for (const [k, v] of Object.entries(traits)) user.traits[k.slice(0, MAX_KEY)] = cleanScalar(v);
        }
      }),
    tag: (key, value) =>
      void safe.run("tag", () => {
        if (typeof key !== "string" || key === "") return;
        user.tags = { ...user.tags, [key.slice(0, MAX_KEY)]: cleanScalar(value) };
      }),
    flush: async (opts) => {
      try {
        await pipeline?.transport.flush(opts);
      } catch (error) {
        safe.run("flush", () => {
          throw error;
        });
      }
    },
    stop: () =>
      void safe.run("stop", () => {
        if (stopped) return;
        stopped = true;
        const running = pipeline;
        running?.recorder?.stop();
        const done = (): void => {
          if (pipeline === running) teardown();
        };
        if (running) void running.transport.flush({ final: true }).then(done, done);
        store.update({ state: "stopped", reason: "stopped" });
      }),
    getStatus: () => store.get(),
    onStatusChange: (listener) => store.subscribe(listener),
  };
}
