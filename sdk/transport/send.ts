/**
 * The two ways a batch leaves the page.
 *
 * - {@link sendBatch}: the normal path, a gzipped `POST <ingestBaseUrl>/trpc/ingest.batch` with the public
 *   key in the `x-rerun-key` header, classified into sent / retry / refused.
 * - {@link sendOnUnload}: the page is going away (`pagehide`, `visibilitychange=hidden`), so nothing
 *   asynchronous may run first (no gzip). Plain JSON with `fetch(…, {keepalive: true})` while the bodies stay
 *   within the browser's 64 KiB keepalive budget, else `navigator.sendBeacon` with a `text/plain` body that
 *   carries the key, since a beacon cannot set headers. The key never goes into a URL.
 */
import { KEEPALIVE_MAX_BYTES, KEY_HEADER } from "../../shared/limits.ts";
import { classifyResponse, parseRetryAfter, type SendOutcome } from "./backoff.ts";
import { canGzip, gzipText } from "./gzip.ts";

/**
 * A send with no answer after this long is abandoned and retried with backoff: a collector (or proxy) that
 * holds the request forever would otherwise block the queue behind it until it fills and drops batches. Well
 * above the collector's own storage deadline (STORAGE_TIMEOUT_MS, 10 s), which answers 503 first; a batch that
 * was stored after all is acknowledged as a duplicate on the retry.
 */
export const SEND_TIMEOUT_MS = 30_000;

/** Path of the tRPC procedure every batch goes to. */
export const INGEST_BATCH_PATH = "/trpc/ingest.batch";

/** Returns the ingest URL for a base URL with or without a trailing slash. */
export function ingestUrl(ingestBaseUrl: string): string {
  return ingestBaseUrl.replace(/\/+$/, "") + INGEST_BATCH_PATH;
}

/** Sends one batch body gzipped (when the browser can) and classifies the answer. */
export async function sendBatch(
  body: string,
  opts: { url: string; publicKey: string; now: () => number; timeoutMs?: number },
): Promise<SendOutcome> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    [KEY_HEADER]: opts.publicKey,
  };
  let payload: BodyInit = body;
  if (canGzip()) {
    payload = await gzipText(body) as Uint8Array<ArrayBuffer>;
    headers["content-encoding"] = "gzip";
  }
  let response: Response;
  const controller = typeof AbortController === "function" ? new AbortController() : null;
  const timer = controller ? setTimeout(() => controller.abort(), opts.timeoutMs ?? SEND_TIMEOUT_MS) : null;
  try {
    response = await fetch(opts.url, {
      method: "POST",
      headers,
      body: payload,
      credentials: "omit",
      ...(controller ? { signal: controller.signal } : {}),
    });
  } catch (error) {
    if (controller?.signal.aborted) {
      return {
        kind: "retry",
        retryAfterMs: null,
        message: `no answer within ${
          (opts.timeoutMs ?? SEND_TIMEOUT_MS) / 1000
        } s: the collector or a proxy holds the request`,
      };
    }
    // fetch rejects with a TypeError, and no status, both when the collector is down and when the browser
    // blocked the answer for CORS (Fetch spec, "network error"): the page cannot tell which, so say both.
    const origin = typeof location === "undefined" ? "this page's origin" : location.origin;
    const cause = error instanceof Error ? error.message : String(error);
    return {
      kind: "retry",
      retryAfterMs: null,
      message:
        `no answer (${cause}): the collector is down or unreachable, or its CORS_ORIGINS does not list ${origin}`,
    };
  } finally {
    if (timer !== null) clearTimeout(timer);
  }
  // The body is not needed; releasing it lets the browser reuse the connection.
  response.body?.cancel().catch(() => undefined);
  return classifyResponse(response.status, parseRetryAfter(response.headers.get("retry-after"), opts.now()));
}

/** Keepalive bytes already handed to the browser in this unload, shared by all calls of one flush. */
export type KeepaliveBudget = { used: number };

/**
 * Hands one batch to the browser during unload; returns false when neither keepalive nor beacon took it.
 * `body` has no key (it goes in the header); `beaconBody` carries the key in its `key` field.
 */
export function sendOnUnload(opts: {
  url: string;
  publicKey: string;
  body: string;
  beaconBody: () => string;
  budget: KeepaliveBudget;
}): boolean {
  // Characters undercount multi-byte UTF-8; the 4× margin keeps the estimate on the safe side cheaply.
  const approxBytes = opts.body.length * (/[\u0080-\uffff]/.test(opts.body) ? 4 : 1);
  if (typeof fetch === "function" && opts.budget.used + approxBytes <= KEEPALIVE_MAX_BYTES) {
    opts.budget.used += approxBytes;
    fetch(opts.url, {
      method: "POST",
      keepalive: true,
      credentials: "omit",
      headers: { "content-type": "application/json", [KEY_HEADER]: opts.publicKey },
      body: opts.body,
    }).catch(() => undefined);
    return true;
  }
  if (typeof navigator !== "undefined" && typeof navigator.sendBeacon === "function") {
    try {
      return navigator.sendBeacon(opts.url, new Blob([opts.beaconBody()], { type: "text/plain" }));
    } catch {
      return false;
    }
  }
  return false;
}
