/**
 * The node map: rrweb's serialized DOM replayed into id → {tag, attributes, masked text, parent}, so a
 * finding can name what was clicked (SPEC §4). A full snapshot (type 2) replaces the map; mutations
 * (type 3, source 0) are applied the way rrweb's replayer applies them: removes, adds, texts, attributes.
 * Input may be anything a browser once produced, so every reader checks shapes and skips what it cannot use.
 */
import { formSelector, type SelectorDom } from "../../shared/form-selector.ts";
import { createSelector } from "./selector.ts";

export type MutationEffect = "none" | "text" | "structure";

/** A node's traits that depend on its ancestors (see `NodeMap.traitsOf`). */
export type NodeTraits = {
  select: boolean;
  contentEditable: boolean;
  navigatingLink: boolean;
  download: boolean;
  newTab: boolean;
  canvasOrMedia: boolean;
  stepper: boolean;
  ignoreRage: boolean;
  /** The nearest form at or above the node. */
  formId: number | undefined;
};

/** One node as analysis needs it. Text nodes have `tag` "" and their (masked) text in `text`. */
export type NodeRecord = {
  id: number;
  tag: string;
  attributes: Record<string, unknown>;
  text: string;
  parentId: number | null;
  children: number[];
};

// rrweb-snapshot's NodeType numbers.
const NODE_ELEMENT = 2;
const NODE_TEXT = 3;
const NODE_CDATA = 4;
const MAX_TREE_DEPTH = 512;

const TEXT_FIELD_INPUT_TYPES = new Set([
  "",
  "text",
  "email",
  "password",
  "search",
  "tel",
  "url",
  "number",
  "date",
  "datetime-local",
  "month",
  "time",
  "week",
]);
/** Words that name a control whose repeated clicking is its use: on the control itself (see `traitsOf`). */
const STEPPER_CONTROL_WORDS =
  /(^|[\s_-])(next|prev|previous|back|forward|increment|decrement|slider-(?:next|prev)|arrow)([\s_-]|$)/i;
/** Words that name a widget made of such controls: on the control or a near ancestor. */
const STEPPER_WIDGET_WORDS = /(^|[\s_-])(stepper|spinner|carousel)([\s_-]|$)/i;
const INTERACTIVE_TAGS = new Set([
  "a",
  "button",
  "input",
  "select",
  "textarea",
  "label",
  "summary",
  "option",
]);
const MEDIA_TAGS = new Set(["canvas", "video", "audio"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * A recorded node's attributes, shared with the event rather than copied (attribute mutations replace the
 * object instead of writing to it); anything but a plain object is copied as before.
 */
function attributesOf(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) return {};
  return Array.isArray(value) ? { ...value } : value;
}

function hasChildNodes(raw: unknown): raw is { childNodes: unknown[] } {
  return isRecord(raw) && Array.isArray(raw.childNodes) && raw.childNodes.length > 0;
}

