/**
 * The two ways a batch leaves the page.
 *
 * - {@link postBatch}: the normal path, a gzipped `POST <ingestBaseUrl>/trpc/ingest.batch` with the public
 *   key in the `x-rerun-key` header, classified into sent / retry / refused.
 * - {@link sendOnUnload}: the page is going away (`pagehide`, `visibilitychange=hidden`), so nothing
 *   asynchronous may run first (no gzip now; a body gzipped earlier is reused). `fetch(…, {keepalive: true})`
 *   while the bodies stay within the browser's 64 KiB keepalive budget, else `navigator.sendBeacon` with a
 *   `text/plain` body that carries the key, since a beacon cannot set headers. The key never goes into a URL.
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
  return postBatch(canGzip() ? await gzipText(body) : body, opts);
}

/** What both sends POST: the body without cookies, the key in its header, gzip bytes marked as such. */
function ingestRequest(body: Uint8Array | string, publicKey: string): RequestInit {
  const headers: Record<string, string> = { "content-type": "application/json", [KEY_HEADER]: publicKey };
  if (typeof body !== "string") headers["content-encoding"] = "gzip";
  return { method: "POST", credentials: "omit", headers, body: body as BodyInit };
}

/** POSTs one body (gzip bytes or JSON text) and classifies the answer. */
export async function postBatch(
  payload: Uint8Array | string,
  opts: { url: string; publicKey: string; now: () => number; timeoutMs?: number },
): Promise<SendOutcome> {
  let response: Response;
  const controller = typeof AbortController === "function" ? new AbortController() : null;
  const timer = controller ? setTimeout(() => controller.abort(), opts.timeoutMs ?? SEND_TIMEOUT_MS) : null;
  try {
    response = await fetch(opts.url, {
      ...ingestRequest(payload, opts.publicKey),
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
  const outcome = classifyResponse(
    response.status,
    parseRetryAfter(response.headers.get("retry-after"), opts.now()),
  );
  if (outcome.kind === "refused") {
    // The collector says why (a tRPC error); a status alone does not tell a depth limit from a bad appId.
    try {
      const reason = (JSON.parse(await response.text()) as { error?: { message?: unknown } }).error?.message;
      if (typeof reason === "string") outcome.message += `: ${reason.slice(0, 300)}`;
    } catch {
      // No readable reason: the status is all there is.
    }
  } else response.body?.cancel().catch(() => undefined); // Unread, so the connection is reused sooner.
  return outcome;
}

/**
 * Keepalive and beacon bytes this page has handed to the browser, shared by everything that sends on unload
 * (replay and behavioral streams): Chromium refuses a keepalive fetch or a beacon once the in-flight total
 * would pass 64 KiB, so each sender reserves before it sends.
 */
export type KeepaliveBudget = { used: number };

/** Reserves `bytes` of the budget; false (nothing reserved) when they do not fit. */
export function reserveKeepalive(budget: KeepaliveBudget, bytes: number): boolean {
  if (budget.used + bytes > KEEPALIVE_MAX_BYTES) return false;
  budget.used += bytes;
  return true;
}

/** Bytes a JSON body costs against the budget: characters undercount multi-byte UTF-8, so a 4× margin. */
function jsonBytes(body: string): number {
  return body.length * (/[\u0080-\uffff]/.test(body) ? 4 : 1);
}

/**
 * Hands one batch to the browser during unload; returns false when neither keepalive nor beacon took it.
 * `body` (gzip bytes, or JSON without the key, which goes in the header) is tried as a keepalive fetch;
 * `beaconBody` (JSON that carries the key in its `key` field; `null` when there is none) as a beacon, which
 * cannot set headers.
 * Reservations made here are never released: the page is going away.
 */
export function sendOnUnload(opts: {
  url: string;
  publicKey: string;
  body: Uint8Array | string;
  beaconBody: (() => string) | null;
  budget: KeepaliveBudget;
}): boolean {
  const bytes = typeof opts.body === "string" ? jsonBytes(opts.body) : opts.body.length;
  if (typeof fetch === "function" && reserveKeepalive(opts.budget, bytes)) {
    fetch(opts.url, { ...ingestRequest(opts.body, opts.publicKey), keepalive: true }).catch(() => undefined);
    return true;
  }
  if (opts.beaconBody && typeof navigator !== "undefined" && typeof navigator.sendBeacon === "function") {
    const beaconBody = opts.beaconBody();
    // Chromium counts beacons in the same quota; one that cannot fit is refused anyway.
    if (!reserveKeepalive(opts.budget, beaconBody.length)) return false;
    try {
      return navigator.sendBeacon(opts.url, new Blob([beaconBody], { type: "text/plain" }));
    } catch {
      return false;
    }
  }
  return false;
}
