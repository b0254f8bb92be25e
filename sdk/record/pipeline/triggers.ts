/**
 * What makes a buffering session start sending (SPEC §2): a JS error when `onErrorRate` picked the session,
 * a page URL or a custom event listed in `triggers`, or `replay.trigger()` (which the handle calls directly).
 */
import type { RecordedEvent } from "../../../shared/batch.ts";
import { type ErrorPayload, RRWEB_EVENT, SDK_EVENT_TAG } from "../../../shared/events.ts";

/** Whether `url` matches one of the trigger rules (substring or RegExp, against the stripped URL). */
export function matchesUrl(url: string, rules: ReadonlyArray<string | RegExp>): boolean {
  return rules.some((rule) => (typeof rule === "string" ? url.includes(rule) : rule.test(url)));
}

/** Returns the trigger an event fires in a buffering session, or `null`. */
export function triggerOf(
  event: RecordedEvent,
  opts: { onError: boolean; urls: ReadonlyArray<string | RegExp>; events: readonly string[] },
): string | null {
  if (event.type !== RRWEB_EVENT.Custom) return null;
  const { tag, payload } = (event.data ?? {}) as { tag?: unknown; payload?: unknown };
  if (typeof tag !== "string") return null;
  if (tag === SDK_EVENT_TAG.error) {
    return opts.onError && !(payload as ErrorPayload | null)?.sdk ? "error" : null;
  }
  if (tag === SDK_EVENT_TAG.navigation) {
    const url = (payload as { url?: unknown } | null)?.url;
    return typeof url === "string" && matchesUrl(url, opts.urls) ? "url" : null;
  }
  return opts.events.includes(tag) ? `event:${tag}` : null;
}
