/**
 * A small synthetic session for `rerun smoke`: one page, built so that analysis must find a rage click, a
 * dead click, an error click with its JS error, and a failed request. It is sent in two batches so the
 * smoke test also exercises stitching.
 */
import { RRWEB_EVENT, RRWEB_MOUSE, RRWEB_SOURCE, SDK_EVENT_TAG } from "../../shared/events.ts";
import type { IngestBatchInput, RecordedEvent } from "../../shared/batch.ts";
import type { FindingKind } from "../../shared/report.ts";

/** The finding kinds analysis must report for this session. */
export const SMOKE_EXPECTED_KINDS: readonly FindingKind[] = [
  "rage_click",
  "dead_click",
  "error_click",
  "js_error",
  "network_error",
];

const PAGE = "https://smoke.rerun.test/checkout";

// Node ids of the snapshot below.
const BUY = 10;
const PROMO = 12;
const PAY = 14;
const BODY = 6;

function element(
  id: number,
  tagName: string,
  attributes: Record<string, string>,
  childNodes: unknown[] = [],
) {
  return { type: 2, id, tagName, attributes, childNodes };
}
function text(id: number, textContent: string) {
  return { type: 3, id, textContent };
}

function snapshot(): unknown {
  return {
    node: {
      type: 0,
      id: 1,
      childNodes: [
        { type: 1, id: 2, name: "html", publicId: "", systemId: "" },
        element(3, "html", {}, [
          element(4, "head", {}, [element(5, "title", {}, [text(16, "*****")])]),
          element(BODY, "body", {}, [
            element(7, "main", { id: "checkout" }, [
              element(8, "h1", {}, [text(9, "********")]),
              element(BUY, "button", { id: "buy", type: "button" }, [text(11, "***")]),
              element(PROMO, "div", { class: "promo-cta", role: "button" }, [text(13, "*****")]),
              element(PAY, "button", { id: "pay", type: "button" }, [text(15, "***")]),
            ]),
          ]),
        ]),
      ],
    },
    initialOffset: { top: 0, left: 0 },
  };
}

function click(id: number, t: number, x: number, y: number): RecordedEvent {
  return {
    type: RRWEB_EVENT.IncrementalSnapshot,
    data: { source: RRWEB_SOURCE.MouseInteraction, type: RRWEB_MOUSE.Click, id, x, y },
    timestamp: t,
  };
}

function custom(tag: string, payload: unknown, t: number): RecordedEvent {
  return { type: RRWEB_EVENT.Custom, data: { tag, payload }, timestamp: t };
}

/** Builds the two batches of one smoke session starting at `startMs` (epoch ms). */
export function buildSmokeBatches(
  opts: { appId: string; sessionId: string; windowId: string; startMs: number },
): IngestBatchInput[] {
  const t = (offset: number) => opts.startMs + offset;
  const first: RecordedEvent[] = [
    { type: RRWEB_EVENT.Meta, data: { href: PAGE, width: 1280, height: 800 }, timestamp: t(0) },
    { type: RRWEB_EVENT.FullSnapshot, data: snapshot(), timestamp: t(5) },
    custom(SDK_EVENT_TAG.navigation, { url: PAGE, kind: "load" }, t(6)),
    // Rage: five clicks on #buy, 250 ms apart, on the same spot, and nothing happens.
    ...[0, 1, 2, 3, 4].map((i) => click(BUY, t(2_000 + i * 250), 120 + i, 200)),
    // Dead: one click on a div styled as a button; nothing responds for 8 s (more than the 7 s slow window).
    click(PROMO, t(8_000), 300, 260),
  ];
  const second: RecordedEvent[] = [
    // Error click: #pay throws 150 ms after the click, then the page shows an error banner (a mutation).
    click(PAY, t(16_000), 120, 320),
    custom(SDK_EVENT_TAG.error, {
      message: "TypeError: Cannot read properties of undefined (reading 'total')",
      kind: "error",
      url: PAGE,
    }, t(16_150)),
    {
      type: RRWEB_EVENT.IncrementalSnapshot,
      data: {
        source: RRWEB_SOURCE.Mutation,
        adds: [{ parentId: BODY, nextId: null, node: element(20, "div", { class: "error-banner" }, []) }],
        removes: [],
        texts: [],
        attributes: [],
      },
      timestamp: t(16_300),
    },
    // A request that fails with 500.
    custom(SDK_EVENT_TAG.network, {
      method: "POST",
      url: "https://smoke.rerun.test/api/cart",
      status: 500,
      startMs: t(19_000),
      durationMs: 180,
      initiator: "fetch",
    }, t(19_180)),
    {
      type: RRWEB_EVENT.IncrementalSnapshot,
      data: { source: RRWEB_SOURCE.MouseMove, positions: [{ x: 400, y: 400, id: BODY, timeOffset: 0 }] },
      timestamp: t(24_000),
    },
  ];
  const base = { appId: opts.appId, sessionId: opts.sessionId, windowId: opts.windowId, meta: { url: PAGE } };
  return [
    { ...base, sequence: 0, events: first },
    { ...base, sequence: 1, events: second, final: true },
  ];
}
