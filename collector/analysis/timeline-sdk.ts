/**
 * The SDK's own custom events on the timeline (`rerun.*`: navigations, submit attempts, errors, requests,
 * visibility) and an app's custom events, kept as they came.
 */
import { SDK_EVENT_TAG } from "../../shared/events.ts";
import { stripUrl } from "../../shared/url.ts";
import type { NetworkRecord, SubmitRecord } from "./records.ts";
import { isRecord, navigate, num, type Page, str, type TimelineReader } from "./timeline-reader.ts";

export function readCustom(r: TimelineReader, t: number, data: Record<string, unknown>, page: Page): void {
  const tag = str(data.tag);
  if (tag === undefined) {
    r.tl.skipped++;
    return;
  }
  const payload = isRecord(data.payload) ? data.payload : {};
  switch (tag) {
    case SDK_EVENT_TAG.navigation: {
      const href = str(payload.url);
      const startedAt = typeof payload.startedAt === "number" ? payload.startedAt - r.start : undefined;
      if (href !== undefined) navigate(r, t, href, "sdk", str(payload.kind) ?? "load", startedAt);
      return;
    }
    case SDK_EVENT_TAG.submit:
      r.tl.submits.push(readSubmit(r, t, payload, page));
      return;
    case SDK_EVENT_TAG.error:
      r.tl.errors.push({ t, page: r.url, message: str(payload.message) ?? "", sdk: payload.sdk === true });
      return;
    case SDK_EVENT_TAG.network: {
      const record = readNetwork(r, t, payload);
      r.tl.network.push(record);
      r.tl.responses.any.push(record.t);
      return;
    }
    case SDK_EVENT_TAG.visibility:
      r.tl.responses.focus.push(t);
      return;
    default:
      if (!tag.startsWith("rerun.")) r.tl.customs.push({ t, page: r.url, tag, payload: data.payload });
      return;
  }
}

function readSubmit(
  r: TimelineReader,
  t: number,
  payload: Record<string, unknown>,
  page: Page,
): SubmitRecord {
  const nodeId = typeof payload.nodeId === "number" ? payload.nodeId : undefined;
  const formId = nodeId === undefined ? undefined : page.map.formOf(nodeId);
  return {
    t,
    page: r.url,
    selector: str(payload.selector) ?? "",
    ...(formId !== undefined ? { formKey: `${page.load}:${formId}` } : {}),
  };
}

function readNetwork(r: TimelineReader, t: number, payload: Record<string, unknown>): NetworkRecord {
  const durationMs = Math.max(0, num(payload.durationMs));
  // startMs is the epoch time the request started; without it, the event (sent on completion) minus the duration.
  const startEpoch = num(payload.startMs, t + r.start - durationMs);
  const start = Math.max(0, startEpoch - r.start);
  return {
    t: start,
    endT: start + durationMs,
    page: r.url,
    method: (str(payload.method) ?? "GET").toUpperCase(),
    url: stripUrl(str(payload.url) ?? ""),
    status: num(payload.status),
    durationMs,
  };
}
