/**
 * When a session settles (SPEC §8): SESSION_SETTLE_MINUTES after its latest batch, or sooner when that batch
 * was the window's `final` one. A final batch is sent on `pagehide`, which also fires when the user follows a
 * link to the next page of the same session, whose first batch comes within the SDK's 5 s flush: waiting
 * {@link FINAL_SETTLE_GRACE_MS} after a final batch spares analysing a multi-page session at every page.
 */
import type { CollectorConfig } from "../../shared/config.ts";

export const FINAL_SETTLE_GRACE_MS = 30_000;

export function settleDelayMs(
  config: Pick<CollectorConfig, "SESSION_SETTLE_MINUTES">,
  final: boolean,
): number {
  const settleMs = config.SESSION_SETTLE_MINUTES * 60_000;
  return final ? Math.min(FINAL_SETTLE_GRACE_MS, settleMs) : settleMs;
}

/** Epoch ms when a session whose latest batch arrived at `receivedAt` settles. */
export function settleDueAt(
  config: Pick<CollectorConfig, "SESSION_SETTLE_MINUTES">,
  receivedAt: number,
  final: boolean,
): number {
  return receivedAt + settleDelayMs(config, final);
}
