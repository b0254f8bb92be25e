/** Checks that apply to every route before it runs: no key in a URL, and a cap on failed authentications. */
import type { CollectorDeps } from "../deps.ts";
import { createRateLimiter } from "../ops/rate-limit.ts";
import { addressOf, type Call } from "./call.ts";
import { CollectorError } from "../errors.ts";
import { errorResponse } from "../wire-errors.ts";

/** Query parameter names that look like a credential; compared case-insensitively. */
const KEY_PARAM_NAMES = new Set([
  "key",
  "x-rerun-key",
  "token",
  "apikey",
  "api_key",
  "api-key",
  "access_token",
  "auth",
  "authorization",
  "publickey",
  "public_key",
  "readkey",
  "read_key",
  "adminkey",
  "admin_key",
  "secret",
]);

/** Whether the URL carries something that looks like a key (refused with 400, so keys never reach logs). */
export function hasKeyInQuery(url: URL): boolean {
  return [...url.searchParams.keys()].some((name) => KEY_PARAM_NAMES.has(name.toLowerCase()));
}

/**
 * Failed authentications per address, whatever key each presented (AUTH_FAILURE_LIMIT): counting per (address,
 * key) let 30 guessed admin keys get 30 × 401 and no 429. Secret keys (read, admin) are checked on every route
 * but ingest's; public ingest keys are in every page's source, so there is nothing to guess.
 */
export function createAuthFailureGuard(deps: Pick<CollectorDeps, "config" | "now">) {
  const failures = createRateLimiter(deps.config.AUTH_FAILURE_LIMIT);
  const guarded = (call: Call) =>
    !call.ingest && call.url.pathname !== "/health" && call.req.method !== "OPTIONS";
  return {
    /** A 429 for an address that failed too often, before its key is looked at; else null. */
    blocked(call: Call): Response | null {
      if (!guarded(call)) return null;
      const decision = failures.peek(addressOf(call), deps.now());
      if (decision.kind !== "limited") return null;
      return errorResponse(
        call.url,
        new CollectorError(
          "rate_limited",
          `too many failed authentications from this address; retry in ${decision.retryAfterS} s`,
          { retryAfterS: decision.retryAfterS },
        ),
      );
    },
    /** Counts a 401 the route answered. */
    count(call: Call, response: Response): void {
      if (guarded(call) && response.status === 401) failures.check(addressOf(call), deps.now());
    },
  };
}

/** A request over its route's rate limit (429 with `Retry-After`). */
export function rateLimited(decision: { retryAfterS: number }): CollectorError {
  return new CollectorError("rate_limited", `rate limit reached; retry in ${decision.retryAfterS} s`, {
    retryAfterS: decision.retryAfterS,
  });
}
