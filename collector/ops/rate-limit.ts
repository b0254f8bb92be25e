/**
 * In-process rate limits: a fixed window per (client address, key) for `INGEST_RATE_LIMIT`, `ADMIN_RATE_LIMIT`
 * and `READ_RATE_LIMIT`, and per client address alone for `AUTH_FAILURE_LIMIT`. Fixed windows allow a burst of up to twice the limit across a boundary,
 * which is fine for what this guards against (a runaway SDK loop or key guessing), and cost one map entry
 * per active client. Scale-out instances each count their own clients (SPEC §3: no home-made clustering).
 */
export type RateLimit = { limit: number; windowMs: number };
export type RateDecision = { kind: "allowed" } | { kind: "limited"; retryAfterS: number };

/** Past this many tracked clients, expired windows are swept before a new one is added. */
const SWEEP_AT_ENTRIES = 10_000;

export type RateLimiter = {
  /** Counts one request of `client` and says whether it is within the limit. */
  check(client: string, at: number): RateDecision;
  /** Says whether `client` is over the limit already, without counting a request. */
  peek(client: string, at: number): RateDecision;
};

export function createRateLimiter(rule: RateLimit): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    check(client, at) {
      let window = windows.get(client);
      if (!window || at - window.start >= rule.windowMs) {
        if (!window && windows.size >= SWEEP_AT_ENTRIES) {
          for (const [key, w] of windows) if (at - w.start >= rule.windowMs) windows.delete(key);
        }
        window = { start: at, count: 0 };
        windows.set(client, window);
      }
      window.count++;
      return decide(window, at);
    },
    peek(client, at) {
      const window = windows.get(client);
      if (!window || at - window.start >= rule.windowMs || window.count < rule.limit) {
        return { kind: "allowed" };
      }
      return decide({ start: window.start, count: window.count + 1 }, at);
    },
  };

  function decide(window: { start: number; count: number }, at: number): RateDecision {
    if (window.count <= rule.limit) return { kind: "allowed" };
    return {
      kind: "limited",
      retryAfterS: Math.max(1, Math.ceil((window.start + rule.windowMs - at) / 1000)),
    };
  }
}
