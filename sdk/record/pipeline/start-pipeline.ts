/**
 * The part of the SDK that runs after consent: recorder → sampling gate → transport.
 *
 * The gate decides where each event goes (SPEC §2 "Which sessions are recorded"):
 * - `record`: straight to the transport.
 * - `buffer`: into a 60 s in-memory {@link createSegmentBuffer}, with a fresh full snapshot every 30 s so
 *   what is kept always replays; nothing is sent. A JS error (when `onErrorRate` picked the session), a
 *   trigger URL, a trigger event or `replay.trigger()` fires: the decision becomes `record` with the
 *   trigger as `meta.trigger` (kept for the session), the buffer is sent and recording continues.
 * - `hold`: the session is younger than `minDurationMs`; events are kept (bounded) and released when it is
 *   old enough. A page left earlier sends nothing.
 * - `drop`: the session rotated into one that sampling left out.
 */
import type { BatchMeta, RecordedEvent } from "../../../shared/batch.ts";
import { type ErrorPayload, RRWEB_EVENT, SDK_EVENT_TAG } from "../../../shared/events.ts";
import { createRedactionRules, redactDeep, redactString } from "../../../shared/redact.ts";
import { SdkError } from "../../errors.ts";
import { recordsErrors } from "../../boot/load-recorder.ts";
import { currentStrippedUrl } from "../../privacy/url.ts";
import type { RecordingDecision } from "../../sampling.ts";
import type { RecordingStatus } from "../../status.ts";
import { openOutbox } from "../../transport/outbox.ts";
import type { KeepaliveBudget } from "../../transport/send.ts";
import { startTransport, type Transport, type TransportSnapshot } from "../../transport/transport.ts";
import { SDK_VERSION } from "../../version.ts";
import type { ObserversModule, Pipeline, PipelineContext, RecorderHandle } from "../contract.ts";
import { createCustomEvent } from "../custom-event.ts";
import { startRecording } from "../recorder.ts";
import { createSegmentBuffer } from "./segment-buffer.ts";
import { splitFullSnapshot } from "./split-snapshot.ts";

/** How far back a buffering session keeps events (SPEC §2). */
const BUFFER_WINDOW_MS = 60_000;
/** A new full snapshot this often while buffering, so trimming never leaves a buffer that cannot replay. */
const BUFFER_CHECKOUT_MS = BUFFER_WINDOW_MS / 2;
/**
 * Characters of full snapshot JSON kept in one event; the rest is added back by mutation events of this size
 * (`split-snapshot.ts`). A batch is cut once it passes 1 M characters, so one holds at most 1.4 M: under the
 * collector's 2,000,000-byte body limit for the mostly ASCII JSON of a snapshot.
 */
const SNAPSHOT_PART_CHARS = 400_000;
/** Characters of event JSON a buffer may hold: a few full snapshots of a heavy page, small next to a tab's memory. */
const BUFFER_MAX_BYTES = 4_000_000;

type Gate = "record" | "buffer" | "hold" | "drop";

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

/** Whether `url` matches one of the trigger rules (substring or RegExp, against the stripped URL). */
export function matchesUrl(url: string, rules: ReadonlyArray<string | RegExp>): boolean {
  return rules.some((rule) => (typeof rule === "string" ? url.includes(rule) : rule.test(url)));
}

/** Returns the trigger an event fires in a buffering session, or `null`. */
export function triggerOf(
  event: RecordedEvent,
  opts: { onError: boolean; urls: ReadonlyArray<string | RegExp>; events: readonly string[] },
): string | null {
  if (event.type !== RRWEB_EVENT.Custom) return null;
  const { tag, payload } = (event.data ?? {}) as { tag?: unknown; payload?: unknown };
  if (typeof tag !== "string") return null;
  if (tag === SDK_EVENT_TAG.error) {
    return opts.onError && !(payload as ErrorPayload | null)?.sdk ? "error" : null;
  }
  if (tag === SDK_EVENT_TAG.navigation) {
    const url = (payload as { url?: unknown } | null)?.url;
    return typeof url === "string" && matchesUrl(url, opts.urls) ? "url" : null;
  }
  return opts.events.includes(tag) ? `event:${tag}` : null;
}

