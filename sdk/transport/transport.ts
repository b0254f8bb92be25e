/**
 * The transport: batching, the bounded send queue, retries and the unload flush, wired together.
 *
 * Strategy:
 * - Events are serialized once and buffered by the batcher; a timer cuts the buffer every
 *   `flushIntervalMs`, and the batcher asks for a cut at `flushMaxBytes`.
 * - A cut draft gets the next sequence number of its window and the current meta, and joins the queue
 *   (bounded: the oldest is dropped and counted past `maxQueuedBatches`).
 * - One drain loop sends the queue head, oldest first. A retryable failure stops the loop and schedules a
 *   retry with backoff (or `Retry-After`); the next timer tick or flush does not jump that wait.
 * - A refusal (4xx other than 408/429) drops that batch; 401 and 403 mean the key or origin is wrong, so the
 *   transport stops and reports `ingest_refused` rather than retrying forever.
 * - On unload every queued batch is handed to the browser synchronously (keepalive fetch or beacon). The
 *   collector acknowledges a repeated (session, window, sequence) as a duplicate, so a batch that was also
 *   in flight normally is stored once.
 */
import type { BatchMeta } from "../../shared/batch.ts";
import { SdkError } from "../errors.ts";
import type { SafeCallback } from "../safe-callback.ts";
import type { SessionIds } from "../session.ts";
import { computeRetryDelay } from "./backoff.ts";
import { buildBatchBody, type PendingBatch } from "./batch-body.ts";
import { createBatcher } from "./batcher.ts";
import { createBoundedQueue } from "./queue.ts";
import { ingestUrl, type KeepaliveBudget, sendBatch, sendOnUnload } from "./send.ts";

/** What the transport reports after every change, for `RecordingStatus`. */
export type TransportSnapshot = {
  queuedBatches: number;
  droppedBatches: number;
  lastSentAt: number | null;
  lastError: SdkError | null;
  health: "ok" | "retrying" | "refused";
};

/** Settings of {@link startTransport}. */
export type TransportOptions = {
  appId: string;
  publicKey: string;
  ingestBaseUrl: string;
  flushIntervalMs: number;
  flushMaxBytes: number;
  maxQueuedBatches: number;
  /** Meta of the batch being cut (consent, user, tags, URL…). */
  getMeta(): BatchMeta;
  onChange(snapshot: TransportSnapshot): void;
  safe: SafeCallback;
  now?: () => number;
};

/** A running transport. */
export type Transport = {
  /** Buffers one event, already `JSON.stringify`-ed, for these ids. */
  add(ids: SessionIds, eventJson: string): void;
  /** Cuts the buffer and sends what is queued; resolves when the queue is empty or a send failed. */
  flush(opts?: { final?: boolean }): Promise<void>;
  /** Cuts the buffer and hands every queued batch to the browser synchronously (page is going away). */
  flushOnUnload(opts: { final: boolean; budget?: KeepaliveBudget }): void;
  /** Stops timers; with `dropUnsent` the buffer and queue are discarded and nothing more is sent. */
  stop(opts?: { dropUnsent?: boolean }): void;
  snapshot(): TransportSnapshot;
};

