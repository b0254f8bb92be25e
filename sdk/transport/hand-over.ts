/**
 * A queued batch handed to the browser as the page unloads, when nothing asynchronous may run first: its gzip
 * body if one was built (no gzip now), else its JSON, as a keepalive fetch or, past that budget, a beacon.
 */
import { buildBatchBody, type PendingBatch, reportedBy } from "./batch-body.ts";
import type { Outbox, OutboxEntry } from "./outbox.ts";
import type { BoundedQueue } from "./queue.ts";
import { type KeepaliveBudget, sendOnUnload } from "./send.ts";

/** Where and as whom the batch is sent. */
export type HandOverTarget = { url: string; appId: string; publicKey: string; budget: KeepaliveBudget };

/**
 * Hands `batch` (reporting `reported` dropped batches) to the browser; returns `null` when it left, else its
 * body for the outbox.
 */
export function handOverBatch(batch: PendingBatch, reported: number, to: HandOverTarget): OutboxEntry | null {
  const body = batch.gzip?.bytes ?? buildBatchBody(batch, { appId: to.appId, droppedBatches: reported });
  const handed = sendOnUnload({
    url: to.url,
    publicKey: to.publicKey,
    body,
    // A batch resumed as gzip has no JSON to put in a beacon.
    beaconBody: batch.resumed && batch.body === undefined
      ? null
      : () => buildBatchBody(batch, { appId: to.appId, droppedBatches: reported, key: to.publicKey }),
    budget: to.budget,
  });
  if (handed) return null;
  return typeof body === "string" ? { json: body } : { gzip: body };
}

/**
 * With nothing left to cut, marks the newest queued batch of `windowId` as the window's last, if it is still
 * unsent. One already gzipped (in flight, or kept for the unload path, which cannot gzip) stays as it is.
 */
export function markLastFinal(items: readonly PendingBatch[], windowId: string): void {
  const last = items[items.length - 1];
  if (last && last.windowId === windowId && !last.gzip && !last.resumed) last.final = true;
}

/**
 * Hands every queued batch to the browser, oldest first, each reporting the drops still `unreported` then. One
 * that left is removed; one that did not waits in the outbox when `keepForNextPage`, and is removed and counted
 * as lost when the outbox has no room either and the page is `final`. Returns what is still unreported and how
 * many batches were lost.
 */
export function handOverQueue(
  queue: BoundedQueue<PendingBatch>,
  to: HandOverTarget & { outbox: Outbox },
  opts: { final: boolean; keepForNextPage: boolean; unreported: number },
): [unreported: number, lost: number] {
  let { unreported } = opts;
  let lost = 0;
  for (const batch of queue.items()) {
    const reported = reportedBy(batch, unreported);
    const left = handOverBatch(batch, reported, to);
    if (!left) {
      queue.remove(batch);
      unreported -= reported;
    } else if (opts.keepForNextPage && !to.outbox.put(left) && opts.final) {
      queue.remove(batch);
      lost++;
    }
  }
  return [unreported, lost];
}

/** A batch an earlier page left in the outbox, sent as it was stored: its ids, events and meta are in its body. */
export function resumedBatch(entry: OutboxEntry): PendingBatch {
  return {
    resumed: true,
    events: [],
    ...("gzip" in entry ? { gzip: { bytes: entry.gzip, reported: 0 } } : { body: entry.json }),
  } as unknown as PendingBatch;
}
