/**
 * The behavioral stream (option `behavioral`): a compact, value-free record of how a person interacts —
 * pointer presses with coordinates, scroll positions, focus and blur with the element's selector, key
 * presses as a category only (never the key), page visibility — batched and sent to the same collector's
 * `POST /trpc/ingest.behavioral` with the same key header. Nothing else is in it: no text, no values, no URL.
 */
import type { BehavioralBatch, BehavioralEvent } from "../../../shared/batch.ts";
import type { SafeCallback } from "../../safe-callback.ts";
import type { SessionIds } from "../../session.ts";
import { type KeepaliveBudget, sendBatch, sendOnUnload } from "../../transport/send.ts";
import { selectorFor } from "./selector.ts";

/** Path of the tRPC procedure the stream goes to. */
export const INGEST_BEHAVIORAL_PATH = "/trpc/ingest.behavioral";
/** Scroll positions kept at most this often: enough to see reading, not every frame. */
const SCROLL_EVERY_MS = 250;
/** Events kept between sends; past this the oldest go (a tab left open must not grow without bound). */
const MAX_BUFFERED_EVENTS = 5_000;

type KeyCategory = NonNullable<BehavioralEvent["key"]>;

/** The category of a `KeyboardEvent.key`: which kind of key, never which key. */
export function keyCategory(key: string): KeyCategory {
  switch (key) {
    case "Enter":
      return "enter";
    case "Backspace":
    case "Delete":
      return "backspace";
    case "Tab":
      return "tab";
    case "ArrowUp":
    case "ArrowDown":
    case "ArrowLeft":
    case "ArrowRight":
      return "arrow";
    case "Shift":
    case "Control":
    case "Alt":
    case "Meta":
    case "CapsLock":
      return "modifier";
    default:
      // One printable character (any script) is "char"; named keys (Escape, F1, Home…) are "other".
      return [...key].length === 1 ? "char" : "other";
  }
}

/** The running behavioral stream. */
export type BehavioralStream = {
  flush(): Promise<void>;
  /** Sends what waits without anything asynchronous first, within the page's shared keepalive budget. */
  flushOnUnload(budget: KeepaliveBudget): void;
  stop(): void;
};

/** Settings of {@link startBehavioralStream}. */
export type BehavioralStreamOptions = {
  appId: string;
  publicKey: string;
  ingestBaseUrl: string;
  intervalMs: number;
  safe: SafeCallback;
  /** The current ids, or `null` when nothing may be sent now (not recording). */
  ids(): SessionIds | null;
};

/** Starts listening and sending; returns the handle whose `stop` removes the listeners and sends the rest. */
export function startBehavioralStream(opts: BehavioralStreamOptions): BehavioralStream {
  const url = opts.ingestBaseUrl.replace(/\/+$/, "") + INGEST_BEHAVIORAL_PATH;
  let events: BehavioralEvent[] = [];
  let lastScroll = 0;
  let window = "";
  let sequence = 0;

  const push = (event: BehavioralEvent): void => {
    if (events.length >= MAX_BUFFERED_EVENTS) events.shift();
    events.push(event);
  };
  const targetOf = (target: EventTarget | null): string | undefined =>
    target instanceof Element ? selectorFor(target).slice(0, 300) : undefined;

  const listeners: Array<[EventTarget, string, (e: Event) => void]> = [
    [document, "pointerdown", (e) => {
      const p = e as PointerEvent;
      push({
        t: Date.now(),
        kind: "pointer",
        x: Math.round(p.clientX),
        y: Math.round(p.clientY),
        target: targetOf(p.target),
      });
    }],
    [document, "scroll", () => {
      const now = Date.now();
      if (now - lastScroll < SCROLL_EVERY_MS) return;
      lastScroll = now;
      push({ t: now, kind: "scroll", x: Math.round(scrollX), y: Math.round(scrollY) });
    }],
    [document, "focusin", (e) => push({ t: Date.now(), kind: "focus", target: targetOf(e.target) })],
    [document, "focusout", (e) => push({ t: Date.now(), kind: "blur", target: targetOf(e.target) })],
    [
      document,
      "keydown",
      (e) => push({ t: Date.now(), kind: "key", key: keyCategory((e as KeyboardEvent).key ?? "") }),
    ],
    [document, "visibilitychange", () => push({ t: Date.now(), kind: "visibility" })],
  ];
  const wrapped = listeners.map(([target, type, fn]) =>
    [target, type, opts.safe.wrap(`behavioral.${type}`, fn)] as const
  );
  for (const [target, type, fn] of wrapped) {
    target.addEventListener(type, fn, { capture: true, passive: true });
  }

  /** Takes what waits as the next batch, or `null` when there is nothing to send or sending is off. */
  const takeBatch = (): BehavioralBatch | null => {
    const ids = opts.ids();
    if (!ids) {
      events = [];
      return null;
    }
    if (events.length === 0) return null;
    if (ids.windowId !== window) {
      window = ids.windowId;
      sequence = 0;
    }
    const batch: BehavioralBatch = {
      appId: opts.appId,
      sessionId: ids.sessionId,
      windowId: ids.windowId,
      sequence: sequence++,
      events,
    };
    events = [];
    return batch;
  };

  const flush = async (): Promise<void> => {
    const batch = takeBatch();
    // Best effort: the stream is a summary, so a failed send is dropped rather than retried.
    if (batch) await sendBatch(JSON.stringify(batch), { url, publicKey: opts.publicKey, now: Date.now });
  };

  const flushOnUnload = (budget: KeepaliveBudget): void => {
    const batch = takeBatch();
    if (!batch) return;
    sendOnUnload({
      url,
      publicKey: opts.publicKey,
      body: JSON.stringify(batch),
      beaconBody: () => JSON.stringify({ ...batch, key: opts.publicKey }),
      budget,
    });
  };
  const timer = setInterval(
    opts.safe.wrap("behavioral.tick", () => void flush().catch(() => undefined)),
    opts.intervalMs,
  );

  return {
    flush,
    flushOnUnload,
    stop() {
      clearInterval(timer);
      for (const [target, type, fn] of wrapped) target.removeEventListener(type, fn, { capture: true });
      void flush().catch(() => undefined);
    },
  };
}