function asId(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** A mutable replay of one page's DOM. */
export class NodeMap {
  readonly nodes = new Map<number, NodeRecord>();

  /** Replaces the map with the tree of a full snapshot's `data.node`. */
  applyFullSnapshot(root: unknown): void {
    this.nodes.clear();
    this.addTree(root, null, null);
  }

  /**
   * Applies one incremental mutation's `data` (source 0). Returns what changed: nothing, only text, or the
   * structure (nodes or attributes), which is what selectors and traits depend on.
   */
  applyMutation(data: Record<string, unknown>): MutationEffect {
    let changed = false;
    let structure = false;
    const { removes, adds, texts, attributes } = data;
    if (Array.isArray(removes)) {
      for (const r of removes) {
        if (!isRecord(r)) continue;
        const id = asId(r.id);
        if (id !== null) this.remove(id);
        changed = structure = true;
      }
    }
    if (Array.isArray(adds)) {
      for (const a of adds) {
        if (!isRecord(a)) continue;
        this.addTree(a.node, asId(a.parentId), asId(a.nextId));
        changed = structure = true;
      }
    }
    if (Array.isArray(texts)) {
      for (const m of texts) {
        if (!isRecord(m)) continue;
        const node = this.nodes.get(asId(m.id) ?? -1);
        if (node) node.text = typeof m.value === "string" ? m.value : "";
        changed = true;
      }
    }
    if (Array.isArray(attributes)) {
      for (const m of attributes) {
        if (!isRecord(m) || !isRecord(m.attributes)) continue;
        const node = this.nodes.get(asId(m.id) ?? -1);
        if (node) {
          // A copy: a node's attributes may be the recorded event's own object, which is never written to.
          const next = { ...node.attributes };
          const changes = m.attributes;
          for (const k in changes) {
            if (!Object.hasOwn(changes, k)) continue;
            const v = changes[k];
            if (v === null) delete next[k];
            else next[k] = v;
          }
          node.attributes = next;
        }
        changed = structure = true;
      }
    }
    return structure ? "structure" : changed ? "text" : "none";
  }

  get(id: number): NodeRecord | undefined {
    return this.nodes.get(id);
  }

  /** The attribute as a string, or undefined when absent or not a scalar. */
  attr(id: number, name: string): string | undefined {
    const v = this.nodes.get(id)?.attributes[name];
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    return undefined;
  }

  /** The nearest node, starting at `id` itself, for which `test` holds. */
  closest(
    id: number,
    test: (node: NodeRecord) => boolean,
    maxDepth = MAX_TREE_DEPTH,
  ): NodeRecord | undefined {
    let node = this.nodes.get(id);
    for (let depth = 0; node && depth < maxDepth; depth++) {
      if (test(node)) return node;
      node = node.parentId === null ? undefined : this.nodes.get(node.parentId);
    }
    return undefined;
  }

  /** A short, stable CSS path: `#id` where there is one, else up to four levels of tag, class and position. */
  selectorFor(id: number): string {
    return createSelector(this, id);
  }

  /** The selector the SDK names form `id` by in its submits (`shared/form-selector.ts`). */
  submitSelectorFor(id: number): string {
    const node = this.nodes.get(id);
    return node ? formSelector(node, this.recordedDom) : "";
  }

  private readonly recordedDom: SelectorDom<NodeRecord> = {
    tag: (node) => node.tag,
    id: (node) => this.attr(node.id, "id") ?? "",
    name: (node) => this.attr(node.id, "name") ?? null,
    parent: (node) => {
      const parent = node.parentId === null ? undefined : this.nodes.get(node.parentId);
      return parent && parent.tag !== "" && parent.tag !== "#node" ? parent : null;
    },
    position: (node) => {
      const siblings = node.parentId === null ? undefined : this.nodes.get(node.parentId)?.children;
      let index = 1;
      let of = 0;
      for (const sibling of siblings ?? [node.id]) {
        if (this.nodes.get(sibling)?.tag !== node.tag) continue;
        of++;
        if (sibling === node.id) index = of;
      }
      return { index, of };
    },
  };

  /** The element's visible (as recorded, so masked) text, whitespace collapsed, at most `max` characters. */
  textOf(id: number, max = 40): string {
    const parts: string[] = [];
    let length = 0;
    const walk = (nid: number, depth: number): void => {
      const node = this.nodes.get(nid);
      if (!node || length > max || depth > 32) return;
      if (node.tag === "") {
        parts.push(node.text);
        length += node.text.length;
        return;
      }
      if (node.tag === "script" || node.tag === "style") return;
      for (const child of node.children) walk(child, depth + 1);
    };
    walk(id, 0);
    const text = parts.join(" ").replace(/\s+/g, " ").trim();
    return text.length > max ? text.slice(0, max - 1) + "…" : text;
  }

  /** The nearest interactive element (button, link, field, role=button …) within three levels, else `id`. */
  actionableOf(id: number): number {
    const found = this.closest(id, (n) => isInteractive(n), 4);
    return found?.id ?? id;
  }

  isTextField(id: number): boolean {
    const node = this.nodes.get(id);
    if (!node) return false;
    if (node.tag === "textarea") return true;
    if (node.tag !== "input") return false;
    return TEXT_FIELD_INPUT_TYPES.has((this.attr(id, "type") ?? "").toLowerCase());
  }

  isSelect(id: number): boolean {
    return this.closest(id, isSelectNode, SELECT_DEPTH) !== undefined;
  }

  isContentEditable(id: number): boolean {
    return editableAllows(this.closest(id, hasContentEditable));
  }

  /** An `a[href]` that leaves the page: not `#…`, not `javascript:`, not a hash link to the same document. */
  isNavigatingLink(id: number): boolean {
    return linkNavigates(this.closest(id, isHrefLink));
  }

  isDownload(id: number): boolean {
    return this.closest(id, isDownloadLink) !== undefined;
  }

  isNewTab(id: number): boolean {
    return opensNewTab(this.closest(id, isLinkOrForm));
  }

  isCanvasOrMedia(id: number): boolean {
    return this.closest(id, isMediaNode, MEDIA_DEPTH) !== undefined;
  }

  isRoot(id: number): boolean {
    const tag = this.nodes.get(id)?.tag;
    return tag === "html" || tag === "body";
  }

  /** Steppers and next/prev controls, where repeated clicking is the intended use (see `traitsOf`). */
  isStepper(id: number): boolean {
    return this.traitsOf(id).stepper;
  }

  ignoresRage(id: number): boolean {
    return this.closest(id, ignoresRageNode) !== undefined;
  }

  ignoresAbandon(id: number): boolean {
    return this.closest(id, (n) => n.attributes["data-rerun-ignore-abandon"] !== undefined) !== undefined;
  }

  /** The id of the form that holds `id` (itself when it is a form), if any. */
  formOf(id: number): number | undefined {
    return this.closest(id, isFormNode)?.id;
  }

  /**
   * `isSelect` … `ignoresRage` and `formOf` together, from one walk up the tree instead of one walk each:
   * describing every click and field is the hot part of analysis.
   */
  traitsOf(id: number): NodeTraits {
    let select = false;
    let editable: NodeRecord | undefined;
    let link: NodeRecord | undefined;
    let download = false;
    let linkOrForm: NodeRecord | undefined;
    let media = false;
    let stepper = false;
    let ignoreRage = false;
    let form: NodeRecord | undefined;
    // From the node up to the first interactive element: the control itself. A next/prev word counts only
    // there, a stepper/carousel word also on the near ancestors of the control, and neither on the page's
    // root containers: Next.js's root is `#__next`, and every rage burst inside it was taken for a stepper.
    let inControl = true;
    let node = this.nodes.get(id);
    for (let depth = 0; node && depth < MAX_TREE_DEPTH; depth++) {
      if (!select && depth < SELECT_DEPTH) select = isSelectNode(node);
      if (!media && depth < MEDIA_DEPTH) media = isMediaNode(node);
      if (!stepper && depth < STEPPER_DEPTH && !this.isPageContainer(node)) {
        stepper = (inControl && isStepperControl(node)) || hasWords(node, STEPPER_WIDGET_WORDS);
      }
      if (inControl && isInteractive(node)) inControl = false;
      if (!editable && hasContentEditable(node)) editable = node;
      if (!link && isHrefLink(node)) link = node;
      if (!download) download = isDownloadLink(node);
      if (!linkOrForm && isLinkOrForm(node)) linkOrForm = node;
      if (!ignoreRage) ignoreRage = ignoresRageNode(node);
      if (!form && isFormNode(node)) form = node;
      node = node.parentId === null ? undefined : this.nodes.get(node.parentId);
    }
    return {
      select,
      contentEditable: editableAllows(editable),
      navigatingLink: linkNavigates(link),
      download,
      newTab: opensNewTab(linkOrForm),
      canvasOrMedia: media,
      stepper,
      ignoreRage,
      formId: form?.id,
    };
  }

  /** `html`, `body` and the body's children but controls: the containers an app mounts in (`#__next`). */
  private isPageContainer(node: NodeRecord): boolean {
    if (node.tag === "html" || node.tag === "body") return true;
    if (isInteractive(node)) return false;
    return node.parentId !== null && this.nodes.get(node.parentId)?.tag === "body";
  }

  private addTree(raw: unknown, parentId: number | null, nextId: number | null): void {
    const rootId = this.addNode(raw, parentId, nextId);
    // Most added nodes are leaves: they need no stack.
    if (rootId === null || !hasChildNodes(raw)) return;
    // Iterative, so a hostile or very deep tree cannot exhaust the stack.
    const stack: Array<{ raw: unknown; parentId: number; depth: number }> = [];
    const pushChildren = (kids: unknown[], parent: number, depth: number): void => {
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ raw: kids[i], parentId: parent, depth });
    };
    pushChildren(raw.childNodes, rootId, 1);
    while (stack.length > 0) {
      const item = stack.pop()!;
      if (item.depth > MAX_TREE_DEPTH) continue;
      const id = this.addNode(item.raw, item.parentId, null);
      if (id !== null && hasChildNodes(item.raw)) pushChildren(item.raw.childNodes, id, item.depth + 1);
    }
  }

  /** Adds one serialized node (not its children) under `parentId`; its id, or null when it has none. */
  private addNode(raw: unknown, parentId: number | null, nextId: number | null): number | null {
    if (!isRecord(raw)) return null;
    const id = asId(raw.id);
    if (id === null) return null;
    const type = raw.type;
    const isText = type === NODE_TEXT || type === NODE_CDATA;
    const record: NodeRecord = {
      id,
      tag: type === NODE_ELEMENT && typeof raw.tagName === "string"
        ? raw.tagName.toLowerCase()
        : isText
        ? ""
        : "#node",
      attributes: attributesOf(raw.attributes),
      text: isText && typeof raw.textContent === "string" ? raw.textContent : "",
      parentId,
      children: [],
    };
    if (this.nodes.has(id)) this.remove(id);
    this.nodes.set(id, record);
    this.link(record, nextId);
    return id;
  }

  private link(record: NodeRecord, nextId: number | null): void {
    if (record.parentId === null) return;
    const parent = this.nodes.get(record.parentId);
    if (!parent) return;
    const at = nextId === null ? -1 : parent.children.indexOf(nextId);
    if (at === -1) parent.children.push(record.id);
    else parent.children.splice(at, 0, record.id);
  }

  private remove(id: number): void {
    const node = this.nodes.get(id);
    if (!node) return;
    if (node.parentId !== null) {
      const parent = this.nodes.get(node.parentId);
      const at = parent ? parent.children.indexOf(id) : -1;
      if (parent && at !== -1) parent.children.splice(at, 1);
    }
    const stack = [id];
    while (stack.length > 0) {
      const nid = stack.pop()!;
      const n = this.nodes.get(nid);
      if (!n) continue;
      this.nodes.delete(nid);
      for (const c of n.children) stack.push(c);
    }
  }
}

