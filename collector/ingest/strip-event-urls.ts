/**
 * Second line of defence for URLs (SPEC §2 asks the SDK to strip them): the page URLs the collector knows the
 * place of — rrweb Meta `data.href` and the SDK's `rerun.navigation` / `rerun.submit` / `rerun.error` /
 * `rerun.network` `payload.url` — lose their query string, hash and credentials before storage. Pure; returns
 * new objects only where a URL changed, so ingest can tell an event it left as it came by identity.
 */
import type { RecordedEvent } from "../../shared/batch.ts";
import { RRWEB_EVENT, SDK_EVENT_TAG } from "../../shared/events.ts";
import { stripUrl } from "../../shared/url.ts";

const TAGS_WITH_URL: ReadonlySet<unknown> = new Set([
  SDK_EVENT_TAG.navigation,
  SDK_EVENT_TAG.submit,
  SDK_EVENT_TAG.error,
  SDK_EVENT_TAG.network,
]);

export function stripEventUrls(event: RecordedEvent): RecordedEvent {
  const data = event.data as Record<string, unknown> | null | undefined;
  if (!data || typeof data !== "object") return event;
  if (event.type === RRWEB_EVENT.Meta && typeof data.href === "string") {
    const href = stripUrl(data.href);
    return href === data.href ? event : { ...event, data: { ...data, href } };
  }
  const payload = data.payload as Record<string, unknown> | null | undefined;
  if (
    event.type === RRWEB_EVENT.Custom && TAGS_WITH_URL.has(data.tag) && payload &&
    typeof payload.url === "string"
  ) {
    const url = stripUrl(payload.url);
    return url === payload.url ? event : { ...event, data: { ...data, payload: { ...payload, url } } };
  }
  return event;
}
