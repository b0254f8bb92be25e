/**
 * One pass over the stitched stream that normalises rrweb events and the SDK's own custom events into
 * typed records (records.ts). The node map is replayed alongside, so every click, input and submit is
 * described against the DOM the user actually saw. The page of each moment is the latest SDK navigation or
 * rrweb Meta href, stripped. Events whose shape is not understood are counted and skipped, never thrown on.
 */
import { RRWEB_EVENT, RRWEB_MOUSE, RRWEB_SOURCE, SDK_EVENT_TAG } from "../../shared/events.ts";
import { stripUrl } from "../../shared/url.ts";
import { NodeMap } from "./node-map.ts";
import type { ClickRecord, NetworkRecord, SubmitRecord, TargetInfo, Timeline } from "./records.ts";
import { RULES } from "./rules.ts";
import { describeTarget } from "./target.ts";

/**
 * One window's page: its node map, which page load it is, and descriptions already made of its fields and
 * scroll targets (dropped when the structure changes; a text change cannot alter a selector).
 */
type Page = {
  map: NodeMap;
  load: number;
  inputTargets: Map<number, TargetInfo>;
  scrollTargets: Map<number, { key: string; selector: string }>;
  /** Nodes pressed, clicked or focused in this page load: where a person could have changed a value. */
  touched: Set<number>;
};