// How far up from the node each bounded trait looks (the node itself is level 0).
const SELECT_DEPTH = 3;
const MEDIA_DEPTH = 4;
const STEPPER_DEPTH = 4;

const isSelectNode = (n: NodeRecord): boolean => n.tag === "select";
const hasContentEditable = (n: NodeRecord): boolean => n.attributes.contenteditable !== undefined;
const isHrefLink = (n: NodeRecord): boolean => n.tag === "a" && typeof n.attributes.href === "string";
const isDownloadLink = (n: NodeRecord): boolean => n.tag === "a" && n.attributes.download !== undefined;
const isLinkOrForm = (n: NodeRecord): boolean => n.tag === "a" || n.tag === "form";
const isMediaNode = (n: NodeRecord): boolean => MEDIA_TAGS.has(n.tag);
const ignoresRageNode = (n: NodeRecord): boolean => n.attributes["data-rerun-ignore-rage"] !== undefined;
const isFormNode = (n: NodeRecord): boolean => n.tag === "form";

function editableAllows(editable: NodeRecord | undefined): boolean {
  return editable !== undefined && String(editable.attributes.contenteditable).toLowerCase() !== "false";
}

function linkNavigates(link: NodeRecord | undefined): boolean {
  if (!link) return false;
  const href = String(link.attributes.href).trim();
  if (href === "" || href.startsWith("#") || /^javascript:/i.test(href)) return false;
  // rrweb absolutises hrefs, so `href="#"` arrives as `https://host/page#`.
  return !href.endsWith("#");
}

