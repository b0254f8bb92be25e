/**
 * Which strings of a batch's rrweb events are people's data and which are the page's presentation. Ingest
 * redacts and caps data (`storedString`); presentation — style sheets, `style` attributes, the style events
 * (sheet rules, declarations, adopted sheets) and SVG geometry — is stored as it came. Redacting CSS turned
 * `--…Channel: 255 255 255` into `[phone]` (50 values in one Material UI session) and put `[card]` inside
 * an SVG path of rrweb's demo recording; cutting a 25 KB Emotion sheet at 16 KiB left an unstyled replay.
 *
 * The walk reaches exactly the strings `replaceStringsInPlace` reaches, as deep, and counts object keys the
 * same way (ingest compares that count with the keys written in the request), so only the treatment of a
 * string depends on where it sits. Pure; writes into the events it is given.
 */
import { RRWEB_EVENT, RRWEB_SOURCE } from "../../shared/events.ts";

/** `data`: text, inputs, URLs, payloads — redacted and capped. `presentation`: stored as it came. */
export type StringKind = "data" | "presentation";

/**
 * Attributes that hold CSS: rrweb's `_cssText` (the inlined sheet of a `<style>` or `<link>`) and `style`.
 * SVG geometry and sizes: numbers and path commands, never text a person typed or sees. Names are compared in
 * lower case (an SVG attribute keeps its case: `viewBox`). By name alone, since a mutation's attribute change
 * does not say which element it is on; none of these carries text on an HTML element either.
 */
const PRESENTATION_ATTRIBUTES: ReadonlySet<string> = new Set([
  "_csstext",
  "style",
  "d",
  "points",
  "viewbox",
  "transform",
  "gradienttransform",
  "patterntransform",
  "x",
  "y",
  "x1",
  "y1",
  "x2",
  "y2",
  "cx",
  "cy",
  "r",
  "rx",
  "ry",
  "dx",
  "dy",
  "fx",
  "fy",
  "fr",
  "width",
  "height",
  "offset",
  "pathlength",
  "stroke-width",
  "stroke-dasharray",
  "stroke-dashoffset",
]);

/** Incremental sources whose whole data is CSS (and the ids of the sheets it goes to). */
const STYLE_SOURCES: ReadonlySet<unknown> = new Set([
  RRWEB_SOURCE.StyleSheetRule,
  RRWEB_SOURCE.StyleDeclaration,
  RRWEB_SOURCE.AdoptedStyleSheet,
]);

// What a value is, by where it sits: how its strings are treated and what its children are.
const DATA = 0;
const PRESENTATION = 1;
const EVENT = 2;
const SNAPSHOT = 3;
const NODE = 4;
const NODES = 5;
const ATTRIBUTES = 6;
const MUTATION = 7;
const ADDS = 8;
const ADD = 9;
const ATTRIBUTE_CHANGES = 10;
const ATTRIBUTE_CHANGE = 11;
const TEXTS = 12;
const TEXT_CHANGE = 13;
const EVENTS = 14;

// rrweb-snapshot's node types.
const ELEMENT_NODE = 2;
const TEXT_NODE = 3;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isPresentationAttribute(name: string): boolean {
  return PRESENTATION_ATTRIBUTES.has(name) || PRESENTATION_ATTRIBUTES.has(name.toLowerCase());
}

/** What the `data` of event `event` is. */
function dataRole(event: Record<string, unknown>): number {
  const data = event.data;
  if (event.type === RRWEB_EVENT.FullSnapshot) return SNAPSHOT;
  if (event.type !== RRWEB_EVENT.IncrementalSnapshot || !isRecord(data)) return DATA;
  if (data.source === RRWEB_SOURCE.Mutation) return MUTATION;
  return STYLE_SOURCES.has(data.source) ? PRESENTATION : DATA;
}

function itemRole(arrayRole: number): number {
  switch (arrayRole) {
    case EVENTS:
      return EVENT;
    case NODES:
      return NODE;
    case ADDS:
      return ADD;
    case ATTRIBUTE_CHANGES:
      return ATTRIBUTE_CHANGE;
    case TEXTS:
      return TEXT_CHANGE;
    case PRESENTATION:
      return PRESENTATION;
    default:
      return DATA;
  }
}

