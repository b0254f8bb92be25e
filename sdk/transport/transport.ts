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
 * - A window's first batch (its full snapshot) is sent as soon as it is taken ({@link Transport.sendNow}),
 *   not at the next tick: a reader who follows a link after a second must not lose the page.
 * - A batch's gzip body is kept with it for retries and for the unload path, which cannot gzip.
 * - On unload every queued batch is handed to the browser synchronously (keepalive fetch or beacon, within
 *   64 KiB in all; a send still in flight is cancelled with the page); what does not fit waits in the outbox
 *   (`sessionStorage`, see `outbox.ts`) and the next page of the tab sends it first ({@link Transport.resume}).
 *   What fits nowhere is counted as dropped (`unload_too_large`) and reported by the next page. The collector
 *   acknowledges a repeated (session, window, sequence) as a duplicate, so a batch sent twice is stored once.
 */
import type { BatchMeta } from "../../shared/batch.ts";
import { SdkError } from "../errors.ts";
import type { SafeCallback } from "../safe-callback.ts";
import type { SessionIds } from "../session.ts";
import { computeRetryDelay } from "./backoff.ts";
import { buildBatchBody, type PendingBatch } from "./batch-body.ts";
import { createBatcher } from "./batcher.ts";
import { canGzip, gzipText } from "./gzip.ts";
import type { Outbox, OutboxEntry } from "./outbox.ts";
import { createBoundedQueue } from "./queue.ts";
import { ingestUrl, type KeepaliveBudget, postBatch, sendOnUnload } from "./send.ts";

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
  /** Where batches that cannot leave a page going away wait for the next page of the tab. */
  outbox: Outbox;
  /** The page's keepalive budget, shared with every other sender of the page. */
  budget: KeepaliveBudget;
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
  /** Cuts the buffer and starts sending now, unless a retry is waiting (a full snapshot was just taken). */
  sendNow(): void;
  /**
   * Cuts the buffer and hands every queued batch to the browser synchronously. `keepForNextPage` (on
   * `pagehide`): what does not fit goes to the outbox. `final`: the page is being discarded (not entering
   * the back/forward cache), so what could be neither handed over nor stored is counted as dropped.
   */
  flushOnUnload(opts: { final: boolean; keepForNextPage: boolean }): void;
  /** Queues what an earlier page of the tab left in the outbox, and reports the drops it noted. */
  resume(): void;
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
      // Nothing buffered: mark the newest queued batch as the window's last, if it is still unsent. One
      // already gzipped (in flight, or kept for the unload path, which cannot gzip) stays as it is.
      const items = queue.items();
      const last = items[items.length - 1];
      if (last && last.windowId === sequenceWindow && !last.gzip && !last.resumed) last.final = true;
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

  /** The body to send: the gzip built earlier, or built now (gzipped where the browser can). */
  const payloadOf = async (
    batch: PendingBatch,
  ): Promise<{ payload: Uint8Array | string; reported: number }> => {
    if (batch.gzip) return { payload: batch.gzip.bytes, reported: batch.gzip.reported };
    const reported = batch.resumed ? 0 : droppedUnreported;
    const text = buildBatchBody(batch, { appId: opts.appId, droppedBatches: reported });
    if (!canGzip()) return { payload: text, reported };
    batch.gzip = { bytes: await gzipText(text), reported };
    return { payload: batch.gzip.bytes, reported };
  };

  const sendHead = async (batch: PendingBatch): Promise<boolean> => {
    const { payload, reported } = await payloadOf(batch);
    if (stopped) return false;
    // Handed to the browser by an unload flush while it was being gzipped: nothing left to do.
    if (queue.peek() !== batch) return true;
    const outcome = await postBatch(payload, { url, publicKey: opts.publicKey, now });
    if (stopped) return false;
    switch (outcome.kind) {
      case "sent":
        if (queue.remove(batch)) droppedUnreported -= reported;
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
        // Refused for good: nothing of it was stored, so it counts as dropped, and says why.
        if (queue.remove(batch)) noteDropped(1);
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
      opts.outbox.clear();
    }
  };

  /** Counts batches lost for good; with a message, they were lost at unload (`unload_too_large`). */
  const noteDropped = (count: number, message?: string): void => {
    if (count <= 0) return;
    droppedTotal += count;
    droppedUnreported += count;
    if (message !== undefined) lastError = new SdkError("unload_too_large", message);
  };

  /**
   * Hands one queued batch to the browser during unload (its gzip body if built, else JSON) and takes it off
   * the queue; returns `null` then, else the body for the outbox.
   */
  const handOver = (batch: PendingBatch): OutboxEntry | null => {
    const reported = batch.gzip ? batch.gzip.reported : batch.resumed ? 0 : droppedUnreported;
    const body = batch.gzip?.bytes ?? buildBatchBody(batch, { appId: opts.appId, droppedBatches: reported });
    const handed = sendOnUnload({
      url,
      publicKey: opts.publicKey,
      body,
      // A batch resumed as gzip has no JSON to put in a beacon.
      beaconBody: batch.resumed && batch.body === undefined
        ? null
        : () => buildBatchBody(batch, { appId: opts.appId, droppedBatches: reported, key: opts.publicKey }),
      budget: opts.budget,
    });
    if (!handed) return typeof body === "string" ? { json: body } : { gzip: body };
    queue.remove(batch);
    droppedUnreported -= reported;
    return null;
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
    sendNow() {
      if (stopped) return;
      cut(false);
      void drain();
    },
    flushOnUnload({ final, keepForNextPage }) {
      if (stopped) return;
      cut(final);
      let dropped = 0;
      for (const batch of queue.items()) {
        const left = handOver(batch);
        if (left && keepForNextPage && !opts.outbox.put(left) && final) {
          queue.remove(batch);
          dropped++;
        }
      }
      if (dropped > 0) {
        const message =
          `${dropped} batch(es) lost at unload: over the 64 KiB keepalive limit, no room in sessionStorage`;
        noteDropped(dropped, message);
        opts.outbox.noteDropped(dropped, message);
      }
      changed();
    },
    resume() {
      if (stopped) return;
      const { entries, dropped, message } = opts.outbox.take();
      for (const entry of entries) {
        // Sent as stored: its ids, events and meta are in its body.
        const batch = {
          resumed: true,
          events: [],
          ...("gzip" in entry ? { gzip: { bytes: entry.gzip, reported: 0 } } : { body: entry.json }),
        } as unknown as PendingBatch;
        const overflow = queue.push(batch);
        droppedTotal += overflow;
        droppedUnreported += overflow;
      }
      if (dropped > 0) noteDropped(dropped, message);
      changed();
      void drain();
    },
    stop(stopOpts) {
      stopAll(stopOpts?.dropUnsent === true);
      changed();
    },
    snapshot,
  };
}