/** The optional observers file (network, console, resource timings, web vitals, behavioral), when loaded. */
export type PipelineDeps = { observers: ObserversModule | null };

/** Starts recording after consent; returns the pipeline the handle drives. */
export function startPipeline(ctx: PipelineContext, deps: PipelineDeps): Pipeline {
  const { options, safe, status, tracker } = ctx;
  const rules = createRedactionRules(options.privacy.redactPatterns);
  const buffer = createSegmentBuffer({ windowMs: BUFFER_WINDOW_MS, maxBytes: BUFFER_MAX_BYTES });
  let decision: RecordingDecision = ctx.decision;
  let startedAt = tracker.current(Date.now()).startedAt;
  let gate: Gate = "drop";
  let health: TransportSnapshot["health"] = "ok";
  let stopped = false;
  let recorder: RecorderHandle | null = null;
  let checkoutTimer: ReturnType<typeof setInterval> | null = null;
  let holdTimer: ReturnType<typeof setTimeout> | null = null;

  const getMeta = (): BatchMeta => {
    const meta: BatchMeta = { sdkVersion: SDK_VERSION, url: currentStrippedUrl() };
    const { userId, traits, tags } = ctx.user;
    if (userId) meta.userId = redactString(userId, rules);
    if (traits) meta.traits = redactDeep(traits, rules);
    if (tags) meta.tags = redactDeep(tags, rules);
    if (typeof navigator !== "undefined") meta.userAgent = navigator.userAgent.slice(0, 1_000);
    if (typeof innerWidth === "number") {
      meta.viewport = {
        width: Math.max(0, Math.round(innerWidth)),
        height: Math.max(0, Math.round(innerHeight)),
      };
    }
    const consent = ctx.consent();
    if (consent) meta.consent = consent;
    if (decision.trigger) meta.trigger = decision.trigger;
    return meta;
  };

  const statusOf = (): Pick<RecordingStatus, "state" | "reason"> => {
    switch (gate) {
      case "record":
        return { state: "recording", reason: health === "retrying" ? "collector_unreachable" : "recording" };
      case "buffer":
        return { state: "buffering", reason: "waiting_for_trigger" };
      case "hold":
        return { state: "buffering", reason: "below_min_duration" };
      case "drop":
        return { state: "sampled_out", reason: "sampled_out" };
      default: {
        const never: never = gate;
        throw new Error(`unknown gate ${String(never)}`);
      }
    }
  };

  const onTransportChange = (snap: TransportSnapshot): void => {
    health = snap.health;
    const patch: Partial<RecordingStatus> = {
      queuedBatches: snap.queuedBatches,
      droppedBatches: snap.droppedBatches,
      lastSentAt: snap.lastSentAt,
    };
    const err = snap.lastError;
    const current = status.get().lastError;
    if (err && (current === null || current.message !== err.message || snap.health !== "ok")) {
      patch.lastError = {
        code: err.code,
        message: err.message,
        at: Date.now(),
        ...(err.status ? { status: err.status } : {}),
      };
    }
    status.update(stopped ? patch : { ...patch, ...statusOf() });
    if (snap.health === "refused" && !stopped) {
      ctx.fail(err ?? new SdkError("ingest_refused", "the collector refused the key"));
    }
  };

  // One budget for the page: every keepalive request and beacon of the replay and behavioral streams.
  const budget: KeepaliveBudget = { used: 0 };
  const transport: Transport = startTransport({
    ...options,
    outbox: openOutbox(ctx.storage, options.appId),
    budget,
    getMeta,
    onChange: onTransportChange,
    safe,
  });

  // A full snapshot's JSON.stringify costs about as much as rrweb's serialization of it, so it runs in a task
  // of its own instead of lengthening rrweb's. Later events wait behind it, so order is kept; every flush,
  // gate change and unload serializes what waits first.
  let pending: Array<{ ids: ReturnType<typeof tracker.current>; event: RecordedEvent; at: number }> = [];
  let pendingTimer: ReturnType<typeof setTimeout> | null = null;

  const route = (ids: ReturnType<typeof tracker.current>, event: RecordedEvent, at: number): void => {
    let json = JSON.stringify(event);
    let rest: RecordedEvent[] = [];
    if (event.type === RRWEB_EVENT.FullSnapshot && json.length > SNAPSHOT_PART_CHARS) {
      rest = splitFullSnapshot(event, SNAPSHOT_PART_CHARS) as RecordedEvent[];
      json = JSON.stringify(event);
    }
    if (gate === "record") {
      transport.add(ids, json);
      for (const part of rest) transport.add(ids, JSON.stringify(part));
      if (event.type === RRWEB_EVENT.FullSnapshot) transport.sendNow();
    } else if (gate === "buffer" || gate === "hold") {
      if (buffer.add({ ids, json, at }, event.type === RRWEB_EVENT.Meta).needsCheckout) {
        recorder?.takeFullSnapshot();
      }
      for (const part of rest) buffer.add({ ids, json: JSON.stringify(part), at }, false);
    }
  };

  const drainPending = (): void => {
    if (pendingTimer !== null) clearTimeout(pendingTimer);
    pendingTimer = null;
    const items = pending;
    pending = [];
    for (const item of items) route(item.ids, item.event, item.at);
  };

  const clearTimers = (): void => {
    if (checkoutTimer !== null) clearInterval(checkoutTimer);
    if (holdTimer !== null) clearTimeout(holdTimer);
    checkoutTimer = holdTimer = null;
  };

  const gateFor = (d: RecordingDecision, now: number): Gate => {
    if (d.mode === "sampled_out") return "drop";
    if (d.mode === "buffer") return "buffer";
    return now - startedAt < options.sampling.minDurationMs ? "hold" : "record";
  };

  const setGate = (next: Gate): void => {
    drainPending();
    clearTimers();
    gate = next;
    if (next === "buffer") {
      buffer.setWindow(BUFFER_WINDOW_MS);
      checkoutTimer = setInterval(
        safe.wrap("buffer.checkout", () => recorder?.takeFullSnapshot()),
        BUFFER_CHECKOUT_MS,
      );
    } else if (next === "hold") {
      buffer.setWindow(null);
      const wait = Math.max(0, startedAt + options.sampling.minDurationMs - Date.now());
      holdTimer = setTimeout(safe.wrap("buffer.hold", () => setGate(gateFor(decision, Date.now()))), wait);
    } else if (next === "record") {
      for (const event of buffer.drain()) transport.add(event.ids, event.json);
      void transport.flush();
    } else buffer.drain();
    status.update(statusOf());
  };

  const fire = (reason: string): void => {
    if (gate !== "buffer" || stopped) return;
    decision = { ...decision, mode: "record", trigger: reason };
    ctx.keepDecision(decision);
    setGate(gateFor(decision, Date.now()));
  };

  const emit = (event: RecordedEvent, info: { userActivity: boolean }): void => {
    if (stopped) return;
    let next: RecordedEvent | null = event;
    if (options.beforeRecordEvent) {
      next = safe.run("beforeRecordEvent", () => options.beforeRecordEvent?.(event) ?? null) ?? null;
      if (!next) return;
    }
    const now = Date.now();
    // A session that expired restarts, with its own decision and a fresh snapshot, before the event that woke it.
    if (info.userActivity && tracker.touch(now)) {
      drainPending();
      const ids = tracker.current(now);
      startedAt = ids.startedAt;
      buffer.drain();
      decision = ctx.decide(ids.sessionId);
      setGate(gateFor(decision, now));
      recorder?.takeFullSnapshot();
    }
    const ids = tracker.current(now);
    if (status.get().sessionId !== ids.sessionId) status.update({ sessionId: ids.sessionId });
    if (pending.length > 0 || next.type === RRWEB_EVENT.FullSnapshot) {
      pending.push({ ids, event: next, at: now });
      pendingTimer ??= setTimeout(safe.wrap("pipeline.serialize", drainPending), 0);
    } else route(ids, next, now);
    if (gate === "buffer") {
      const reason = triggerOf(next, { onError: decision.onError, ...options.triggers });
      if (reason) fire(reason);
    }
  };

  // The replay goes first; the behavioral stream gets what is left of the browser's keepalive budget.
  const flushAllOnUnload = (final: boolean, keepForNextPage: boolean): void => {
    transport.flushOnUnload({ final, keepForNextPage });
    if (sendBehavioral) behavioral?.flushOnUnload(budget);
  };

  const removeUnloadListeners = ((): () => void => {
    // `persisted` means the page enters the back/forward cache and may come back, so it is not final.
    const onPageHide = safe.wrap("pagehide", (e: PageTransitionEvent) => {
      drainPending();
      if (gate === "record") flushAllOnUnload(!e.persisted, true);
    });
    const onVisibility = safe.wrap("visibilitychange", () => {
      if (document.visibilityState !== "hidden") return;
      drainPending();
      if (gate === "record") flushAllOnUnload(false, false);
    });
    addEventListener("pagehide", onPageHide);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      removeEventListener("pagehide", onPageHide);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  })();

  setGate(gateFor(decision, Date.now()));
  // What an earlier page of this tab could not send as it unloaded goes first.
  transport.resume();
  const startRecorder = (): RecorderHandle =>
    startRecording({
      privacy: options.privacy,
      errors: recordsErrors(options),
      network: options.network,
      console: options.console,
      webVitals: options.webVitals,
      observers: deps.observers,
      resourceTimings: options.resourceTimings,
      ingestBaseUrl: options.ingestBaseUrl,
      redactionRules: rules,
      emit,
      safe,
    });
  let sendBehavioral = true;
  const behavioral = options.behavioral && deps.observers
    ? deps.observers.startBehavioralStream({
      appId: options.appId,
      publicKey: options.publicKey,
      ingestBaseUrl: options.ingestBaseUrl,
      intervalMs: options.flushIntervalMs,
      safe,
      // Sent only while the session is recorded, like the replay itself.
      ids: () => (gate === "record" && sendBehavioral ? tracker.current(Date.now()) : null),
    })
    : null;
  try {
    recorder = startRecorder();
    let reporting = false;
    ctx.setSdkErrorSink((error) => {
      // An error while recording an SDK error must not loop back here.
      if (reporting || stopped) return;
      reporting = true;
      try {
        recorder?.recordSdkError(error);
      } finally {
        reporting = false;
      }
    });
  } catch (error) {
    // Leave nothing running behind a recorder that could not start; the handle reports the failure.
    pending = [];
    drainPending();
    sendBehavioral = false;
    behavioral?.stop();
    clearTimers();
    removeUnloadListeners();
    transport.stop({ dropUnsent: true });
    throw error;
  }

  return {
    addCustomEvent(name, payload, at) {
      emit(createCustomEvent(name, redactDeep(payload, rules), at), { userActivity: false });
    },
    trigger: fire,
    flush: (opts) => {
      if (stopped) return Promise.resolve();
      drainPending();
      if (gate !== "record") return Promise.resolve();
      return Promise.all([transport.flush(opts), behavioral?.flush().catch(() => undefined)]).then(() =>
        undefined
      );
    },
    stop({ dropUnsent }) {
      if (stopped) return;
      if (dropUnsent) pending = [];
      drainPending();
      if (dropUnsent) sendBehavioral = false;
      behavioral?.stop();
      stopped = true;
      clearTimers();
      removeUnloadListeners();
      recorder?.stop();
      if (dropUnsent || gate !== "record") transport.stop({ dropUnsent: true });
      else {
        const done = (): void => transport.stop();
        void transport.flush({ final: true }).then(done, done);
      }
    },
  };
}
