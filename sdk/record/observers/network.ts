/**
 * fetch and XHR metadata as `rerun.network` events (option `network: {enabled: true}`): method, stripped
 * URL, status (0 when the request failed), start time, duration and sizes when known. Headers and bodies
 * only as `network-capture.ts` allows (off by default). Requests to the collector itself are never
 * recorded, so the SDK does not feed on its own traffic, nor are URLs on `urlDenyList`.
 *
 * This file loads after consent, so the page's own requests while it loaded (a data file that 404s) ran
 * before the patches. {@link backfillNetwork} records those from the browser's resource timings, which it
 * keeps anyway: no pre-consent cost, no request of the SDK's own.
 */
import { type NetworkPayload, SDK_EVENT_TAG } from "../../../shared/events.ts";
import type { ResolvedOptions } from "../../options.ts";
import { stripResolvedUrl } from "../../privacy/url.ts";
import type { SafeCallback } from "../../safe-callback.ts";
import type { EmitSdkEvent } from "./navigation.ts";
import type { NetworkCapture } from "./network-capture.ts";
import { parseRawHeaders } from "./network-capture.ts";
import { readTextPrefix } from "./read-prefix.ts";

/** Whether a stripped URL must not be recorded. */
export function isDeniedUrl(
  url: string,
  opts: { ingestBaseUrl: string; urlDenyList: ReadonlyArray<string | RegExp> },
): boolean {
  if (opts.ingestBaseUrl && url.startsWith(opts.ingestBaseUrl)) return true;
  return opts.urlDenyList.some((rule) => (typeof rule === "string" ? url.includes(rule) : rule.test(url)));
}

function bodySize(body: unknown): number | undefined {
  if (typeof body === "string") return body.length;
  if (body instanceof Blob) return body.size;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof URLSearchParams) return body.toString().length;
  return undefined;
}

/** The request body as text when it is text (bodies of other kinds are never captured). */
function bodyText(body: unknown): string | null {
  if (typeof body === "string") return body;
  if (body instanceof URLSearchParams) return body.toString();
  return null;
}

/** The request's content type: its header, else what `fetch`/XHR would send for a text body. */
function requestContentType(headers: Headers, body: unknown): string | null {
  return headers.get("content-type") ??
    (typeof body === "string"
      ? "text/plain"
      : body instanceof URLSearchParams
      ? "application/x-www-form-urlencoded"
      : null);
}

