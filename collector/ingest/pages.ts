/**
 * The pages a batch shows: rrweb Meta events (`data.href`), the SDK's `rerun.navigation` events
 * (`data.payload.url`) and the batch's `meta.url`. URLs are stripped again here (query, hash, credentials)
 * because the collector never trusts the SDK to have done it. Pure.
 *
 * In two steps, because the events may be read on the batch reader's Worker and the meta on the event loop:
 * `eventPages` gives the events' pages in first-seen order, `pagesOf` adds the meta's and orders them.
 */
import type { RecordedEvent } from "../../shared/batch.ts";
import { RRWEB_EVENT, SDK_EVENT_TAG } from "../../shared/events.ts";
import { MAX_URL_CHARS } from "../../shared/limits.ts";
import { stripUrl } from "../../shared/url.ts";

export type PageVisit = { url: string; firstTs: number };

/** Distinct stripped URLs, each with the earliest timestamp seen, in first-seen order. */
export type SeenPages = Map<string, number>;

function urlOf(event: RecordedEvent): string | null {
  const data = event.data as
    | { href?: unknown; tag?: unknown; payload?: { url?: unknown } }
    | null
    | undefined;
  if (!data || typeof data !== "object") return null;
  if (event.type === RRWEB_EVENT.Meta && typeof data.href === "string") return data.href;
  if (event.type === RRWEB_EVENT.Custom && data.tag === SDK_EVENT_TAG.navigation) {
    const url = data.payload?.url;
    return typeof url === "string" ? url : null;
  }
  return null;
}

function see(seen: SeenPages, raw: string, ts: number): void {
  const url = stripUrl(raw).slice(0, MAX_URL_CHARS);
  if (url === "") return;
  const known = seen.get(url);
  if (known === undefined || ts < known) seen.set(url, ts);
}

/** The pages the events show. */
export function eventPages(events: RecordedEvent[]): SeenPages {
  const seen: SeenPages = new Map();
  for (const event of events) {
    const url = urlOf(event);
    if (url !== null) see(seen, url, Math.round(event.timestamp));
  }
  return seen;
}

/**
 * The pages of `seen` (first-seen order; a `SeenPages` or its entries, as they cross between threads) and
 * `metaUrl`, ordered by when each was first seen.
 */
export function pagesOf(
  seen: Iterable<[url: string, firstTs: number]>,
  metaUrl: string | undefined,
  metaTs: number,
): PageVisit[] {
  const all = new Map(seen);
  if (metaUrl) see(all, metaUrl, metaTs);
  return [...all].map(([url, firstTs]) => ({ url, firstTs })).sort((a, b) => a.firstTs - b.firstTs);
}
