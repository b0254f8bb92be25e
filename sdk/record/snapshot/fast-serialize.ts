/**
 * rrweb's per-node serializer for the nodes most pages are made of, without rrweb's general-case work.
 *
 * rrweb's `serializeNodeWithId` handles every kind of node in one function: for each node it builds two
 * option objects, reads the page's prototypes through a cache keyed by strings, asks `customElements`, the
 * class list and the block selector separately, copies every child list with `Array.from` and deletes a
 * property from the result (which turns it into a dictionary-mode object). On a 3,000-node page under a ×4
 * CPU throttle that is most of the first snapshot's 150 ms. This module writes, for a plain HTML element,
 * an `<input>` or a text node under masked text, exactly the object rrweb would write (same id counter,
 * same attribute transform, same mask functions), and answers `undefined` for anything else, which the
 * caller then hands to rrweb: forms and their other fields, media, frames, stylesheets, custom elements,
 * SVG, shadow hosts, blocked elements, script and style text, comments, and any option this module does not
 * know.
 */
import { isLowerCase } from "../../privacy/lower-case.ts";
import { maskText } from "../../privacy/mask-text.ts";
import type { NodeOptions, SerializedNode } from "./sliced-snapshot.ts";

/** What the SDK build exports of rrweb's serializer internals (`exportSerializer` in `scripts/esbuild-sdk.ts`). */
export type SerializerInternals = {
  genId: () => number;
  transformAttribute: (doc: Document, tagName: string, name: string, value: string) => string;
  maskInputValue: (field: {
    element: HTMLElement;
    maskInputOptions: Record<string, unknown>;
    tagName: string;
    type: string | null;
    value: string | null;
    maskInputFn?: MaskInput;
  }) => string;
  getInputType: (element: HTMLElement) => string | null;
};

type MaskInput = (text: string, element: HTMLElement) => string;

/** rrweb's mirror: what this module calls. */
type Mirror = { getId(node: Node): number; add(node: Node, serialized: SerializedNode): void };

/** Serializes `node` as rrweb would with `options`, or answers `undefined` when rrweb must. */
export type FastSerialize = (node: Node, options: NodeOptions) => SerializedNode | undefined;

