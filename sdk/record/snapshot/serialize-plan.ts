/**
 * The options under which the first snapshot's fast path (`fast-serialize.ts`) writes exactly what rrweb
 * would, checked once per options object and kept as a plan the per-node code reads. Any option this module
 * does not know leaves the node to rrweb.
 */
import { maskText } from "../../privacy/mask-text.ts";
import type { NodeOptions, SerializedNode } from "./serialized-node.ts";

/** rrweb's input mask function (`maskInputFn`). */
export type MaskInput = (text: string, element: HTMLElement) => string;

/** rrweb's mirror: what the fast path calls. */
export type Mirror = { getId(node: Node): number; add(node: Node, serialized: SerializedNode): void };

/** How to serialize under one options object. */
export type Plan = {
  doc: Document;
  mirror: Mirror;
  /** rrweb's `rootId`: the document's id, unless it is the recorded page's (1) or not numbered. */
  rootId: number | undefined;
  /** rrweb's block class, and its block selector: as an attribute name when it is `[name]`, else as is. */
  blockClass: string;
  blockAttribute: string | null;
  blockSelector: string | null;
  mask: (text: string, element: HTMLElement | null) => string;
  maskInputOptions: Record<string, unknown>;
  maskInputFn: MaskInput | undefined;
  /** Whether the node is inside an element of `display: none`, where nothing has a scroll offset. */
  hidden: boolean;
};

/** ASCII whitespace, which separates class names. */
const SPACE = /[\t\n\f\r ]/;

/** Whether `token` is one of the class names in `list`, as `classList.contains` answers (case-sensitive). */
export function hasToken(list: string, token: string): boolean {
  for (let at = list.indexOf(token); at !== -1; at = list.indexOf(token, at + 1)) {
    const end = at + token.length;
    if ((at === 0 || SPACE.test(list[at - 1]!)) && (end === list.length || SPACE.test(list[end]!))) {
      return true;
    }
  }
  return false;
}

/** The plan for serializing under `options`, or `null` when rrweb must (an option this module does not know). */
export function planOf(options: NodeOptions): Plan | null {
  const { doc, mirror, blockClass, blockSelector, maskTextFn, maskInputFn, slimDOMOptions } = options;
  const maskInputOptions = options.maskInputOptions ?? {};
  if (
    options.needsMask !== true || options.cssCaptured || options.skipChild || options.newlyAddedElement ||
    options.preserveWhiteSpace === false || !(doc instanceof Document) || typeof mirror !== "object" ||
    typeof blockClass !== "string" || !blockClass || typeof options.defer !== "function" ||
    (maskTextFn !== undefined && typeof maskTextFn !== "function") ||
    (maskInputFn !== undefined && typeof maskInputFn !== "function") ||
    typeof maskInputOptions !== "object" ||
    Object.values(slimDOMOptions ?? {}).some(Boolean)
  ) return null;
  // rrweb's `classList.contains` throws on a class with a space, and rrweb then blocks nothing.
  if (SPACE.test(blockClass)) return null;
  let blockAttribute: string | null = null;
  let selector: string | null = null;
  if (typeof blockSelector === "string" && blockSelector) {
    blockAttribute = /^\[([a-z][a-z0-9_-]*)\]$/i.exec(blockSelector)?.[1]?.toLowerCase() ?? null;
    if (blockAttribute === null) {
      try {
        doc.createElement("b").matches(blockSelector);
      } catch {
        // rrweb ignores a block selector it cannot parse; leave such a page to it.
        return null;
      }
      selector = blockSelector;
    }
  }
  const docId = (mirror as Mirror).getId(doc);
  return {
    doc,
    mirror: mirror as Mirror,
    rootId: docId === 1 || docId === -1 ? undefined : docId,
    blockClass,
    blockAttribute,
    blockSelector: selector,
    // rrweb's own mask without a maskTextFn is the SDK's: every non-space character as `*`.
    mask: (maskTextFn as Plan["mask"] | undefined) ?? maskText,
    maskInputOptions: maskInputOptions as Plan["maskInputOptions"],
    maskInputFn: maskInputFn as MaskInput | undefined,
    hidden: false,
  };
}
