/**
 * One fetch or XHR exchange as `network.ts`'s patches see it, and the `rerun.network` payload it becomes.
 */
import type { NetworkPayload } from "../../../shared/events.ts";
import type { ResolvedOptions } from "../../options.ts";
import type { SafeCallback } from "../../safe-callback.ts";
import type { NetworkCapture } from "./network-capture.ts";

/** Which URLs are never recorded: the collector's own, and those on `network.urlDenyList`. */
export type DenyRules = { ingestBaseUrl: string; network: Pick<ResolvedOptions["network"], "urlDenyList"> };

/** Whether a stripped URL must not be recorded. */
export function isDeniedUrl(url: string, opts: DenyRules): boolean {
  if (opts.ingestBaseUrl && url.startsWith(opts.ingestBaseUrl)) return true;
  return opts.network.urlDenyList.some((
    rule,
  ) => (typeof rule === "string" ? url.includes(rule) : rule.test(url)));
}

/** What the fetch and XHR patches share; its URLs are checked with {@link isDeniedUrl}. */
export type ExchangeRecording = {
  /** Records a finished exchange as `rerun.network`. */
  record(payload: NetworkPayload): void;
  ingestBaseUrl: string;
  /** `urlDenyList`, and `bodyMaxBytes`: characters of a response body read at most. */
  network: Pick<ResolvedOptions["network"], "urlDenyList" | "bodyMaxBytes">;
  capture: NetworkCapture;
  safe: SafeCallback;
};

/** What is known of one exchange when its request leaves. */
export type Exchange = {
  url: string;
  /** The URL as the page gave it, for path rules (never recorded). */
  rawUrl?: string;
  method: string;
  requestBytes: number | undefined;
  startMs: number;
  start: number;
  requestHeaders?: Record<string, string> | undefined;
  requestBody?: string;
};

/** The size of a request body, when its kind says it. */
export function bodySize(body: unknown): number | undefined {
  if (typeof body === "string") return body.length;
  if (body instanceof Blob) return body.size;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof URLSearchParams) return body.toString().length;
  return undefined;
}

/** The request body as text when it is text (bodies of other kinds are never captured). */
export function bodyText(body: unknown): string | null {
  if (typeof body === "string") return body;
  if (body instanceof URLSearchParams) return body.toString();
  return null;
}

/** The request's content type: its header, else what `fetch`/XHR would send for a text body. */
export function requestContentType(headers: Headers, body: unknown): string | null {
  return headers.get("content-type") ??
    (typeof body === "string"
      ? "text/plain"
      : body instanceof URLSearchParams
      ? "application/x-www-form-urlencoded"
      : null);
}

/** What the patches know of a request as it leaves. */
export type LeavingRequest = { url: string; rawUrl: string; method: string; headers: Headers };

/** The exchange of a request leaving now: its size, and its headers and body as far as `capture` allows. */
export function startExchange(
  capture: NetworkCapture,
  request: LeavingRequest,
  body: unknown,
): Exchange {
  const info: Exchange = {
    url: request.url,
    rawUrl: request.rawUrl,
    method: request.method,
    requestBytes: bodySize(body),
    startMs: Date.now(),
    start: performance.now(),
  };
  info.requestHeaders = capture.headers("request", request.headers.entries());
  const text = bodyText(body);
  if (text !== null && capture.wantsBody(request.rawUrl, requestContentType(request.headers, body))) {
    info.requestBody = capture.body(text);
  }
  return info;
}

/** A `content-length` value as a number of bytes, when it is one. */
export function contentLength(value: string | null): number | undefined {
  const n = value === null ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** The payload of an exchange answered with `status` (0 when it failed), timed until now. */
export function toPayload(
  info: Exchange,
  status: number,
  responseBytes: number | undefined,
  initiator: NetworkPayload["initiator"],
): NetworkPayload {
  const payload: NetworkPayload = {
    method: info.method,
    url: info.url,
    status,
    startMs: info.startMs,
    durationMs: Math.max(0, Math.round(performance.now() - info.start)),
    initiator,
  };
  if (info.requestBytes !== undefined) payload.requestBytes = info.requestBytes;
  if (responseBytes !== undefined) payload.responseBytes = responseBytes;
  if (info.requestHeaders) payload.requestHeaders = info.requestHeaders;
  if (info.requestBody !== undefined) payload.requestBody = info.requestBody;
  return payload;
}
