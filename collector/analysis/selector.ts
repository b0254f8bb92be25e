/**
 * Short, stable CSS paths for findings. Stable means: the same element gets the same selector on every
 * visit, so `#id` wins, then a `[data-testid]` or `[name]`, and otherwise at most four levels of
 * `tag.class` with `:nth-of-type` only where siblings share the tag. Attribute values that the SDK masked
 * (all asterisks) say nothing, so they are not used.
 */
/** The part of the node map a selector needs (kept here so the two modules do not import each other). */
export type NodeLookup = {
  get(id: number):
    | { tag: string; attributes: Record<string, unknown>; parentId: number | null; children: number[] }
    | undefined;
};

const MAX_LEVELS = 4;
const MAX_CLASSES = 2;
const IDENT = /^-?[A-Za-z_][A-Za-z0-9_-]*$/;
const MASKED = /^\*+$/;

function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').slice(0, 60)}"`;
}

function usable(value: unknown): value is string {
  return typeof value === "string" && value !== "" && !MASKED.test(value);
}

function idSelector(id: string): string {
  return IDENT.test(id) ? `#${id}` : `[id=${quote(id)}]`;
}

function segmentFor(map: NodeLookup, nid: number): { text: string; anchored: boolean } {
  const node = map.get(nid);
  if (!node) return { text: "*", anchored: false };
  const a = node.attributes;
  if (usable(a.id)) return { text: idSelector(a.id), anchored: true };
  if (usable(a["data-testid"])) {
    return { text: `${node.tag}[data-testid=${quote(a["data-testid"])}]`, anchored: true };
  }
  let text = node.tag;
  if (
    usable(a.name) && (node.tag === "input" || node.tag === "select" || node.tag === "textarea" ||
      node.tag === "button" || node.tag === "form")
  ) {
    return { text: `${node.tag}[name=${quote(a.name)}]`, anchored: false };
  }
  if (typeof a.class === "string") {
    const classes = a.class.split(/\s+/).filter((c) => IDENT.test(c)).slice(0, MAX_CLASSES);
    for (const c of classes) text += `.${c}`;
  }
  const parent = node.parentId === null ? undefined : map.get(node.parentId);
  if (parent && node.tag !== "html" && node.tag !== "body") {
    let index = 0;
    let same = 0;
    for (const sibling of parent.children) {
      if (map.get(sibling)?.tag !== node.tag) continue;
      same++;
      if (sibling === nid) index = same;
    }
    if (same > 1) text += `:nth-of-type(${index})`;
  }
  return { text, anchored: false };
}

/** The CSS path for node `id` in `map`; `[rrweb-id="N"]` when the node is unknown (a DOM we never saw). */
export function createSelector(map: NodeLookup, id: number): string {
  const start = map.get(id);
  if (!start) return `[rrweb-id="${id}"]`;
  if (start.tag === "") return start.parentId === null ? "#text" : createSelector(map, start.parentId);
  if (start.tag === "#node") return "document";
  const parts: string[] = [];
  let nid: number | null = id;
  while (nid !== null && parts.length < MAX_LEVELS) {
    const node = map.get(nid);
    if (!node || node.tag === "" || node.tag === "#node") break;
    const segment = segmentFor(map, nid);
    parts.unshift(segment.text);
    if (segment.anchored || node.tag === "body" || node.tag === "html") break;
    nid = node.parentId;
  }
  return parts.join(" > ");
}
