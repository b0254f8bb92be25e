/**
 * fetch and XHR metadata as `rerun.network` events (option `network: {enabled: true}`): method, stripped
 * URL, status (0 when the request failed), start time, duration and sizes when known. Headers and bodies are
 * not captured. Requests to the collector itself are never recorded, so the SDK does not feed on its own
 * traffic, nor are URLs on `urlDenyList`.
 */
import { type NetworkPayload, SDK_EVENT_TAG } from "../../shared/events.ts";
import type { ResolvedOptions } from "../options.ts";
import { stripResolvedUrl } from "../privacy/url.ts";
import type { SafeCallback } from "../safe-callback.ts";
import type { EmitSdkEvent } from "./navigation.ts";

/** Whether a stripped URL must not be recorded. */
export function isDeniedUrl(url: string, opts: { ingestBaseUrl: string; urlDenyList: ReadonlyArray<string | RegExp> }): boolean {
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

function contentLength(value: string | null): number | undefined {
  const n = value === null ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Patches `fetch` and `XMLHttpRequest`; returns the function that restores them. */
export function startNetworkRecording(opts: {
  emit: EmitSdkEvent;
  safe: SafeCallback;
  network: ResolvedOptions["network"];
  ingestBaseUrl: string;
}): () => void {
  const deny = { ingestBaseUrl: opts.ingestBaseUrl, urlDenyList: opts.network.urlDenyList };
  const record = (payload: NetworkPayload): void => {
    opts.safe.run("network.record", () => opts.emit(SDK_EVENT_TAG.network, payload, false));
  };
  const restores: Array<() => void> = [];

  const originalFetch = globalThis.fetch;
  if (typeof originalFetch === "function") {
    const patchedFetch = async function (this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      const info = opts.safe.run("network.fetch", () => {
        const rawUrl = input instanceof Request ? input.url : String(input);
        const url = stripResolvedUrl(rawUrl);
        if (isDeniedUrl(url, deny)) return null;
        const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
        return { url, method, requestBytes: bodySize(init?.body), startMs: Date.now(), start: performance.now() };
      }) ?? null;
      let response: Response;
      try {
        response = await originalFetch.call(globalThis, input, init);
      } catch (error) {
        if (info) record(toPayload(info, 0, undefined, "fetch"));
        throw error;
      }
      if (info) record(toPayload(info, response.status, contentLength(response.headers.get("content-length")), "fetch"));
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
    const requests = new WeakMap<XMLHttpRequest, { url: string; method: string }>();
    const patchedOpen = function (this: XMLHttpRequest, ...args: unknown[]): void {
      opts.safe.run("network.xhr.open", () => {
        const [method, url] = args as [string, string | URL];
        requests.set(this, { method: String(method).toUpperCase(), url: stripResolvedUrl(String(url)) });
      });
      (originalOpen as (...a: unknown[]) => void).apply(this, args);
    };
    const patchedSend = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null): void {
      opts.safe.run("network.xhr.send", () => {
        const request = requests.get(this);
        if (!request || isDeniedUrl(request.url, deny)) return;
        const info = { ...request, requestBytes: bodySize(body), startMs: Date.now(), start: performance.now() };
        this.addEventListener("loadend", opts.safe.wrap("network.xhr.loadend", () => {
          record(toPayload(info, this.status, contentLength(this.getResponseHeader("content-length")), "xhr"));
        }));
      });
      originalSend.call(this, body);
    };
    proto.open = patchedOpen as typeof proto.open;
    proto.send = patchedSend;
    restores.push(() => {
      if (proto.open === (patchedOpen as typeof proto.open)) proto.open = originalOpen;
      if (proto.send === patchedSend) proto.send = originalSend;
    });
  }

  return () => {
    for (const restore of restores) restore();
  };
}

function toPayload(
  info: { url: string; method: string; requestBytes: number | undefined; startMs: number; start: number },
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
  return payload;
}
