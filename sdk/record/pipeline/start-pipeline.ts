/**
 * The part of the SDK that runs after consent: recorder → sampling gate → transport, plus the behavioral
 * stream and the unload flush. Each event is serialized once (`event-json.ts`) and goes where the gate
 * (`gate.ts`) says: to the transport, into the segment buffer until a trigger fires (`triggers.ts`), or
 * nowhere. Every batch carries `batch-meta.ts`'s meta.
 */
import type { RecordedEvent } from "../../../shared/batch.ts";
import { RRWEB_EVENT } from "../../../shared/events.ts";
import { createRedactionRules, redactDeep } from "../../../shared/redact.ts";
import { SdkError } from "../../errors.ts";
import type { RecordingDecision } from "../../sampling.ts";
import { openOutbox } from "../../transport/outbox.ts";
import type { KeepaliveBudget } from "../../transport/send.ts";
import { startTransport, type Transport } from "../../transport/transport.ts";
import type { Health } from "../../transport/send-status.ts";
import {
  type ObserversModule,
  type Pipeline,
  type PipelineContext,
  type RecorderHandle,
  recordsErrors,
} from "../contract.ts";
import { createCustomEvent } from "../custom-event.ts";
import { startRecording } from "../recorder.ts";
import { createBatchMeta } from "./batch-meta.ts";
import { serializeEvent } from "./event-json.ts";
import { BUFFER_CHECKOUT_MS, BUFFER_WINDOW_MS, fireTrigger, type Gate, gateFor } from "./gate.ts";
import { gateStatus, transportStatus } from "./recording-status.ts";
import { createSegmentBuffer } from "./segment-buffer.ts";
import { createSerializeQueue, type QueuedEvent } from "./serialize-queue.ts";
import { triggerOf } from "./triggers.ts";
import { listenForPageHide } from "./unload.ts";

