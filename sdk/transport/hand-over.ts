/**
 * A queued batch handed to the browser as the page unloads, when nothing asynchronous may run first: its gzip
 * body if one was built (no gzip now), else its JSON, as a keepalive fetch or, past that budget, a beacon.
 */
import { buildBatchBody, type PendingBatch } from "./batch-body.ts";
import type { OutboxEntry } from "./outbox.ts";
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