// Hoisted so the hot loop compares against plain numbers.
const { FullSnapshot, Meta, IncrementalSnapshot, Custom } = RRWEB_EVENT;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
function num(value: unknown, fallback = 0): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}
function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
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
  const pages = new Map<string, Page>();
  let loads = 0;
  let url = bounds.firstUrl;
  if (url !== "") tl.visits.push({ url, t: 0, endT: tl.durationMs });
  let lastDown: { id: number; t: number } | null = null;
  let pressFrom: number | null = null;

  const pageOf = (windowKey: string): Page => {
    let page = pages.get(windowKey);
    if (!page) {
      page = {
        map: new NodeMap(),
        load: ++loads,
        inputTargets: new Map(),
        scrollTargets: new Map(),
        touched: new Set(),
      };
      pages.set(windowKey, page);
    }
    return page;
  };
  /** `leftAt`: when a full load began, so when the page before was really left (the event comes later). */
  const navigate = (t: number, href: string, via: "sdk" | "meta", kind: string, leftAt?: number): void => {
    const stripped = stripUrl(href);
    tl.navigations.push({ t, url: stripped, via, kind });
    tl.responses.any.push(t);
    if (stripped === url) return;
    const last = tl.visits[tl.visits.length - 1];
    if (last) last.endT = leftAt !== undefined && leftAt >= last.t && leftAt < t ? leftAt : t;
    tl.visits.push({ url: stripped, t, endT: tl.durationMs });
    url = stripped;
  };

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
    const page = pageOf(str(ev.windowId) ?? "");
    switch (ev.type) {
      case FullSnapshot:
        page.map.applyFullSnapshot(data.node);
        page.load = ++loads;
        page.inputTargets.clear();
        page.scrollTargets.clear();
        page.touched.clear();
        tl.responses.any.push(t);
        break;
      case Meta: {
        const href = str(data.href);
        if (href !== undefined) navigate(t, href, "meta", "load");
        break;
      }
      case IncrementalSnapshot:
        readIncremental(t, data, page);
        break;
      case Custom:
        readCustom(t, data, page);
        break;
      default:
        break;
    }
  }

  function readIncremental(t: number, data: Record<string, unknown>, page: Page): void {
    switch (data.source) {
      case RRWEB_SOURCE.Mutation: {
        const effect = page.map.applyMutation(data);
        if (effect === "none") return;
        tl.responses.any.push(t);
        if (effect === "structure") {
          page.inputTargets.clear();
          page.scrollTargets.clear();
        }
        return;
      }
      case RRWEB_SOURCE.MouseInteraction:
        return readMouse(t, data, page);
      case RRWEB_SOURCE.Scroll: {
        const id = num(data.id, -1);
        let target = page.scrollTargets.get(id);
        if (target === undefined) {
          target = { key: `${page.load}:${id}`, selector: page.map.selectorFor(id) };
          page.scrollTargets.set(id, target);
        }
        tl.scrolls.push({
          t,
          page: url,
          key: target.key,
          selector: target.selector,
          x: num(data.x),
          y: num(data.y),
        });
        tl.responses.scroll.push(t);
        return;
      }
      case RRWEB_SOURCE.Input: {
        // A value a script set still answers a click; only a person's edit is an input record.
        tl.responses.any.push(t);
        const id = num(data.id, -1);
        const length = str(data.text)?.length ?? 0;
        if (!isUserEdit(data, id, page)) {
          // A script emptying a form's field is how a client-side form says it took the submit.
          if (data.userTriggered === false && length === 0) {
            const target = inputTarget(id, page);
            if (target.form) tl.fieldResets.push({ t, target });
          }
          return;
        }
        tl.inputs.push({ t, page: url, target: inputTarget(id, page), length });
        return;
      }
      case RRWEB_SOURCE.Selection:
        tl.selections.push(t);
        tl.responses.any.push(t);
        return;
      case RRWEB_SOURCE.MediaInteraction:
      case RRWEB_SOURCE.StyleSheetRule:
      case RRWEB_SOURCE.CanvasMutation:
      case RRWEB_SOURCE.StyleDeclaration:
      case RRWEB_SOURCE.AdoptedStyleSheet:
      case RRWEB_SOURCE.CustomElement:
        tl.responses.any.push(t);
        return;
      default:
        return;
    }
  }

  function inputTarget(id: number, page: Page): TargetInfo {
    let target = page.inputTargets.get(id);
    if (!target) {
      target = describeTarget(page.map, { load: page.load, id, actionable: false });
      page.inputTargets.set(id, target);
    }
    return target;
  }

  /**
   * Whether an input event is a person's edit. The SDK records rrweb's `userTriggered` (whether the browser
   * said the input event was trusted): a value a script sets — React or React Router filling hidden fields,
   * 23 false form_abandon findings in one clean session — says false. A recording made without the flag counts
   * a value only on a field pressed, clicked or focused before in this page load. A hidden input is never
   * edited by a person.
   */
  function isUserEdit(data: Record<string, unknown>, id: number, page: Page): boolean {
    if (page.map.attr(id, "type")?.toLowerCase() === "hidden") return false;
    if (typeof data.userTriggered === "boolean") return data.userTriggered;
    return page.touched.has(id);
  }

  function readMouse(t: number, data: Record<string, unknown>, page: Page): void {
    const id = num(data.id, -1);
    switch (data.type) {
      case RRWEB_MOUSE.MouseDown:
      case RRWEB_MOUSE.TouchStart:
        page.touched.add(id);
        lastDown = { id, t };
        pressFrom = t;
        return;
      case RRWEB_MOUSE.MouseUp:
      case RRWEB_MOUSE.TouchEnd:
        if (pressFrom !== null) tl.presses.push({ from: pressFrom, to: t });
        pressFrom = null;
        return;
      case RRWEB_MOUSE.Click: {
        page.touched.add(id);
        const pressed = lastDown !== null && lastDown.id === id &&
          t - lastDown.t <= RULES.response.pressWithinMs;
        const click: ClickRecord = {
          t,
          pressT: pressed && lastDown ? lastDown.t : t,
          x: num(data.x),
          y: num(data.y),
          page: url,
          target: describeTarget(page.map, { load: page.load, id, actionable: true }),
        };
        tl.clicks.push(click);
        return;
      }
      case RRWEB_MOUSE.Focus:
      case RRWEB_MOUSE.Blur:
        if (data.type === RRWEB_MOUSE.Focus) page.touched.add(id);
        // Focus moving to the pressed element (and off the previous one) is the browser's default action
        // for a mousedown, not the page answering: counted, every clicked <button> would look answered.
        if (pressFrom !== null && t - pressFrom <= RULES.response.pressWithinMs) return;
        tl.responses.focus.push(t);
        return;
      default:
        return;
    }
  }

  function readCustom(t: number, data: Record<string, unknown>, page: Page): void {
    const tag = str(data.tag);
    if (tag === undefined) {
      tl.skipped++;
      return;
    }
    const payload = isRecord(data.payload) ? data.payload : {};
    switch (tag) {
      case SDK_EVENT_TAG.navigation: {
        const href = str(payload.url);
        const startedAt = typeof payload.startedAt === "number"
          ? payload.startedAt - bounds.start
          : undefined;
        if (href !== undefined) navigate(t, href, "sdk", str(payload.kind) ?? "load", startedAt);
        return;
      }
      case SDK_EVENT_TAG.submit:
        tl.submits.push(readSubmit(t, payload, page));
        return;
      case SDK_EVENT_TAG.error:
        tl.errors.push({ t, page: url, message: str(payload.message) ?? "", sdk: payload.sdk === true });
        return;
      case SDK_EVENT_TAG.network: {
        const record = readNetwork(t, payload);
        tl.network.push(record);
        tl.responses.any.push(record.t);
        return;
      }
      case SDK_EVENT_TAG.visibility:
        tl.responses.focus.push(t);
        return;
      default:
        if (!tag.startsWith("rerun.")) tl.customs.push({ t, page: url, tag, payload: data.payload });
        return;
    }
  }

  function readSubmit(t: number, payload: Record<string, unknown>, page: Page): SubmitRecord {
    const nodeId = typeof payload.nodeId === "number" ? payload.nodeId : undefined;
    const formId = nodeId === undefined ? undefined : page.map.formOf(nodeId);
    return {
      t,
      page: url,
      selector: str(payload.selector) ?? "",
      ...(formId !== undefined ? { formKey: `${page.load}:${formId}` } : {}),
    };
  }

  function readNetwork(t: number, payload: Record<string, unknown>): NetworkRecord {
    const durationMs = Math.max(0, num(payload.durationMs));
    // startMs is the epoch time the request started; without it, the event (sent on completion) minus the duration.
    const startEpoch = num(payload.startMs, t + bounds.start - durationMs);
    const start = Math.max(0, startEpoch - bounds.start);
    return {
      t: start,
      endT: start + durationMs,
      page: url,
      method: (str(payload.method) ?? "GET").toUpperCase(),
      url: stripUrl(str(payload.url) ?? ""),
      status: num(payload.status),
      durationMs,
    };
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
