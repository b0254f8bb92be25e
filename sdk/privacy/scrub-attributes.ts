/**
 * Attribute scrubbing. rrweb masks text nodes and most input values but records `placeholder`, `title`,
 * `aria-label`, `alt`, button and hidden-input `value` and `data-*` verbatim (rrweb issues 1361, 1581,
 * 1609). This pass masks those attribute values in full snapshots, added nodes and attribute mutations, and
 * strips the query and hash from link URLs and the page URL of meta events, before an event is batched.
 *
 * It walks the serialized node tree rrweb emits and mutates it in place: the event is fresh from rrweb and
 * owned by the SDK, and copying every full snapshot would double the recorder's memory churn.
 */
import { RRWEB_EVENT, RRWEB_SOURCE } from "../../shared/events.ts";
import { stripUrl } from "../../shared/url.ts";
import { lowerCase } from "./lower-case.ts";
import { maskText } from "./mask-text.ts";

/**
 * Attributes whose values are human-readable text and so may carry personal data. `srcdoc` is a whole
 * document written into an attribute: rrweb records it as written, though it masks the frame's own text.
 */
const TEXT_ATTRIBUTES: ReadonlySet<string> = new Set([
  "srcdoc",
  "placeholder",
  "title",
  "alt",
  "value",
  "label",
  "aria-label",
  "aria-description",
  "aria-valuetext",
  "aria-placeholder",
  "aria-roledescription",
]);

/** Attributes holding a URL that the replay does not need to load, so query and hash can go. */
const LINK_ATTRIBUTES: ReadonlySet<string> = new Set(["href", "action", "formaction", "cite", "ping"]);

/** rrweb-snapshot's `NodeType.Comment`: HTML comments are recorded verbatim and may quote server data. */
const COMMENT_NODE = 5;

/**
 * DOM depth below which a full snapshot is cut. The collector refuses JSON nested deeper than 512 levels
 * (`MAX_JSON_DEPTH`), and each DOM level is two (a node and its `childNodes`) under the batch's own five, so
 * a page 250 levels deep lost its whole first batch; 200 leaves room for shadow roots and iframes' documents.
 */
export const MAX_SNAPSHOT_DEPTH = 200;
/** Marks an element whose children were cut at {@link MAX_SNAPSHOT_DEPTH}, visible in the replay's DOM. */
export const TRUNCATED_ATTRIBUTE = "data-rerun-truncated";

/** The attribute that marks a region the page explicitly unmasked (kept in sync with the option). */
const DEFAULT_UNMASK_ATTRIBUTE = "data-rerun-unmask";

/** What the scrubber needs to know that the event itself does not say. */
export type ScrubContext = {
  /** Whether the live node with this rrweb id is inside an unmasked region (attribute mutations). */
  isUnmasked(nodeId: number): boolean;
  /** The attribute that unmasks a subtree in serialized nodes, default `data-rerun-unmask`. */
  unmaskAttribute?: string;
  /** `false` turns text masking of attributes and input events off; URLs are still stripped. */
  maskAttributes?: boolean;
};

type AttributeMap = Record<string, unknown>;
type SerializedNode = {
  type?: number;
  textContent?: unknown;
  tagName?: string;
  attributes?: AttributeMap;
  childNodes?: SerializedNode[];
  id?: number;
};

/** Returns the masked form of one attribute value, or the value itself when it carries no text. */
export function scrubAttribute(name: string, value: unknown, unmasked: boolean): unknown {
  if (typeof value !== "string" || value === "") return value;
  const lower = lowerCase(name);
  if (LINK_ATTRIBUTES.has(lower)) return stripUrl(value);
  if (unmasked) return value;
  if (TEXT_ATTRIBUTES.has(lower) || lower.startsWith("data-")) return maskText(value);
  return value;
}

/** Element whose `value` is a secret even inside an unmasked region. */
function isPasswordInput(attributes: AttributeMap | undefined): boolean {
  return typeof attributes?.type === "string" && attributes.type.toLowerCase() === "password";
}

