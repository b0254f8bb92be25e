/**
 * The replay handle `init` returns: the whole pre-consent SDK. It owns consent (`consent.ts`), the session
 * and its sampling decision (`open-session.ts`) and the status; everything that records or sends is the
 * lazily loaded pipeline, fetched after consent and only for a session sampling did not rule out. Calls made
 * while it loads are queued (bounded) and replayed onto it. Every method is guarded: the handle never throws
 * into the host page.
 */
import { SdkError } from "../errors.ts";
import type { ResolvedOptions } from "../options.ts";
import type { LoadRecorder, Pipeline, PipelineContext, UserMeta } from "../record/contract.ts";
import { createSafeCallback, type SafeCallback } from "../safe-callback.ts";
import {
  createStatusStore,
  describeStatus,
  INITIAL_STATUS,
  STATUS_MESSAGES,
  type StatusStore,
  toLastError,
} from "../status.ts";
import { clearOutbox } from "../transport/outbox-key.ts";
import { type ConsentMeta, type ConsentState, initialConsent, reduceConsent } from "./consent.ts";
import { openSession, sessionStorageOrNull } from "./open-session.ts";
import type { ReplayHandle, ScalarValue } from "./replay-handle.ts";

export type { ReplayHandle, ScalarValue } from "./replay-handle.ts";

/** Longest user id, trait or tag key and value kept (the wire schema's limits). */
const MAX_USER_ID = 200;
const MAX_KEY = 100;
const MAX_VALUE = 2_000;

/** A trait or tag value as sent: text cut to the limit, a number that is not finite as `null`. */
function cleanScalar(value: ScalarValue): ScalarValue {
  return typeof value === "string"
    ? value.slice(0, MAX_VALUE)
    : typeof value === "number" && !Number.isFinite(value)
    ? null
    : value;
}

/** Calls kept while the pipeline loads; a page that loops on `addCustomEvent` must not grow memory. */
const MAX_PENDING_CALLS = 200;

/** Creates the handle for resolved options; `loadRecorder` fetches the pipeline chunk after consent. */
export function createReplay(options: ResolvedOptions, loadRecorder: LoadRecorder): ReplayHandle {
  let sdkErrorSink: ((error: unknown) => void) | null = null;
  const safe: SafeCallback = createSafeCallback((error) => {
    options.onError?.(error);
    sdkErrorSink?.(error);
  });
  const messages = { ...STATUS_MESSAGES };
  let consent: ConsentState = initialConsent(options.consent, Date.now());
  /** `loading` while the chunk loads, then the running pipeline; `null` before consent and after a teardown. */
  let pipeline: Pipeline | "loading" | null = null;
  let pending: Array<(p: Pipeline) => void> = [];
  let stopped = false;
  const user: UserMeta = {};

  const store: StatusStore = createStatusStore(
    { ...INITIAL_STATUS, consent: consent.status },
    (listener, status) => {
      safe.run("onStatusChange", () => listener(status));
    },
  );
  store.subscribe((status) => {
    options.onStatusChange?.(status);
    // The debug option exists to print status lines to the console.
    if (options.debug) console.info(describeStatus(status, messages));
  });

  const teardown = (dropUnsent: boolean): void => {
    const running = pipeline;
    pipeline = null;
    pending = [];
    sdkErrorSink = null;
    if (running && running !== "loading") running.stop({ dropUnsent });
  };

  const fail = (error: SdkError): void => {
    teardown(true);
    store.update({ state: "failed", reason: error.code, lastError: toLastError(error) });
  };

  /** Runs `call` on the pipeline now, or once it has loaded. */
  const withPipeline = (call: (p: Pipeline) => void): void => {
    if (pipeline === "loading") {
      if (pending.length < MAX_PENDING_CALLS) pending.push(call);
    } else if (pipeline) call(pipeline);
  };

  const start = (): void => {
    if (pipeline || stopped || consent.status !== "granted") return;
    const session = openSession(options);
    const { sessionId } = session.decision;
    if (session.decision.mode === "sampled_out") {
      store.update({ consent: "granted", state: "sampled_out", reason: "sampled_out", sessionId });
      return;
    }
    pipeline = "loading";
    store.update({ consent: "granted", state: "idle", reason: "recorder_loading", sessionId });
    loadRecorder(options).then(
      (module) => {
        if (pipeline !== "loading") return; // Opted out or stopped while the chunk was loading.
        Object.assign(messages, module.statusMessages);
        const ctx: PipelineContext = {
          ...session,
          options,
          consent: () => (consent.status === "granted" ? consent.record : null),
          user,
          safe,
          setSdkErrorSink: (sink) => (sdkErrorSink = sink),
          status: store,
          fail,
        };
        const running = safe.run("startPipeline", () => module.startPipeline(ctx));
        if (!running) return fail(new SdkError("recorder_load_failed", "the recorder failed to start"));
        pipeline = running;
        const calls = pending;
        pending = [];
        for (const call of calls) safe.run("pending", () => call(running));
      },
      (error: unknown) => {
        if (pipeline !== "loading") return;
        fail(
          new SdkError(
            "recorder_load_failed",
            `could not load the recorder: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      },
    );
  };

  const grant = (meta?: ConsentMeta): void => {
    if (stopped) return;
    consent = reduceConsent(consent, {
      type: "grant",
      at: Date.now(),
      source: meta?.source,
      version: meta?.version,
    });
    start();
  };

  const deny = (): void => {
    if (stopped) return;
    const wasActive = pipeline !== null;
    consent = reduceConsent(consent, { type: "deny" });
    teardown(true);
    // Also what an earlier page left to send from here (SPEC §2: opt-out drops unsent data).
    clearOutbox(sessionStorageOrNull(), options.appId);
    store.update({
      consent: "denied",
      state: wasActive ? "stopped" : "idle",
      reason: wasActive ? "opted_out" : "consent_denied",
    });
  };

  if (consent.status === "denied") {
    store.update({ reason: "consent_denied" });
    clearOutbox(sessionStorageOrNull(), options.appId);
  }
  if (consent.status === "granted") safe.run("init.start", start);
  // The initial status never passes through `update`; print it too, since it is the one most often asked about.
  if (options.debug) console.info(describeStatus(store.get(), messages));

  return {
    optIn: (meta) => void safe.run("optIn", () => grant(meta)),
    setConsent: (granted) => void safe.run("setConsent", () => (granted ? grant() : deny())),
    optOut: () => void safe.run("optOut", deny),
    addCustomEvent: (name, payload) =>
      void safe.run("addCustomEvent", () => {
        if (typeof name !== "string" || name === "" || name.startsWith("rerun.")) {
          throw new SdkError(
            "callback_failed",
            `addCustomEvent: "${String(name)}" is not a valid name (rerun.* is reserved)`,
          );
        }
        const at = Date.now();
        withPipeline((p) => p.addCustomEvent(name.slice(0, MAX_KEY), payload ?? null, at));
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
    trigger: (reason) =>
      void safe.run("trigger", () => {
        const text = typeof reason === "string" && reason !== "" ? reason.slice(0, MAX_KEY) : "manual";
        withPipeline((p) => p.trigger(text));
      }),
    flush: async (opts) => {
      try {
        if (pipeline && pipeline !== "loading") await pipeline.flush(opts);
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
        teardown(false);
        store.update({ state: "stopped", reason: "stopped" });
      }),
    getStatus: () => store.get(),
    onStatusChange: (listener) => store.subscribe(listener),
  };
}