/**
 * Replaces every string inside `events` with `fix(string, kind)`, in place, to the depth
 * `replaceStringsInPlace` reaches; answers how many object keys it passed, as that does.
 *
 * A text node is presentation when rrweb marked it `isStyle` (older recorders) or its parent is a `<style>`
 * seen in the same batch (rrweb 2 records a sheet as the `_cssText` of its `<style>`, and text added later
 * to that `<style>` as a node under it); a text mutation is when its node is such a text node of the batch.
 * A style text node first recorded in an earlier batch is not known here, so its later text changes are
 * treated as data.
 */
export function replaceEventStringsInPlace(
  events: unknown[],
  maxDepth: number,
  fix: (text: string, kind: StringKind) => string,
): number {
  let keys = 0;
  const styleElements = new Set<number>();
  const styleTexts = new Set<number>();

  const noteNode = (node: Record<string, unknown>): void => {
    const id = node.id;
    if (typeof id !== "number") return;
    if (node.type === TEXT_NODE && node.isStyle === true) styleTexts.add(id);
    if (node.type !== ELEMENT_NODE || typeof node.tagName !== "string") return;
    if (node.tagName.toLowerCase() !== "style") return;
    styleElements.add(id);
    if (!Array.isArray(node.childNodes)) return;
    for (const child of node.childNodes) {
      if (isRecord(child) && child.type === TEXT_NODE && typeof child.id === "number") {
        styleTexts.add(child.id);
      }
    }
  };

  const kindOf = (role: number, key: string, holder: Record<string, unknown>): StringKind => {
    switch (role) {
      case PRESENTATION:
        return "presentation";
      case NODE:
        return key === "textContent" && typeof holder.id === "number" && styleTexts.has(holder.id)
          ? "presentation"
          : "data";
      case ATTRIBUTES:
        return isPresentationAttribute(key) ? "presentation" : "data";
      case TEXT_CHANGE:
        return key === "value" && typeof holder.id === "number" && styleTexts.has(holder.id)
          ? "presentation"
          : "data";
      default:
        return "data";
    }
  };

  const childRole = (role: number, key: string, holder: Record<string, unknown>): number => {
    switch (role) {
      case PRESENTATION:
        return PRESENTATION;
      case EVENT:
        return key === "data" ? dataRole(holder) : DATA;
      case SNAPSHOT:
        return key === "node" ? NODE : DATA;
      case NODE:
        return key === "childNodes" ? NODES : key === "attributes" ? ATTRIBUTES : DATA;
      case ATTRIBUTES:
        // rrweb writes a `style` change as an object of properties.
        return isPresentationAttribute(key) ? PRESENTATION : DATA;
      case MUTATION:
        return key === "adds"
          ? ADDS
          : key === "attributes"
          ? ATTRIBUTE_CHANGES
          : key === "texts"
          ? TEXTS
          : DATA;
      case ADD:
        return key === "node" ? NODE : DATA;
      case ATTRIBUTE_CHANGE:
        return key === "attributes" ? ATTRIBUTES : DATA;
      default:
        return DATA;
    }
  };

  const walk = (value: object, depth: number, role: number): void => {
    if (Array.isArray(value)) {
      const itemsRole = itemRole(role);
      const kind: StringKind = itemsRole === PRESENTATION ? "presentation" : "data";
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === "string") value[i] = fix(item, kind);
        else if (item !== null && typeof item === "object" && depth + 1 < maxDepth) {
          walk(item, depth + 1, itemsRole);
        }
      }
      return;
    }
    const record = value as Record<string, unknown>;
    if (role === NODE) noteNode(record);
    else if (
      role === ADD && typeof record.parentId === "number" && styleElements.has(record.parentId) &&
      isRecord(record.node) && record.node.type === TEXT_NODE && typeof record.node.id === "number"
    ) {
      styleTexts.add(record.node.id);
    }
    for (const k in record) {
      if (!Object.hasOwn(record, k)) continue;
      keys++;
      const item = record[k];
      if (typeof item === "string") record[k] = fix(item, kindOf(role, k, record));
      else if (item !== null && typeof item === "object" && depth + 1 < maxDepth) {
        walk(item, depth + 1, childRole(role, k, record));
      }
    }
  };

  if (maxDepth > 0) walk(events, 0, EVENTS);
  return keys;
}
