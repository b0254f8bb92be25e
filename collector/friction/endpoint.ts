/**
 * Endpoint keys (SPEC §8): `network_error` and request `slow_response` findings group by
 * `METHOD templated-path status-class`, so `GET /api/orders/8812 → 503` and `GET /api/orders/97 → 500` are
 * one issue (`GET /api/orders/:id 5xx`). A request to another host keeps that host in front of the path,
 * because `/v1/charges` on a payment provider is not the app's own `/v1/charges`.
 *
 * Part of the grouping rules that `FINGERPRINT_VERSION` versions.
 */
import { type RouteTemplate, templateRoute } from "./route-template.ts";

export type StatusClass = "4xx" | "5xx" | "failed" | "slow";

/** `failed` for status 0 (no answer), else the hundreds class of an error status. */
export function statusClass(status: number): StatusClass {
  if (status >= 500) return "5xx";
  if (status >= 400) return "4xx";
  return "failed";
}

/** The method as sent, upper-cased; anything that is not a plain token is `OTHER`. */
export function normalizeMethod(method: string): string {
  const upper = method.trim().toUpperCase();
  return /^[A-Z]{1,16}$/.test(upper) ? upper : "OTHER";
}

function hostOf(url: string): string | null {
  try {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? new URL(url).host : null;
  } catch {
    return null;
  }
}

/** The request's endpoint: its templated path, with its host when that differs from the page's. */
export function templateEndpoint(
  requestUrl: string,
  pageUrl: string,
  templates: readonly RouteTemplate[] = [],
): string {
  const path = templateRoute(requestUrl, templates);
  const host = hostOf(requestUrl.slice(0, 4_096));
  return host !== null && host !== hostOf(pageUrl.slice(0, 4_096)) ? `${host}${path}` : path;
}

/** `GET /api/orders/:id 5xx`. */
export function endpointKey(
  request: { method: string; url: string; cls: StatusClass },
  pageUrl: string,
  templates: readonly RouteTemplate[] = [],
): string {
  return `${normalizeMethod(request.method)} ${
    templateEndpoint(request.url, pageUrl, templates)
  } ${request.cls}`;
}