function scrubAttributeMap(attributes: AttributeMap, unmasked: boolean): void {
  const keepValues = unmasked && !isPasswordInput(attributes);
  for (const name in attributes) {
    const value = attributes[name];
    // Most attributes (class, id, style…) hold no text and no link; skip them without a lookup.
    if (typeof value !== "string" || value === "") continue;
    const next = scrubAttribute(
      name,
      value,
      name.length === 5 && lowerCase(name) === "value" ? keepValues : unmasked,
    );
    if (next !== value) attributes[name] = next;
  }
}

/**
 * Scrubs a serialized node and its children; `unmasked` is whether an ancestor unmasked the subtree. An
 * element {@link MAX_SNAPSHOT_DEPTH} levels down loses its children and gets {@link TRUNCATED_ATTRIBUTE}.
 * An explicit iterative walk (deep DOMs must not exhaust the host page's stack) over parallel stacks, so a
 * full snapshot of thousands of nodes allocates nothing per node.
 */
export function scrubNodeTree(
  node: SerializedNode,
  unmasked: boolean,
  unmaskAttribute = DEFAULT_UNMASK_ATTRIBUTE,
): void {
  const nodes: SerializedNode[] = [node];
  const inheritedFlags: boolean[] = [unmasked];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const current = nodes.pop() as SerializedNode;
    const inherited = inheritedFlags.pop() as boolean;
    const depth = depths.pop() as number;
    let here = inherited;
    if (current.type === COMMENT_NODE && !inherited && typeof current.textContent === "string") {
      current.textContent = maskText(current.textContent);
    }
    const attributes = current.attributes;
    if (attributes) {
      here = inherited || unmaskAttribute in attributes;
      scrubAttributeMap(attributes, here);
    }
    const children = current.childNodes;
    if (children && depth >= MAX_SNAPSHOT_DEPTH && children.length > 0) {
      current.childNodes = [];
      if (attributes) attributes[TRUNCATED_ATTRIBUTE] = "";
    } else if (children) {
      for (let i = 0; i < children.length; i++) {
        const child = children[i] as SerializedNode;
        // Text nodes carry no attributes; rrweb already masked their text.
        if (child.attributes === undefined && child.childNodes === undefined && child.type !== COMMENT_NODE) {
          continue;
        }
        nodes.push(child);
        inheritedFlags.push(here);
        depths.push(depth + 1);
      }
    }
  }
}

/** Minimal shape of an rrweb event, enough to find what needs scrubbing. */
export type ScrubbableEvent = { type: number; data: unknown; timestamp: number };

type IncrementalData = {
  source: number;
  id?: number;
  text?: unknown;
  adds?: Array<{ parentId: number; node: SerializedNode }>;
  attributes?: Array<{ id: number; attributes: AttributeMap }>;
};

/** Scrubs one rrweb event in place and returns it. */
export function scrubEvent<TEvent extends ScrubbableEvent>(event: TEvent, ctx: ScrubContext): TEvent {
  const unmaskAttribute = ctx.unmaskAttribute ?? DEFAULT_UNMASK_ATTRIBUTE;
  const all = ctx.maskAttributes === false;
  const isUnmasked = (id: number): boolean => all || ctx.isUnmasked(id);
  const data = event.data as Record<string, unknown> | null;
  if (!data || typeof data !== "object") return event;
  switch (event.type) {
    case RRWEB_EVENT.Meta:
      if (typeof data.href === "string") data.href = stripUrl(data.href);
      return event;
    case RRWEB_EVENT.FullSnapshot:
      if (data.node && typeof data.node === "object") {
        scrubNodeTree(data.node as SerializedNode, all, unmaskAttribute);
      }
      return event;
    case RRWEB_EVENT.IncrementalSnapshot: {
      const mutation = data as IncrementalData;
      if (mutation.source === RRWEB_SOURCE.Input) {
        // rrweb leaves values of input types outside its mask list (hidden, button, submit) as they are.
        if (typeof mutation.text === "string" && !isUnmasked(mutation.id ?? -1)) {
          mutation.text = maskText(mutation.text);
        }
        return event;
      }
      if (mutation.source !== RRWEB_SOURCE.Mutation) return event;
      for (const add of mutation.adds ?? []) {
        scrubNodeTree(add.node, isUnmasked(add.parentId), unmaskAttribute);
      }
      for (const change of mutation.attributes ?? []) {
        scrubAttributeMap(change.attributes, isUnmasked(change.id));
      }
      return event;
    }
    default:
      return event;
  }
}