function opensNewTab(linkOrForm: NodeRecord | undefined): boolean {
  return linkOrForm !== undefined && String(linkOrForm.attributes.target ?? "").toLowerCase() === "_blank";
}

function isInteractive(node: NodeRecord): boolean {
  if (INTERACTIVE_TAGS.has(node.tag)) return true;
  const role = node.attributes.role;
  return role === "button" || role === "link" || role === "menuitem" || role === "tab" ||
    node.attributes.onclick !== undefined;
}

function isStepperControl(node: NodeRecord): boolean {
  const a = node.attributes;
  if (node.tag === "input" && (a.type === "number" || a.type === "range")) return true;
  if (a.role === "spinbutton" || a.role === "slider") return true;
  if (a.rel === "next" || a.rel === "prev") return true;
  return hasWords(node, STEPPER_CONTROL_WORDS);
}

/** Whether the node's class, id, name, test id or action names match `words`. */
function hasWords(node: NodeRecord, words: RegExp): boolean {
  const a = node.attributes;
  const names = [a.class, a.id, a.name, a["data-testid"], a["data-action"]]
    .filter((v): v is string => typeof v === "string")
    .join(" ");
  return names !== "" && words.test(names);
}

/** Replays the full snapshots and mutations of `events` into one node map (the last page's DOM). */
export function buildNodeMap(events: ReadonlyArray<{ type: number; data: unknown }>): NodeMap {
  const map = new NodeMap();
  for (const event of events) {
    if (!isRecord(event) || !isRecord(event.data)) continue;
    if (event.type === 2) map.applyFullSnapshot(event.data.node);
    else if (event.type === 3 && event.data.source === 0) map.applyMutation(event.data);
  }
  return map;
}
