/**
 * rrweb's per-node serializer for the nodes most pages are made of, without rrweb's general-case work.
 *
 * rrweb's `serializeNodeWithId` handles every kind of node in one function (two option objects per node,
 * prototype reads through a string-keyed cache, `Array.from` of every child list, a `delete` that turns the
 * result into a dictionary-mode object): on a 3,000-node page under a ×4 CPU throttle that was most of the
 * first snapshot's 150 ms. This module writes, for a plain HTML element, an `<input>` or a text node under
 * masked text, exactly the object rrweb would (same id counter, attribute transform and mask functions),
 * and answers `undefined` for anything else, which the caller then hands to rrweb.
 */
import { isLowerCase } from "../../privacy/lower-case.ts";
import { hasToken, type MaskInput, type Plan, planOf } from "./serialize-plan.ts";
import type { NodeOptions, SerializedNode } from "./serialized-node.ts";

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

/** Serializes `node` as rrweb would with `options`, or answers `undefined` when rrweb must. */
export type FastSerialize = (node: Node, options: NodeOptions) => SerializedNode | undefined;

/**
 * Tags rrweb writes with nothing but their attributes, plus `input` (its value, masked): not the ones it
 * adds other values, media state, stylesheets or frames to, and no custom element (`-`) or name it would
 * rename to `div`.
 */
const PLAIN_TAG =
  /^(?!(?:audio|canvas|dialog|form|iframe|img|link|option|select|style|textarea|video)$)[a-z][a-z0-9]*$/;

const HTML_NS = "http://www.w3.org/1999/xhtml";

const NO_NAMES: readonly string[] = [];

/** rrweb's tag name (lower case) for each `tagName` a page uses, or `null` when it is not plain. */
const plainTags = new Map<string, string | null>();

function plainTag(upper: string): string | null {
  let tag = plainTags.get(upper);
  if (tag === undefined) {
    tag = upper.toLowerCase();
    plainTags.set(upper, tag = PLAIN_TAG.test(tag) ? tag : null);
  }
  return tag;
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

/** An element's attributes as rrweb writes them. */
export type Attributes = Record<string, string | number | boolean>;

/**
 * Returns what writes an `<input>`'s value into its `attributes` as rrweb does: the value (masked) unless the
 * field is a radio, checkbox or button, else `checked`.
 */
export function inputSerializer(
  maskInputValue: SerializerInternals["maskInputValue"],
  getInputType: SerializerInternals["getInputType"],
): (el: HTMLInputElement, attributes: Attributes, plan: Plan) => void {
  return (el, attributes, plan) => {
    const { value, checked } = el;
    const type = attributes.type;
    if (type !== "radio" && type !== "checkbox" && type !== "submit" && type !== "button" && value) {
      attributes.value = maskInputValue({
        element: el,
        type: getInputType(el),
        tagName: "input",
        value,
        maskInputOptions: plan.maskInputOptions,
        maskInputFn: plan.maskInputFn,
      });
    } else if (checked) attributes.checked = checked;
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
  const serializeInput = inputSerializer(maskInputValue, getInputType);
  const plans = new WeakMap<NodeOptions, Plan | null>();

  // Siblings, and every node below a node of this module, share one options object.
  let lastOptions: NodeOptions | null = null;
  let lastPlan: Plan | null = null;
  const planFor = (options: NodeOptions): Plan | null => {
    if (options !== lastOptions) {
      lastOptions = options;
      let plan = plans.get(options);
      if (plan === undefined) plans.set(options, plan = planOf(options));
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
    // Names, then values by name: `el.attributes` makes the browser create a map and a node per attribute
    // that live as long as the element. A name is read back only when unambiguous: lower case (as an HTML
    // document's `getAttribute` asks, and rrweb's transform is given) and not repeated (two namespaces).
    const attributes: Attributes = {};
    const names = hasAttributes.call(el) ? getAttributeNames.call(el) : NO_NAMES;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      if (!isLowerCase(name) || names.indexOf(name) !== i) return undefined;
      const value = getAttribute.call(el, name)!;
      // rrweb's block check, from the attributes read anyway: the block class (as `classList.contains`) or
      // the block attribute (as `matches` for `[name]`).
      if (name === plan.blockAttribute || (name === "class" && hasToken(value, plan.blockClass))) {
        return undefined;
      }
      attributes[name] = transformAttribute(plan.doc, tagName, name, value);
    }
    if (tagName === "input") serializeInput(el as HTMLInputElement, attributes, plan);
    // rrweb reads both scroll offsets of every element, each a style and layout check in Blink: about a
    // quarter of the snapshot on a page of 1,800 elements. Only a scroll container has one: not an element
    // whose computed overflow-x is `visible` (CSS computes `auto` when the other axis scrolls, and `visible`
    // beside `clip` scrolls neither), nor anything inside `display: none`, where nothing is read. A style
    // read costs a half to a third of the two offset reads. The scrolling element (html, or body in quirks
    // mode) reports the window's offsets whatever its style.
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
