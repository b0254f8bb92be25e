/**
 * The `XMLHttpRequest` patch of `network.ts`: `open` notes the method and URL, `setRequestHeader` the
 * headers, and `send` records the exchange when it ends (`loadend`), with headers and bodies only as
 * `network-capture.ts` allows.
 */
import { stripResolvedUrl } from "../../privacy/url.ts";
import { parseRawHeaders } from "./network-capture.ts";
import {
  contentLength,
  type ExchangeRecording,
  isDeniedUrl,
  type LeavingRequest,
  startExchange,
  toPayload,
} from "./network-exchange.ts";

/** Patches `XMLHttpRequest`; returns the function that restores it, or `null` where there is none. */
export function patchXhr(rec: ExchangeRecording): (() => void) | null {
  if (typeof XMLHttpRequest !== "function") return null;
  const proto = XMLHttpRequest.prototype;
  const originalOpen = proto.open;
  const originalSend = proto.send;
  const originalSetHeader = proto.setRequestHeader;
  const requests = new WeakMap<XMLHttpRequest, LeavingRequest>();
  const patchedOpen = function (this: XMLHttpRequest, ...args: unknown[]): void {
    rec.safe.run("network.xhr.open", () => {
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
    rec.safe.run("network.xhr.header", () => requests.get(this)?.headers.append(name, value));
    originalSetHeader.call(this, name, value);
  };
  const patchedSend = function (
    this: XMLHttpRequest,
    body?: Document | XMLHttpRequestBodyInit | null,
  ): void {
    rec.safe.run("network.xhr.send", () => {
      const request = requests.get(this);
      if (!request || isDeniedUrl(request.url, rec)) return;
      const info = startExchange(rec.capture, request, body);
      this.addEventListener(
        "loadend",
        rec.safe.wrap("network.xhr.loadend", () => {
          const done = toPayload(
            info,
            this.status,
            contentLength(this.getResponseHeader("content-length")),
            "xhr",
          );
          const headers = rec.capture.headers("response", parseRawHeaders(this.getAllResponseHeaders()));
          if (headers) done.responseHeaders = headers;
          if (rec.capture.wantsBody(request.rawUrl, this.getResponseHeader("content-type"))) {
            const type = this.responseType;
            const responseText = type === "" || type === "text"
              ? this.responseText
              : type === "json" && this.response !== null
              ? JSON.stringify(this.response)
              : null;
            if (responseText) done.responseBody = rec.capture.body(responseText);
          }
          rec.record(done);
        }),
      );
    });
    originalSend.call(this, body);
  };
  proto.open = patchedOpen as typeof proto.open;
  proto.send = patchedSend;
  proto.setRequestHeader = patchedSetHeader;
  return () => {
    if (proto.setRequestHeader === patchedSetHeader) proto.setRequestHeader = originalSetHeader;
    if (proto.open === (patchedOpen as typeof proto.open)) proto.open = originalOpen;
    if (proto.send === patchedSend) proto.send = originalSend;
  };
}
