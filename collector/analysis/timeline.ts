/**
 * One pass over the stitched stream that normalises rrweb events and the SDK's own custom events into
 * typed records (records.ts). The node map is replayed alongside, so every click, input and submit is
 * described against the DOM the user actually saw. The page of each moment is the latest SDK navigation or
 * rrweb Meta href, stripped. Events whose shape is not understood are counted and skipped, never thrown on.
 */
import { RRWEB_EVENT, SDK_EVENT_TAG } from "../../shared/events.ts";
import { stripUrl } from "../../shared/url.ts";
import type { Timeline } from "./records.ts";
import { isRecord, navigate, pageOf, readFullSnapshot, str, type TimelineReader } from "./timeline-reader.ts";
import { readIncremental } from "./timeline-rrweb.ts";
import { readCustom } from "./timeline-sdk.ts";

// Hoisted so the hot loop compares against plain numbers.
const { FullSnapshot, Meta, IncrementalSnapshot, Custom } = RRWEB_EVENT;

function byT<T extends { t: number }>(a: T, b: T): number {
  return a.t - b.t;
}
function sortIfNeeded<T extends { t: number }>(items: T[]): void {
  for (let i = 1; i < items.length; i++) {
    if (items[i]!.t < items[i - 1]!.t) {
      items.sort(byT);
      return;
    }
  }
}

function sortTimes(times: number[]): void {
  for (let i = 1; i < times.length; i++) {
    if (times[i]! < times[i - 1]!) {
      times.sort((a, b) => a - b);
      return;
    }
  }
}

/** First timestamp, last timestamp and first URL of the stream, for offsets and the page before any Meta. */
function scanBounds(events: readonly unknown[]): { start: number; end: number; firstUrl: string } {
  let start = Infinity;
  let end = -Infinity;
  let firstUrl = "";
  for (const ev of events) {
    if (!isRecord(ev)) continue;
    const ts = ev.timestamp;
    if (typeof ts !== "number" || !Number.isFinite(ts)) continue;
    if (ts < start) start = ts;
    if (ts > end) end = ts;
    if (firstUrl === "" && isRecord(ev.data)) {
      if (ev.type === RRWEB_EVENT.Meta) firstUrl = str(ev.data.href) ?? "";
      else if (ev.type === RRWEB_EVENT.Custom && ev.data.tag === SDK_EVENT_TAG.navigation) {
        firstUrl = isRecord(ev.data.payload) ? str(ev.data.payload.url) ?? "" : "";
      }
    }
  }
  if (start === Infinity) return { start: 0, end: 0, firstUrl: "" };
  return { start, end, firstUrl: stripUrl(firstUrl) };
}

/** Normalises `events` (one ordered timeline, possibly several windows) into a `Timeline`. */
export function buildTimeline(events: readonly unknown[]): Timeline {
  const bounds = scanBounds(events);
  const tl: Timeline = {
    startEpochMs: bounds.start,
    durationMs: bounds.end - bounds.start,
    visits: [],
    clicks: [],
    inputs: [],
    scrolls: [],
    navigations: [],
    submits: [],
    fieldResets: [],
    errors: [],
    network: [],
    customs: [],
    selections: [],
    presses: [],
    responses: { any: [], scroll: [], focus: [] },
    skipped: 0,
  };
  const r: TimelineReader = {
    tl,
    start: bounds.start,
    pages: new Map(),
    loads: 0,
    url: bounds.firstUrl,
    lastDown: null,
    pressFrom: null,
  };
  if (r.url !== "") tl.visits.push({ url: r.url, t: 0, endT: tl.durationMs });

  for (const ev of events) {
    if (
      !isRecord(ev) || !isRecord(ev.data) || typeof ev.timestamp !== "number" ||
      !Number.isFinite(ev.timestamp)
    ) {
      tl.skipped++;
      continue;
    }
    const t = ev.timestamp - bounds.start;
    const data = ev.data;
    const page = pageOf(r, str(ev.windowId) ?? "");
    switch (ev.type) {
      case FullSnapshot:
        readFullSnapshot(r, t, data, page);
        break;
      case Meta: {
        const href = str(data.href);
        if (href !== undefined) navigate(r, t, href, "meta", "load");
        break;
      }
      case IncrementalSnapshot:
        readIncremental(r, t, data, page);
        break;
      case Custom:
        readCustom(r, t, data, page);
        break;
      default:
        break;
    }
  }

  // A stitched timeline across windows can be slightly out of order; detectors rely on sorted records.
  for (
    const records of [tl.clicks, tl.inputs, tl.scrolls, tl.navigations, tl.submits, tl.errors, tl.network]
  ) {
    sortIfNeeded<{ t: number }>(records);
  }
  for (const times of [tl.responses.any, tl.responses.scroll, tl.responses.focus, tl.selections]) {
    sortTimes(times);
  }
  return tl;
}