/** The options, checked once per options object, under which this module's output equals rrweb's. */
type Plan = {
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

/**
 * Tags rrweb writes with nothing but their attributes, plus `input` (its value, masked): not the ones it
 * adds other values, media state, stylesheets or frames to, and no custom element (`-`) or name it would
 * rename to `div`.
 */
const PLAIN_TAG =
  /^(?!(?:audio|canvas|dialog|form|iframe|img|link|option|select|style|textarea|video)$)[a-z][a-z0-9]*$/;

const HTML_NS = "http://www.w3.org/1999/xhtml";

const NO_NAMES: readonly string[] = [];

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

const isNativeCode = (fn: unknown): boolean => /\[native code\]/.test(String(fn));

const getterOf = (proto: object, name: string): unknown => Object.getOwnPropertyDescriptor(proto, name)?.get;

/**
 * Whether the page's getters of what this module reads directly, and `methods`, are the browser's own.
 * rrweb reads the getters from a clean prototype when a page patched them; this module then leaves every
 * node to rrweb.
 */
function nativeDom(methods: readonly unknown[]): boolean {
  return ["firstChild", "nextSibling", "parentNode", "textContent"].every((name) =>
    isNativeCode(getterOf(Node.prototype, name))
  ) && ["shadowRoot", "firstElementChild"].every((name) => isNativeCode(getterOf(Element.prototype, name))) &&
    methods.every(isNativeCode);
}

/** The browser's own computed-style reading: an element's style, then one property of it. */
type StyleReader = {
  of(el: Element): CSSStyleDeclaration;
  read(style: CSSStyleDeclaration, name: string): string;
};

/**
 * Returns a {@link StyleReader} on the browser's own functions, taken now; `undefined` when the page replaced
 * one of them (or has none), and every element's scroll offsets are then read.
 */
function nativeStyleReader(): StyleReader | undefined {
  if (typeof getComputedStyle !== "function" || typeof CSSStyleDeclaration !== "function") return undefined;
  const view = globalThis;
  const computed = getComputedStyle;
  const { getPropertyValue } = CSSStyleDeclaration.prototype;
  if (!isNativeCode(computed) || !isNativeCode(getPropertyValue)) return undefined;
  return {
    of: (el) => computed.call(view, el),
    read: (style, name) => getPropertyValue.call(style, name),
  };
}

/** Returns the fast serializer built on rrweb's `internals`, or `undefined` when they are missing. */
export function createFastSerialize(internals: Partial<SerializerInternals>): FastSerialize | undefined {
  const { genId, transformAttribute, maskInputValue, getInputType } = internals;
  if (
    typeof genId !== "function" || typeof transformAttribute !== "function" ||
    typeof maskInputValue !== "function" || typeof getInputType !== "function"
  ) return undefined;
  if (typeof Node === "undefined") return undefined;
  // Taken now and called on each element, so that a page's later patch or an element's own property is not
  // what answers.
  const { hasAttributes, getAttributeNames, getAttribute } = Element.prototype;
  if (!nativeDom([hasAttributes, getAttributeNames, getAttribute])) return undefined;
  const styles = nativeStyleReader();
  const plans = new WeakMap<NodeOptions, Plan | null>();

  const checkedPlan = (options: NodeOptions): Plan | null => {
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
  };

  // Siblings, and every node below a node of this module, share one options object.
  let lastOptions: NodeOptions | null = null;
  let lastPlan: Plan | null = null;
  const planFor = (options: NodeOptions): Plan | null => {
    if (options !== lastOptions) {
      lastOptions = options;
      let plan = plans.get(options);
      if (plan === undefined) plans.set(options, plan = checkedPlan(options));
      lastPlan = plan;
    }
    return lastPlan;
  };

  // The children of an element of `display: none` are queued with a copy of its options, whose plan says
  // so: one copy per options object. rrweb, given the copy for a node it serializes, reads the same values.
  const hiddenCopies = new WeakMap<NodeOptions, NodeOptions>();
  const insideHidden = (options: NodeOptions, plan: Plan): NodeOptions => {
    let copy = hiddenCopies.get(options);
    if (copy === undefined) {
      hiddenCopies.set(options, copy = { ...options });
      plans.set(copy, { ...plan, hidden: true });
    }
    return copy;
  };

  // rrweb's tag name (lower case) for each `tagName` the page uses, or null when it is not plain.
  const plainTags = new Map<string, string | null>();
  const plainTag = (upper: string): string | null => {
    let tag = plainTags.get(upper);
    if (tag === undefined) {
      tag = upper.toLowerCase();
      plainTags.set(upper, tag = PLAIN_TAG.test(tag) ? tag : null);
    }
    return tag;
  };

  const idOf = (node: Node, plan: Plan): number => {
    const known = plan.mirror.getId(node);
    return known === -1 ? genId() : known;
  };

  return (node, options) => {
    const type = node.nodeType;
    if (type === 3) {
      const parent = node.parentNode as Element | null;
      // Only an element has a tag name, so this is also whether the parent is the text's parentElement.
      const parentTag = parent?.tagName;
      const plan = parentTag !== "STYLE" && parentTag !== "SCRIPT" && planFor(options);
      if (!plan) return undefined;
      const text = node.textContent;
      const out = {
        type,
        textContent: (text && plan.mask(text, parentTag === undefined ? null : parent as HTMLElement)) || "",
        rootId: plan.rootId,
        id: idOf(node, plan),
      };
      plan.mirror.add(node, out);
      return out;
    }
    if (type !== 1) return undefined;
    const el = node as Element;
    const tagName = el.namespaceURI === HTML_NS ? plainTag(el.tagName) : null;
    const plan = tagName !== null && planFor(options);
    if (!plan || el.shadowRoot || (plan.blockSelector !== null && el.matches(plan.blockSelector))) {
      return undefined;
    }
    // rrweb reads `el.attributes`, for which the browser creates a map per element and a node per attribute
    // that then live as long as the element; reading names and then values by name costs a fraction of that.
    // A name is read back only when that is unambiguous: in lower case (an HTML document's `getAttribute`
    // lower-cases what it is asked, and rrweb's transform is given the name lower-cased) and not repeated
    // (two namespaces can share a name).
    const attributes: Record<string, string | number | boolean> = {};
    const names = hasAttributes.call(el) ? getAttributeNames.call(el) : NO_NAMES;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      if (!isLowerCase(name) || names.indexOf(name) !== i) return undefined;
      const value = getAttribute.call(el, name)!;
      // rrweb's block check, answered from the attributes read anyway: the block class among the class
      // names (as `classList.contains`), or the block attribute (as `matches` for `[name]`).
      if (name === plan.blockAttribute || (name === "class" && hasToken(value, plan.blockClass))) {
        return undefined;
      }
      attributes[name] = transformAttribute(plan.doc, tagName, name, value);
    }
    if (tagName === "input") {
      // rrweb's rule: a value (masked) unless the field is a radio, checkbox or button, else `checked`.
      const input = el as HTMLInputElement;
      const { value, checked } = input;
      const type = attributes.type;
      if (type !== "radio" && type !== "checkbox" && type !== "submit" && type !== "button" && value) {
        attributes.value = maskInputValue({
          element: input,
          type: getInputType(input),
          tagName,
          value,
          maskInputOptions: plan.maskInputOptions,
          maskInputFn: plan.maskInputFn,
        });
      } else if (checked) attributes.checked = checked;
    }
    // rrweb reads both scroll offsets of every element, and each read has Blink check that style and layout
    // are up to date: on a page of 1,800 elements that was about a quarter of the snapshot. Only a scroll
    // container has an offset. An element whose computed overflow-x is `visible` is none (CSS computes
    // `visible` as `auto` when the other axis scrolls, and `visible` beside `clip` scrolls neither), and
    // nothing inside an element of `display: none` has a box at all. A style read costs a half to a third of
    // the two offset reads; inside a hidden element, where the browser would have to compute styles for it,
    // nothing is read. The page's scrolling element (html, or body in quirks mode) reports the window's
    // offsets whatever its style.
    let childOptions = options;
    if (!plan.hidden) {
      const style = tagName === "html" || tagName === "body" ? undefined : styles?.of(el);
      if (!style || styles!.read(style, "overflow-x") !== "visible") {
        const { scrollLeft, scrollTop } = el;
        if (scrollLeft) attributes.rr_scrollLeft = scrollLeft;
        if (scrollTop) attributes.rr_scrollTop = scrollTop;
      }
      // Only element children would read a style of their own.
      if (style && el.firstElementChild && styles!.read(style, "display") === "none") {
        childOptions = insideHidden(options, plan);
      }
    }
    const childNodes: SerializedNode[] = [];
    // rrweb's own node types: 2 is an element (the DOM's 1); a text node is 3 in both.
    const out = { type: 2, tagName, attributes, childNodes, rootId: plan.rootId, id: idOf(el, plan) };
    plan.mirror.add(el, out);
    for (let child = el.firstChild; child; child = child.nextSibling) {
      options.defer!(child, childOptions, childNodes, false);
    }
    return out;
  };
}
