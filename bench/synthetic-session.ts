/**
 * Synthetic rrweb-shaped sessions for the ingest and report benchmarks: a Meta and a FullSnapshot per page,
 * then a realistic mix of mouse moves, scrolls, clicks, inputs, DOM mutations and the SDK's navigation events.
 * Deterministic for a seed, so runs are comparable.
 */
import type { RecordedEvent } from "../shared/batch.ts";
import { RRWEB_EVENT, RRWEB_MOUSE, RRWEB_SOURCE, SDK_EVENT_TAG } from "../shared/events.ts";

/** Mulberry32: a small fast PRNG, enough for shaping test data. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TAGS = ["div", "span", "a", "button", "li", "p", "input", "label", "section", "img"];
const CLASSES = ["row", "col-6", "card", "btn btn-primary", "nav-item", "price", "muted", "title", "grid"];

type Shape = { rand: () => number; nodes: number };

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const int = (rand: () => number, max: number): number => Math.floor(rand() * max);

/** A full snapshot of a page with about `nodes` elements, masked text as the SDK records it. */
export function makeFullSnapshot(opts: { nodes: number; timestamp: number; seed: number }): RecordedEvent {
  const rand = createRandom(opts.seed);
  let id = 5;
  const makeNode = (depth: number): Record<string, unknown> => {
    const nodeId = id++;
    const childNodes: unknown[] = [];
    const width = depth < 4 ? 2 + int(rand, 4) : 0;
    for (let i = 0; i < width && id < opts.nodes; i++) childNodes.push(makeNode(depth + 1));
    if (width === 0) childNodes.push({ type: 3, textContent: "*".repeat(3 + int(rand, 20)), id: id++ });
    return {
      type: 2,
      tagName: pick(rand, TAGS),
      attributes: { class: pick(rand, CLASSES) },
      childNodes,
      id: nodeId,
    };
  };
  const bodyChildren: unknown[] = [];
  while (id < opts.nodes) bodyChildren.push(makeNode(1));
  return {
    type: RRWEB_EVENT.FullSnapshot,
    data: {
      node: {
        type: 0,
        id: 1,
        childNodes: [{
          type: 2,
          tagName: "html",
          id: 2,
          attributes: {},
          childNodes: [
            { type: 2, tagName: "head", id: 3, attributes: {}, childNodes: [] },
            { type: 2, tagName: "body", id: 4, attributes: {}, childNodes: bodyChildren },
          ],
        }],
      },
      initialOffset: { left: 0, top: 0 },
    },
    timestamp: opts.timestamp,
  };
}

function incremental(data: Record<string, unknown>, timestamp: number): RecordedEvent {
  return { type: RRWEB_EVENT.IncrementalSnapshot, data, timestamp };
}

/** One user or page event; the mix roughly follows recorded sessions (mouse moves dominate). */
function makeEvent(shape: Shape, timestamp: number): RecordedEvent {
  const { rand, nodes } = shape;
  const roll = rand();
  const id = 5 + int(rand, nodes - 5);
  if (roll < 0.45) {
    const positions = Array.from({ length: 1 + int(rand, 6) }, (_, i) => ({
      x: int(rand, 1280),
      y: int(rand, 800),
      id,
      timeOffset: -50 * (i + 1),
    }));
    return incremental({ source: RRWEB_SOURCE.MouseMove, positions }, timestamp);
  }
  if (roll < 0.62) {
    return incremental({ source: RRWEB_SOURCE.Scroll, id: 1, x: 0, y: int(rand, 6000) }, timestamp);
  }
  if (roll < 0.72) {
    const type = pick(rand, [
      RRWEB_MOUSE.MouseDown,
      RRWEB_MOUSE.MouseUp,
      RRWEB_MOUSE.Click,
      RRWEB_MOUSE.Focus,
    ]);
    return incremental(
      {
        source: RRWEB_SOURCE.MouseInteraction,
        type,
        id,
        x: int(rand, 1280),
        y: int(rand, 800),
        pointerType: 0,
      },
      timestamp,
    );
  }
  if (roll < 0.8) {
    return incremental({
      source: RRWEB_SOURCE.Input,
      text: "*".repeat(1 + int(rand, 12)),
      isChecked: false,
      id,
    }, timestamp);
  }
  if (roll < 0.995) {
    const adds = Array.from({ length: int(rand, 4) }, () => ({
      parentId: id,
      nextId: null,
      node: {
        type: 2,
        tagName: pick(rand, TAGS),
        attributes: { class: pick(rand, CLASSES) },
        childNodes: [],
        id: nodes + int(rand, 100_000),
      },
    }));
    return incremental({
      source: RRWEB_SOURCE.Mutation,
      texts: rand() < 0.5 ? [{ id, value: "*".repeat(2 + int(rand, 30)) }] : [],
      attributes: rand() < 0.5
        ? [{ id, attributes: { class: pick(rand, CLASSES), "aria-expanded": "true" } }]
        : [],
      removes: rand() < 0.3 ? [{ parentId: id, id: id + 1 }] : [],
      adds,
    }, timestamp);
  }
  return {
    type: RRWEB_EVENT.Custom,
    data: {
      tag: SDK_EVENT_TAG.navigation,
      payload: { url: `https://shop.example/products/${int(rand, 500)}`, kind: "pushState" },
    },
    timestamp,
  };
}

/**
 * `count` events of one session starting at `startTs`, about `eventsPerSecond` apart on average, with a new
 * page (Meta + FullSnapshot) every `pageEvery` events.
 */
export function generateSessionEvents(opts: {
  count: number;
  startTs: number;
  seed: number;
  eventsPerSecond?: number;
  pageEvery?: number;
  snapshotNodes?: number;
}): RecordedEvent[] {
  const rand = createRandom(opts.seed);
  const nodes = opts.snapshotNodes ?? 800;
  const shape: Shape = { rand, nodes };
  const gapMs = 1000 / (opts.eventsPerSecond ?? 20);
  const pageEvery = opts.pageEvery ?? 5_000;
  const events: RecordedEvent[] = [];
  let ts = opts.startTs;
  for (let i = 0; i < opts.count; i++) {
    if (i % pageEvery === 0) {
      events.push({
        type: RRWEB_EVENT.Meta,
        data: { href: `https://shop.example/page/${i / pageEvery}`, width: 1280, height: 800 },
        timestamp: ts,
      });
      events.push(makeFullSnapshot({ nodes, timestamp: ts, seed: opts.seed + i }));
      i += 2;
      if (i >= opts.count) break;
    }
    ts += Math.round(rand() * 2 * gapMs);
    events.push(makeEvent(shape, ts));
  }
  return events;
}
