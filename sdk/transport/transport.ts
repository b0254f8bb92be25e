/**
 * The transport: batching, the bounded send queue, retries and the unload flush, wired together.
 *
 * - Events arrive serialized; the batcher cuts them into a batch every `flushIntervalMs`, at
 *   `flushMaxBytes`, on a flush, or when the session rotates. A cut gets the next sequence number of its
 *   window and the current meta, and joins the queue (bounded: past `maxQueuedBatches` the oldest is dropped
 *   and counted, and the next batch to arrive reports the count).
 * - One drain loop sends the queue head, oldest first; how each answer changes the health is
 *   `send-status.ts`. A send to retry stops the loop until its backoff (or `Retry-After`) has passed, which a
 *   later tick does not jump; 401 and 403 stop the transport rather than retry forever.
 * - A window's first batch (its full snapshot) is sent as soon as it is cut ({@link Transport.sendNow}): a
 *   reader who follows a link after a second must not lose the page.
 * - A batch's gzip body is kept with it for retries and for the unload path, which cannot gzip.
 * - On unload every queued batch is handed to the browser synchronously (`hand-over.ts`, 64 KiB in all);
 *   what does not fit waits in the outbox (`outbox.ts`) for the next page of the tab
 *   ({@link Transport.resume}), and what fits nowhere is counted as dropped (`unload_too_large`). The
 *   collector acknowledges a repeated (session, window, sequence) as a duplicate, so it is stored once.
 */
import type { BatchMeta } from "../../shared/batch.ts";
import { SdkError } from "../errors.ts";
import type { SafeCallback } from "../safe-callback.ts";
import type { SessionIds } from "../session.ts";
import { computeRetryDelay } from "./backoff.ts";
import { batchPayload, type PendingBatch, reportedBy } from "./batch-body.ts";
import { type BatchDraft, createBatcher } from "./batcher.ts";
import { handOverQueue, markLastFinal, resumedBatch } from "./hand-over.ts";
import type { Outbox } from "./outbox.ts";
import { createBoundedQueue } from "./queue.ts";
import { ingestUrl, type KeepaliveBudget, postBatch } from "./send.ts";
import { type Health, reduceHealth, sendError } from "./send-status.ts";
import { singleFlight } from "./single-flight.ts";

/** What the transport reports after every change, for `RecordingStatus`. */
export type TransportSnapshot = {
  queuedBatches: number;
  droppedBatches: number;
  lastSentAt: number | null;
  lastError: SdkError | null;
  health: Health;
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
  const target = { ...opts, url };
  const batcher = createBatcher({ maxBytes: opts.flushMaxBytes });
  const queue = createBoundedQueue<PendingBatch>(opts.maxQueuedBatches);
  let lastSentAt: number | null = null;
  let lastError: SdkError | null = null;
  let health: Health = "ok";
  // Retries since the last batch arrived: the backoff step of the next one.
  let attempt = 0;
  let sequenceWindow = "";
  let sequence = 0;
  let droppedTotal = 0;
  // Dropped batches that no delivered batch has reported yet (`meta.droppedBatches`).
  let droppedUnreported = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
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

  /** Counts batches lost for good; with a message, they were lost at unload (`unload_too_large`). */
  const noteDropped = (count: number, message?: string): void => {
    if (count <= 0) return;
    droppedTotal += count;
    droppedUnreported += count;
    if (message !== undefined) lastError = new SdkError("unload_too_large", message);
  };

  const enqueue = (draft: BatchDraft, final: boolean): void => {
    if (draft.windowId !== sequenceWindow) {
      sequenceWindow = draft.windowId;
      sequence = 0;
    }
    const batch: PendingBatch = { ...draft, sequence: sequence++, meta: opts.getMeta() };
    if (final) batch.final = true;
    noteDropped(queue.push(batch));
    changed();
  };

  const cut = (final: boolean): void => {
    const draft = batcher.cut();
    if (draft) enqueue(draft, final);
    else if (final) markLastFinal(queue.items(), sequenceWindow);
  };

  const cancelRetry = (): void => {
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
  };
  const retry = opts.safe.wrap("transport.retry", (): void => {
    retryTimer = null;
    void drain();
  });

  /** Sends the queue head; true when the next one may follow. */
  const sendHead = async (batch: PendingBatch): Promise<boolean> => {
    const reported = reportedBy(batch, droppedUnreported);
    const payload = await batchPayload(batch, opts.appId, reported);
    if (stopped) return false;
    // Handed to the browser by an unload flush while it was being gzipped: nothing left to do.
    if (queue.peek() !== batch) return true;
    const outcome = await postBatch(payload, { url, publicKey: opts.publicKey, now });
    if (stopped) return false;
    health = reduceHealth(health, outcome);
    lastError = sendError(outcome, url) ?? lastError;
    if (outcome.kind === "sent") {
      if (queue.remove(batch)) droppedUnreported -= reported;
      lastSentAt = now();
      attempt = 0;
    } else if (outcome.kind === "retry") {
      const delayMs = computeRetryDelay({ attempt: attempt++, retryAfterMs: outcome.retryAfterMs });
      retryTimer ??= setTimeout(retry, delayMs);
    } else {
      // Refused for good: nothing of it was stored, so it counts as dropped, and says why.
      if (queue.remove(batch)) noteDropped(1);
      if (health === "refused") stopAll(true);
    }
    changed();
    return outcome.kind !== "retry" && health !== "refused";
  };

  const drain = singleFlight(async () => {
    try {
      for (let head = queue.peek(); head && !stopped; head = queue.peek()) {
        if (!(await sendHead(head))) break;
      }
    } catch (error) {
      opts.safe.run("transport.drain", () => {
        throw error;
      });
    }
  }, () => !stopped && retryTimer === null);

  const sendNow = (): void => {
    if (stopped) return;
    cut(false);
    void drain();
  };
  const interval = setInterval(opts.safe.wrap("transport.tick", sendNow), opts.flushIntervalMs);

  const stopAll = (dropUnsent: boolean): void => {
    stopped = true;
    clearInterval(interval);
    cancelRetry();
    if (dropUnsent) {
      batcher.clear();
      queue.clear();
      opts.outbox.clear();
    }
  };

  return {
    add(ids, eventJson) {
      if (stopped) return;
      const { cutBefore, full } = batcher.add(ids, eventJson);
      if (cutBefore) enqueue(cutBefore, true);
      if (full) sendNow();
    },
    async flush(flushOpts) {
      if (stopped) return;
      cut(flushOpts?.final === true);
      // A flush is an explicit request: try now even if a retry was scheduled.
      cancelRetry();
      await drain();
      // A batch cut while the previous drain was running is sent by a second pass.
      if (queue.size > 0 && retryTimer === null && health !== "refused") await drain();
    },
    sendNow,
    flushOnUnload(how) {
      if (stopped) return;
      cut(how.final);
      const [unreported, lost] = handOverQueue(queue, target, { ...how, unreported: droppedUnreported });
      droppedUnreported = unreported;
      if (lost > 0) {
        const message =
          `${lost} batch(es) lost at unload: over the 64 KiB keepalive limit, no room in sessionStorage`;
        noteDropped(lost, message);
        opts.outbox.noteDropped(lost, message);
      }
      changed();
    },
    resume() {
      if (stopped) return;
      const { entries, dropped, message } = opts.outbox.take();
      for (const entry of entries) noteDropped(queue.push(resumedBatch(entry)));
      noteDropped(dropped, message);
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