/** Characters of event JSON a buffer may hold: a few full snapshots of a heavy page, small next to a tab's memory. */
const BUFFER_MAX_BYTES = 4_000_000;

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
  let health: Health = "ok";
  let stopped = false;
  let sendBehavioral = true;
  let recorder: RecorderHandle | null = null;
  // The gate's one timer: a buffer's checkout, or the end of a hold.
  let stopGateTimer = (): void => undefined;
  const takeFullSnapshot = (): void => recorder?.takeFullSnapshot();

  // One budget for the page: every keepalive request and beacon of the replay and behavioral streams.
  const budget: KeepaliveBudget = { used: 0 };
  const transport: Transport = startTransport({
    ...options,
    outbox: openOutbox(ctx.storage, options.appId),
    budget,
    getMeta: () =>
      createBatchMeta(
        { user: ctx.user, consent: ctx.consent(), trigger: decision.trigger, release: options.release },
        rules,
      ),
    onChange(snap) {
      health = snap.health;
      const patch = transportStatus(snap, status.get().lastError, Date.now());
      status.update(stopped ? patch : { ...patch, ...gateStatus(gate, health) });
      if (health === "refused" && !stopped) {
        ctx.fail(snap.lastError ?? new SdkError("ingest_refused", "the collector refused the key"));
      }
    },
    safe,
  });

  const route = ({ ids, event, at }: QueuedEvent): void => {
    const json = serializeEvent(event);
    if (gate === "record") {
      for (const part of json) transport.add(ids, part);
      if (event.type === RRWEB_EVENT.FullSnapshot) transport.sendNow();
    } else if (gate === "buffer" || gate === "hold") {
      if (buffer.add({ ids, json: json[0]!, at }, event.type === RRWEB_EVENT.Meta).needsCheckout) {
        takeFullSnapshot();
      }
      for (let i = 1; i < json.length; i++) buffer.add({ ids, json: json[i]!, at }, false);
    }
  };
  // Events waiting for serialization; every flush, gate change and unload serializes them first.
  const pending = createSerializeQueue(route, safe);

  const gateAt = (now: number): Gate => gateFor(decision, now - startedAt, options.sampling.minDurationMs);

  const setGate = (next: Gate): void => {
    pending.flush();
    stopGateTimer();
    gate = next;
    if (next === "buffer") {
      buffer.setWindow(BUFFER_WINDOW_MS);
      const timer = setInterval(safe.wrap("buffer.checkout", takeFullSnapshot), BUFFER_CHECKOUT_MS);
      stopGateTimer = () => clearInterval(timer);
    } else if (next === "hold") {
      buffer.setWindow(null);
      const wait = Math.max(0, startedAt + options.sampling.minDurationMs - Date.now());
      const timer = setTimeout(safe.wrap("buffer.hold", () => setGate(gateAt(Date.now()))), wait);
      stopGateTimer = () => clearTimeout(timer);
    } else if (next === "record") {
      for (const event of buffer.drain()) transport.add(event.ids, event.json);
      void transport.flush();
    } else buffer.drain();
    status.update(gateStatus(gate, health));
  };

  const fire = (reason: string): void => {
    if (gate !== "buffer" || stopped) return;
    decision = fireTrigger(decision, reason);
    ctx.keepDecision(decision);
    setGate(gateAt(Date.now()));
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
      pending.flush();
      const ids = tracker.current(now);
      startedAt = ids.startedAt;
      buffer.drain();
      decision = ctx.decide(ids.sessionId);
      setGate(gateAt(now));
      takeFullSnapshot();
    }
    const ids = tracker.current(now);
    if (status.get().sessionId !== ids.sessionId) status.update({ sessionId: ids.sessionId });
    pending.add({ ids, event: next, at: now });
    if (gate === "buffer") {
      const reason = triggerOf(next, { onError: decision.onError, ...options.triggers });
      if (reason) fire(reason);
    }
  };

  // The replay goes first; the behavioral stream gets what is left of the browser's keepalive budget.
  const stopListening = listenForPageHide(safe, (final, keepForNextPage) => {
    pending.flush();
    if (gate !== "record") return;
    transport.flushOnUnload({ final, keepForNextPage });
    if (sendBehavioral) behavioral?.flushOnUnload(budget);
  });
  setGate(gateAt(Date.now()));
  // What an earlier page of this tab could not send as it unloaded goes first.
  transport.resume();
  const behavioral = options.behavioral && deps.observers
    ? deps.observers.startBehavioralStream({
      ...options,
      intervalMs: options.flushIntervalMs,
      safe,
      // Sent only while the session is recorded, like the replay itself.
      ids: () => (gate === "record" && sendBehavioral ? tracker.current(Date.now()) : null),
    })
    : null;

  const pipeline: Pipeline = {
    addCustomEvent(name, payload, at) {
      emit(createCustomEvent(name, redactDeep(payload, rules), at), { userActivity: false });
    },
    trigger: fire,
    flush: (opts) => {
      if (stopped) return Promise.resolve();
      pending.flush();
      if (gate !== "record") return Promise.resolve();
      return Promise.all([transport.flush(opts), behavioral?.flush().catch(() => undefined)]).then(() =>
        undefined
      );
    },
    stop({ dropUnsent }) {
      if (stopped) return;
      pending.flush(dropUnsent);
      if (dropUnsent) sendBehavioral = false;
      behavioral?.stop();
      stopped = true;
      stopGateTimer();
      stopListening();
      recorder?.stop();
      if (dropUnsent || gate !== "record") transport.stop({ dropUnsent: true });
      else {
        const done = (): void => transport.stop();
        void transport.flush({ final: true }).then(done, done);
      }
    },
  };
  try {
    recorder = startRecording({
      ...options,
      errors: recordsErrors(options),
      observers: deps.observers,
      redactionRules: rules,
      emit,
      safe,
    });
  } catch (error) {
    // Leave nothing running behind a recorder that could not start; the handle reports the failure.
    pipeline.stop({ dropUnsent: true });
    throw error;
  }
  ctx.setSdkErrorSink(sdkErrorSink(() => (stopped ? null : recorder)));
  return pipeline;
}

/** Records each error the SDK catches in itself, unless recording one fails back into here. */
function sdkErrorSink(target: () => RecorderHandle | null): (error: unknown) => void {
  let reporting = false;
  return (error) => {
    const recorder = target();
    if (reporting || !recorder) return;
    reporting = true;
    try {
      recorder.recordSdkError(error);
    } finally {
      reporting = false;
    }
  };
}