/** Starts the transport's timer; returns the handle whose `stop` ends it. */
export function startTransport(opts: TransportOptions): Transport {
  const now = opts.now ?? Date.now;
  const url = ingestUrl(opts.ingestBaseUrl);
  const batcher = createBatcher({ maxBytes: opts.flushMaxBytes });
  const queue = createBoundedQueue<PendingBatch>(opts.maxQueuedBatches);
  let sequenceWindow = "";
  let sequence = 0;
  let droppedTotal = 0;
  let droppedUnreported = 0;
  let lastSentAt: number | null = null;
  let lastError: SdkError | null = null;
  let health: TransportSnapshot["health"] = "ok";
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let draining: Promise<void> | null = null;
  let stopped = false;

  const snapshot = (): TransportSnapshot => ({
    queuedBatches: queue.size,
    droppedBatches: droppedTotal,
    lastSentAt,
    lastError,
    health,
  });
  const changed = (): void => {
    opts.safe.run("transport.onChange", () => opts.onChange(snapshot()));
  };

  const enqueue = (draft: ReturnType<typeof batcher.cut>, final: boolean): void => {
    if (!draft) return;
    if (draft.windowId !== sequenceWindow) {
      sequenceWindow = draft.windowId;
      sequence = 0;
    }
    const batch: PendingBatch = { ...draft, sequence: sequence++, meta: opts.getMeta() };
    if (final) batch.final = true;
    const dropped = queue.push(batch);
    droppedTotal += dropped;
    droppedUnreported += dropped;
    changed();
  };

  const cut = (final: boolean): void => {
    const draft = batcher.cut();
    if (draft) enqueue(draft, final);
    else if (final) {
      // Nothing buffered: mark the newest queued batch as the window's last, if it is still unsent.
      const items = queue.items();
      const last = items[items.length - 1];
      if (last && last.windowId === sequenceWindow) last.final = true;
    }
  };

  const scheduleRetry = (delayMs: number): void => {
    if (retryTimer !== null || stopped) return;
    retryTimer = setTimeout(
      opts.safe.wrap("transport.retry", () => {
        retryTimer = null;
        void drain();
      }),
      delayMs,
    );
  };

  const sendHead = async (batch: PendingBatch): Promise<boolean> => {
    const reported = droppedUnreported;
    const body = buildBatchBody(batch, { appId: opts.appId, droppedBatches: reported });
    const outcome = await sendBatch(body, { url, publicKey: opts.publicKey, now });
    if (stopped) return false;
    switch (outcome.kind) {
      case "sent":
        queue.remove(batch);
        droppedUnreported -= reported;
        lastSentAt = now();
        attempt = 0;
        health = "ok";
        changed();
        return true;
      case "retry":
        lastError = new SdkError(
          "collector_unreachable",
          `[POST] ${url}: ${outcome.message}; retrying`,
          outcome.status,
        );
        health = "retrying";
        scheduleRetry(computeRetryDelay({ attempt: attempt++, retryAfterMs: outcome.retryAfterMs }));
        changed();
        return false;
      case "refused": {
        queue.remove(batch);
        lastError = new SdkError("ingest_refused", `[POST] ${url}: ${outcome.message}`, outcome.status);
        if (outcome.status === 401 || outcome.status === 403) {
          health = "refused";
          stopAll(true);
        }
        changed();
        return outcome.status !== 401 && outcome.status !== 403;
      }
      default: {
        const never: never = outcome;
        throw new Error(`unknown send outcome ${JSON.stringify(never)}`);
      }
    }
  };

  const drain = (): Promise<void> => {
    if (draining) return draining;
    if (stopped || retryTimer !== null) return Promise.resolve();
    const run = async (): Promise<void> => {
      try {
        for (let head = queue.peek(); head && !stopped; head = queue.peek()) {
          if (!(await sendHead(head))) break;
        }
      } catch (error) {
        opts.safe.run("transport.drain", () => {
          throw error;
        });
      }
    };
    // Reset in a `.finally` callback, which runs after this assignment even when the queue was empty and
    // `run` finished synchronously; resetting inside `run` would leave a settled promise here for good.
    const current = run().finally(() => {
      if (draining === current) draining = null;
    });
    draining = current;
    return current;
  };

  const interval = setInterval(
    opts.safe.wrap("transport.tick", () => {
      cut(false);
      void drain();
    }),
    opts.flushIntervalMs,
  );

  const stopAll = (dropUnsent: boolean): void => {
    stopped = true;
    clearInterval(interval);
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    if (dropUnsent) {
      batcher.clear();
      queue.clear();
    }
  };

  return {
    add(ids, eventJson) {
      if (stopped) return;
      const { cutBefore, full } = batcher.add(ids, eventJson);
      if (cutBefore) enqueue(cutBefore, true);
      if (full) {
        cut(false);
        void drain();
      }
    },
    async flush(flushOpts) {
      if (stopped) return;
      cut(flushOpts?.final === true);
      // A flush is an explicit request: try now even if a retry was scheduled.
      if (retryTimer !== null) {
        clearTimeout(retryTimer);
        retryTimer = null;
      }
      await drain();
      // A batch cut while the previous drain was running is sent by a second pass.
      if (queue.size > 0 && retryTimer === null && health !== "refused") await drain();
    },
    flushOnUnload({ final, budget = { used: 0 } }) {
      if (stopped) return;
      cut(final);
      for (const batch of queue.items()) {
        const reported = droppedUnreported;
        const body = buildBatchBody(batch, { appId: opts.appId, droppedBatches: reported });
        const handed = sendOnUnload({
          url,
          publicKey: opts.publicKey,
          body,
          beaconBody: () =>
            buildBatchBody(batch, { appId: opts.appId, droppedBatches: reported, key: opts.publicKey }),
          budget,
        });
        if (!handed) break;
        queue.remove(batch);
        droppedUnreported -= reported;
      }
      changed();
    },
    stop(stopOpts) {
      stopAll(stopOpts?.dropUnsent === true);
      changed();
    },
    snapshot,
  };
}
