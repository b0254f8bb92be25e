/**
 * The state of `buildTimeline`'s one pass (`TimelineReader`: the page of the moment, each window's node map,
 * the last press) and the steps every event kind shares: a window's page, a navigation, a full snapshot. The
 * readers of rrweb's incremental events (`timeline-rrweb.ts`) and of the SDK's own (`timeline-sdk.ts`) take
 * it as their first argument, so each step can be read, and tested, on its own.
 */
import { stripUrl } from "../../shared/url.ts";
import { NodeMap } from "./node-map.ts";
import type { TargetInfo, Timeline } from "./records.ts";

/**
 * One window's page: its node map, which page load it is, and descriptions already made of its fields and
 * scroll targets (dropped when the structure changes; a text change cannot alter a selector).
 */
export type Page = {
  map: NodeMap;
  load: number;
  inputTargets: Map<number, TargetInfo>;
  scrollTargets: Map<number, { key: string; selector: string }>;
  /** Nodes pressed, clicked or focused in this page load: where a person could have changed a value. */
  touched: Set<number>;
};

/** The state of one pass: the timeline being filled, each window's page, and what the last events said. */
export type TimelineReader = {
  tl: Timeline;
  /** Epoch ms of the stream's first event: every record's `t` is an offset from it. */
  start: number;
  pages: Map<string, Page>;
  /** Page loads seen so far (each full snapshot is a new one): keys of targets are per load. */
  loads: number;
  /** The stripped URL of the moment. */
  url: string;
  lastDown: { id: number; t: number } | null;
  pressFrom: number | null;
};

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
export function num(value: unknown, fallback = 0): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}
export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The page of a window, made on its first event. */
export function pageOf(r: TimelineReader, windowKey: string): Page {
  let page = r.pages.get(windowKey);
  if (!page) {
    page = {
      map: new NodeMap(),
      load: ++r.loads,
      inputTargets: new Map(),
      scrollTargets: new Map(),
      touched: new Set(),
    };
    r.pages.set(windowKey, page);
  }
  return page;
}

/** A full snapshot: the window's DOM replaced, a new page load, and everything described of the last one dropped. */
export function readFullSnapshot(
  r: TimelineReader,
  t: number,
  data: Record<string, unknown>,
  page: Page,
): void {
  page.map.applyFullSnapshot(data.node);
  page.load = ++r.loads;
  page.inputTargets.clear();
  page.scrollTargets.clear();
  page.touched.clear();
  r.tl.responses.any.push(t);
}

/** `leftAt`: when a full load began, so when the page before was really left (the event comes later). */
export function navigate(
  r: TimelineReader,
  t: number,
  href: string,
  via: "sdk" | "meta",
  kind: string,
  leftAt?: number,
): void {
  const stripped = stripUrl(href);
  r.tl.navigations.push({ t, url: stripped, via, kind });
  r.tl.responses.any.push(t);
  if (stripped === r.url) return;
  const last = r.tl.visits[r.tl.visits.length - 1];
  if (last) last.endT = leftAt !== undefined && leftAt >= last.t && leftAt < t ? leftAt : t;
  r.tl.visits.push({ url: stripped, t, endT: r.tl.durationMs });
  r.url = stripped;
}
