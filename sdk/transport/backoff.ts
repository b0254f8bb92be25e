/**
 * Retry timing. A failed send (network error, 5xx, 429, 408) is retried after an exponentially growing
 * delay with jitter, so many tabs that lost the collector at once do not come back in lockstep. When the
 * collector says how long to wait (`Retry-After`, RFC 9110 §10.2.3: seconds or an HTTP date), that wins,
 * within a ceiling, because a hostile or broken header must not park the SDK for days.
 */

/** First retry waits about this long. */
export const RETRY_BASE_MS = 1_000;
/** No retry waits longer than this, whatever the attempt count or `Retry-After` says. */
export const RETRY_MAX_MS = 5 * 60_000;

/** Parses `Retry-After` into milliseconds from `now`, or `null` when absent or unparsable. */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/**
 * Delay before retry number `attempt` (0 = first retry): half the exponential step fixed, half random
 * ("equal jitter"), or the server's `Retry-After` when given. Always within [0, RETRY_MAX_MS].
 */
export function computeRetryDelay(opts: {
  attempt: number;
  retryAfterMs?: number | null;
  random?: () => number;
}): number {
  if (typeof opts.retryAfterMs === "number") return Math.min(Math.max(0, opts.retryAfterMs), RETRY_MAX_MS);
  const random = opts.random ?? Math.random;
  const step = Math.min(RETRY_BASE_MS * 2 ** Math.max(0, opts.attempt), RETRY_MAX_MS);
  return Math.min(step / 2 + random() * (step / 2), RETRY_MAX_MS);
}

/** How a collector answer is handled. */
export type SendOutcome =
  | { kind: "sent" }
  | { kind: "retry"; status?: number; retryAfterMs: number | null; message: string }
  | { kind: "refused"; status: number; message: string };

/** Classifies an HTTP answer: 2xx sent; 408, 429 and 5xx retried; any other status refused for good. */
export function classifyResponse(status: number, retryAfterMs: number | null): SendOutcome {
  if (status >= 200 && status < 300) return { kind: "sent" };
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: "retry", status, retryAfterMs, message: `collector answered ${status}` };
  }
  return { kind: "refused", status, message: `collector refused the batch with ${status}` };
}
