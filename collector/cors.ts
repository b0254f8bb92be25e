/**
 * CORS for the browser SDK (Fetch standard, "CORS protocol"). Only origins listed in `CORS_ORIGINS` are
 * answered with `Access-Control-Allow-Origin` (echoing that origin, never `*` with credentials); `*` in the
 * list allows any origin. A request from any other origin is refused by `http.ts` before it reaches tRPC.
 */
const ALLOWED_METHODS = "POST, GET, OPTIONS";
const ALLOWED_HEADERS = "content-type, content-encoding, x-rerun-key, authorization";
/** Browsers cap this (Chromium at 2 h); 10 min keeps preflights rare without pinning a stale policy long. */
const PREFLIGHT_MAX_AGE_S = 600;

export type CorsPolicy = {
  /** Whether a request carrying this Origin header may be served. */
  allows(origin: string): boolean;
  /** Headers for a response to an allowed origin. */
  headers(origin: string): Record<string, string>;
  /** Extra headers for the answer to a preflight. */
  preflightHeaders(): Record<string, string>;
};

export function createCorsPolicy(origins: readonly string[]): CorsPolicy {
  const anyOrigin = origins.includes("*");
  // Compare serialized origins ("https://a.example"), so a configured trailing slash does not matter.
  const allowed = new Set(origins.filter((o) => o !== "*").map(normalizeOrigin));
  return {
    allows: (origin) => anyOrigin || allowed.has(normalizeOrigin(origin)),
    headers: (origin) => ({ "access-control-allow-origin": origin, vary: "Origin" }),
    preflightHeaders: () => ({
      "access-control-allow-methods": ALLOWED_METHODS,
      "access-control-allow-headers": ALLOWED_HEADERS,
      "access-control-max-age": String(PREFLIGHT_MAX_AGE_S),
    }),
  };
}

function normalizeOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    return origin;
  }
}
