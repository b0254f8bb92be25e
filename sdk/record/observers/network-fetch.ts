/**
 * The `fetch` patch of `network.ts`: each request the page makes (but the collector's and denied URLs) is
 * recorded when its response arrives, with headers and bodies only as `network-capture.ts` allows. A body is
 * read from a copy after the response is handed back, so the page never waits for the SDK.
 */
import { stripResolvedUrl } from "../../privacy/url.ts";
import {
  contentLength,
  type ExchangeRecording,
  isDeniedUrl,
  startExchange,
  toPayload,
} from "./network-exchange.ts";
import { readTextPrefix } from "./read-prefix.ts";

/** Patches `fetch`; returns the function that restores it, or `null` where there is none. */
export function patchFetch(rec: ExchangeRecording): (() => void) | null {
  const originalFetch = globalThis.fetch;
  if (typeof originalFetch !== "function") return null;
  const patchedFetch = async function (
    this: unknown,
    input: RequestInfo | URL,
    init?: RequestInit,
  ): Promise<Response> {
    const info = rec.safe.run("network.fetch", () => {
      const rawUrl = input instanceof Request ? input.url : String(input);
      const url = stripResolvedUrl(rawUrl);
      if (isDeniedUrl(url, rec)) return null;
      const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
      const headers = new Headers(input instanceof Request ? input.headers : undefined);
      if (init?.headers) new Headers(init.headers).forEach((value, name) => headers.set(name, value));
      return startExchange(rec.capture, { url, rawUrl, method, headers }, init?.body);
    }) ?? null;
    let response: Response;
    try {
      response = await originalFetch.call(globalThis, input, init);
    } catch (error) {
      if (info) rec.record(toPayload(info, 0, undefined, "fetch"));
      throw error;
    }
    if (info) {
      const done = toPayload(
        info,
        response.status,
        contentLength(response.headers.get("content-length")),
        "fetch",
      );
      const headers = rec.safe.run(
        "network.fetch.headers",
        () => rec.capture.headers("response", response.headers.entries()),
      );
      if (headers) done.responseHeaders = headers;
      const wantsBody = rec.safe.run("network.fetch.body", () =>
        rec.capture.wantsBody(info.rawUrl ?? info.url, response.headers.get("content-type"))) === true;
      if (wantsBody) {
        // Read a copy after handing the response back, so the page never waits for the SDK; only as much
        // as will be kept, so a huge or endless body costs nothing more.
        readTextPrefix(response.clone().body, rec.network.bodyMaxBytes).then(
          (text) =>
            rec.record({ ...done, responseBody: rec.capture.body(text) }),
          () =>
            rec.record(done),
        );
      } else rec.record(done);
    }
    return response;
  };
  globalThis.fetch = patchedFetch as typeof fetch;
  return () => {
    if (globalThis.fetch === (patchedFetch as typeof fetch)) globalThis.fetch = originalFetch;
  };
}