function contentLength(value: string | null): number | undefined {
  const n = value === null ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Requests started before this were recorded already, backfilled or seen by the patches (what a second
 * opt-in on the same page must not record again); set at each start and stop of network recording.
 */
let backfilledUntil = 0;

/**
 * Records the fetch and XHR requests that finished before the patches were in place, from resource timing
 * entries that carry a status (`responseStatus`, Chromium 109+; 0 means an opaque or failed response, which
 * is not told apart, so those are skipped). The method is unknown there; requests made while a page loads
 * are nearly all GETs. A request still in flight now is in neither this list nor the patches' view.
 */
export function backfillNetwork(
  record: (payload: NetworkPayload) => void,
  deny: Parameters<typeof isDeniedUrl>[1],
): void {
  if (typeof performance === "undefined" || typeof performance.getEntriesByType !== "function") return;
  const since = backfilledUntil;
  backfilledUntil = performance.now();
  for (const entry of performance.getEntriesByType("resource") as PerformanceResourceTiming[]) {
    const initiator = entry.initiatorType === "fetch"
      ? "fetch"
      : entry.initiatorType === "xmlhttprequest"
      ? "xhr"
      : null;
    const status = (entry as { responseStatus?: number }).responseStatus ?? 0;
    if (!initiator || status < 100 || entry.startTime < since) continue;
    const url = stripResolvedUrl(entry.name);
    if (isDeniedUrl(url, deny)) continue;
    const payload: NetworkPayload = {
      method: "GET",
      url,
      status,
      startMs: Math.round(performance.timeOrigin + entry.startTime),
      durationMs: Math.round(entry.duration),
      initiator,
    };
    if (entry.encodedBodySize) payload.responseBytes = entry.encodedBodySize;
    record(payload);
  }
}

/** Patches `fetch` and `XMLHttpRequest`; returns the function that restores them. */
export function startNetworkRecording(opts: {
  emit: EmitSdkEvent;
  safe: SafeCallback;
  network: ResolvedOptions["network"];
  ingestBaseUrl: string;
  capture: NetworkCapture;
}): () => void {
  const { capture } = opts;
  const deny = { ingestBaseUrl: opts.ingestBaseUrl, urlDenyList: opts.network.urlDenyList };
  const record = (payload: NetworkPayload): void => {
    opts.safe.run("network.record", () => opts.emit(SDK_EVENT_TAG.network, payload, false));
  };
  const restores: Array<() => void> = [];
  opts.safe.run("network.backfill", () => backfillNetwork(record, deny));

  const originalFetch = globalThis.fetch;
  if (typeof originalFetch === "function") {
    const patchedFetch = async function (
      this: unknown,
      input: RequestInfo | URL,
      init?: RequestInit,
    ): Promise<Response> {
      const info = opts.safe.run("network.fetch", () => {
        const rawUrl = input instanceof Request ? input.url : String(input);
        const url = stripResolvedUrl(rawUrl);
        if (isDeniedUrl(url, deny)) return null;
        const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
        const info: Exchange = {
          url,
          method,
          requestBytes: bodySize(init?.body),
          startMs: Date.now(),
          start: performance.now(),
        };
        const headers = new Headers(input instanceof Request ? input.headers : undefined);
        if (init?.headers) new Headers(init.headers).forEach((value, name) => headers.set(name, value));
        info.requestHeaders = capture.headers("request", headers.entries());
        const text = bodyText(init?.body);
        if (text !== null && capture.wantsBody(rawUrl, requestContentType(headers, init?.body))) {
          info.requestBody = capture.body(text);
        }
        info.rawUrl = rawUrl;
        return info;
      }) ?? null;
      let response: Response;
      try {
        response = await originalFetch.call(globalThis, input, init);
      } catch (error) {
        if (info) record(toPayload(info, 0, undefined, "fetch"));
        throw error;
      }
      if (info) {
        const done = toPayload(
          info,
          response.status,
          contentLength(response.headers.get("content-length")),
          "fetch",
        );
        const headers = opts.safe.run(
          "network.fetch.headers",
          () => capture.headers("response", response.headers.entries()),
        );
        if (headers) done.responseHeaders = headers;
        const wantsBody = opts.safe.run("network.fetch.body", () =>
          capture.wantsBody(info.rawUrl ?? info.url, response.headers.get("content-type"))) === true;
        if (wantsBody) {
          // Read a copy after handing the response back, so the page never waits for the SDK; only as much
          // as will be kept, so a huge or endless body costs nothing more.
          readTextPrefix(response.clone().body, opts.network.bodyMaxBytes).then(
            (text) =>
              record({ ...done, responseBody: capture.body(text) }),
            () =>
              record(done),
          );
        } else record(done);
      }
      return response;
    };
    globalThis.fetch = patchedFetch as typeof fetch;
    restores.push(() => {
      if (globalThis.fetch === (patchedFetch as typeof fetch)) globalThis.fetch = originalFetch;
    });
  }

  if (typeof XMLHttpRequest === "function") {
    const proto = XMLHttpRequest.prototype;
    const originalOpen = proto.open;
    const originalSend = proto.send;
    const originalSetHeader = proto.setRequestHeader;
    const requests = new WeakMap<
      XMLHttpRequest,
      { url: string; rawUrl: string; method: string; headers: Headers }
    >();
    const patchedOpen = function (this: XMLHttpRequest, ...args: unknown[]): void {
      opts.safe.run("network.xhr.open", () => {
        const [method, url] = args as [string, string | URL];
        requests.set(this, {
          method: String(method).toUpperCase(),
          url: stripResolvedUrl(String(url)),
          rawUrl: String(url),
          headers: new Headers(),
        });
      });
      (originalOpen as (...a: unknown[]) => void).apply(this, args);
    };
    const patchedSetHeader = function (this: XMLHttpRequest, name: string, value: string): void {
      opts.safe.run("network.xhr.header", () => requests.get(this)?.headers.append(name, value));
      originalSetHeader.call(this, name, value);
    };
    const patchedSend = function (
      this: XMLHttpRequest,
      body?: Document | XMLHttpRequestBodyInit | null,
    ): void {
      opts.safe.run("network.xhr.send", () => {
        const request = requests.get(this);
        if (!request || isDeniedUrl(request.url, deny)) return;
        const info: Exchange = {
          url: request.url,
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
        this.addEventListener(
          "loadend",
          opts.safe.wrap("network.xhr.loadend", () => {
            const done = toPayload(
              info,
              this.status,
              contentLength(this.getResponseHeader("content-length")),
              "xhr",
            );
            const headers = capture.headers("response", parseRawHeaders(this.getAllResponseHeaders()));
            if (headers) done.responseHeaders = headers;
            if (capture.wantsBody(request.rawUrl, this.getResponseHeader("content-type"))) {
              const type = this.responseType;
              const responseText = type === "" || type === "text"
                ? this.responseText
                : type === "json" && this.response !== null
                ? JSON.stringify(this.response)
                : null;
              if (responseText) done.responseBody = capture.body(responseText);
            }
            record(done);
          }),
        );
      });
      originalSend.call(this, body);
    };
    proto.open = patchedOpen as typeof proto.open;
    proto.send = patchedSend;
    proto.setRequestHeader = patchedSetHeader;
    restores.push(() => {
      if (proto.setRequestHeader === patchedSetHeader) proto.setRequestHeader = originalSetHeader;
      if (proto.open === (patchedOpen as typeof proto.open)) proto.open = originalOpen;
      if (proto.send === patchedSend) proto.send = originalSend;
    });
  }

  return () => {
    for (const restore of restores) restore();
    backfilledUntil = performance.now();
  };
}

/** What is known of one exchange when its request leaves. */
type Exchange = {
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

function toPayload(
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
