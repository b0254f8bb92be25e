/**
 * The first full snapshot, serialized in slices of a few milliseconds instead of one long task.
 *
 * rrweb serializes the whole page in one synchronous call: on a 5,000-node page under a ×4 CPU throttle that
 * was one task of 150–200 ms, the longest the SDK caused. With the SDK build's edits
 * (`scripts/esbuild-sdk.ts`, `allowSlicedSnapshot`) rrweb's serializer hands each child node to a queue
 * instead of recursing into it; this module drains the queue, yielding to the page whenever a slice has run
 * {@link SLICE_BUDGET_MS}, with rrweb's own per-node serializer and options, so every node comes out exactly
 * as rrweb would have written it.
 *
 * The page keeps running between slices, so it may change what was already serialized. Everything that
 * could (DOM mutations, and form fields typed into, which change no attribute) is watched from the first
 * slice; after the last, each changed node that had been serialized is serialized again with its subtree,
 * synchronously, and put in its old place. Nodes not yet reached were read live anyway. The FullSnapshot
 * event therefore describes the page as it is when it is emitted, as a synchronous snapshot would, and
 * rrweb's observers start right after it, as they do after a synchronous one.
 */

/** A node as rrweb serializes it; only what this module touches. */
export type SerializedNode = {
  type?: number;
  id?: number;
  childNodes?: SerializedNode[];
  isShadow?: boolean;
};

/** rrweb's per-node serializer options, with the queue the edited serializer hands children to. */
export type NodeOptions = Record<string, unknown> & {
  defer?: Defer;
  skipChild?: boolean;
  onSerialize?: (node: Node) => void;
};

/** Queues `node`, to be serialized with `options` and appended to `into` (its parent's children). */
export type Defer = (node: Node, options: NodeOptions, into: SerializedNode[], isShadow: boolean) => void;

/** What the SDK build exports of rrweb's serializer (`exportSerializer` in `scripts/esbuild-sdk.ts`). */
export type SerializerParts = {
  snapshot: (doc: Document, options: Record<string, unknown>) => SerializedNode | null;
  serializeNodeWithId: (node: Node, options: NodeOptions) => SerializedNode | null;
};

/** What rrweb's `record()` calls for its first snapshot; returns what stops it if recording stops first. */
export type SliceSnapshot = (
  snapshotOptions: Record<string, unknown>,
  done: (node: SerializedNode | null) => void,
) => () => void;

/**
 * How long one slice may serialize before it yields. A node takes microseconds, so a slice ends within a
 * node of this; under the main-thread benchmark's ×4 throttle a slice stays well inside the 50 ms after
 * which a task counts as long.
 */
export const SLICE_BUDGET_MS = 12;

/**
 * How many nodes a slice serializes between looks at the clock: a node takes microseconds, and asking the
 * clock for every one of 3,000 nodes was measurable.
 */
export const NODES_PER_CLOCK_READ = 8;

/** Reports each node the page changes (`onChange`) until the returned stop is called. */
export type WatchChanges = (doc: Document, onChange: (node: Node) => void) => {
  /** Also watches inside this shadow root (a document's observer does not see into one). */
  addShadowRoot(root: ShadowRoot): void;
  /** Reports what is still pending, then stops. */
  stop(): void;
};

const OBSERVED: MutationObserverInit = {
  childList: true,
  attributes: true,
  characterData: true,
  subtree: true,
};

/** Watches with a MutationObserver, plus `input`/`change` for form values, which change no attribute. */
export const watchChanges: WatchChanges = (doc, onChange) => {
  const observer = new MutationObserver((records) => {
    for (const record of records) onChange(record.target);
  });
  observer.observe(doc, OBSERVED);
  const onInput = (event: Event): void => {
    if (event.target instanceof Node) onChange(event.target);
  };
  doc.addEventListener("input", onInput, true);
  doc.addEventListener("change", onInput, true);
  return {
    addShadowRoot(root) {
      observer.observe(root, OBSERVED);
    },
    stop() {
      for (const record of observer.takeRecords()) onChange(record.target);
      observer.disconnect();
      doc.removeEventListener("input", onInput, true);
      doc.removeEventListener("change", onInput, true);
    },
  };
};

/** What {@link createSliceSnapshot} runs with; the defaults are the browser's. */
export type SliceDeps = {
  doc?: Document;
  now?: () => number;
  /** Runs `step` in a later task. */
  later?: (step: () => void) => void;
  budgetMs?: number;
  nodesPerClockRead?: number;
  watch?: WatchChanges;
  /** Serializes the nodes it can as rrweb would, faster; `undefined` leaves a node to rrweb. */
  fast?: (node: Node, options: NodeOptions) => SerializedNode | undefined;
};

/**
 * A node waiting to be serialized: with what, into which list, and once done what it became, to serialize
 * it again in its place if the page changes it.
 */
type Queued = {
  node: Node;
  options: NodeOptions;
  into: SerializedNode[];
  isShadow: boolean;
  serialized: SerializedNode | null;
};

/** The node above `node`, across a shadow root to its host. */
function parentOf(node: Node): Node | null {
  return node.parentNode ?? (node as Partial<ShadowRoot>).host ?? null;
}

/**
 * Returns rrweb's `sliceSnapshot` option built on `parts`, or `undefined` (rrweb then snapshots in one
 * task, as it always did) when the build does not export them.
 */
export function createSliceSnapshot(
  parts: Partial<SerializerParts>,
  deps: SliceDeps = {},
): SliceSnapshot | undefined {
  const { snapshot, serializeNodeWithId } = parts;
  if (typeof snapshot !== "function" || typeof serializeNodeWithId !== "function") return undefined;
  const now = deps.now ?? (() => performance.now());
  // A function of this script runs the step, so the browser attributes each slice's task to the SDK.
  const later = deps.later ?? ((step: () => void) => void setTimeout(() => step(), 0));
  const budgetMs = deps.budgetMs ?? SLICE_BUDGET_MS;
  const nodesPerClockRead = deps.nodesPerClockRead ?? NODES_PER_CLOCK_READ;
  const watch = deps.watch ?? watchChanges;
  const fast = deps.fast;
  const serializeOne = (node: Node, options: NodeOptions): SerializedNode | null =>
    fast?.(node, options) ?? serializeNodeWithId(node, options);

  return (snapshotOptions, done) => {
    const doc = deps.doc ?? document;
    const queue: Queued[] = [];
    let head = 0;
    let cancelled = false;
    // Each changed node, with how many queued nodes had been taken at its last change. A change reaches
    // here after the task that made it, so a node not serialized yet will be read as changed when it is
    // reached; only what was serialized before the change needs serializing again (worked out at the end,
    // so that the slices keep no per-node record).
    const changedAt = new Map<Node, number>();
    const watcher = watch(doc, (node) => {
      changedAt.set(node, head);
    });

    // rrweb's onSerialize registers iframes, stylesheets and shadow roots with its managers: once a node,
    // even when a change makes this module serialize it again.
    const seen = new WeakSet<Node>();
    const onSerialize = snapshotOptions.onSerialize as ((node: Node) => void) | undefined;
    const onSerializeOnce = (node: Node): void => {
      if (seen.has(node)) return;
      seen.add(node);
      const shadowRoot = (node as Partial<Element>).shadowRoot;
      if (shadowRoot) watcher.addShadowRoot(shadowRoot);
      onSerialize?.(node);
    };

    // rrweb attaches an iframe's document and a stylesheet's rules from load callbacks (a timer when already
    // loaded) as mutations of nodes in the snapshot. During a synchronous snapshot those always run after
    // the FullSnapshot event; between slices they would run before it, and a replay would apply them to a
    // page not built yet. They are held until the snapshot is out.
    let delivered = false;
    const held: Array<() => void> = [];
    const holdUntilDelivered = (callback: unknown): unknown =>
      typeof callback !== "function" ? callback : (...args: unknown[]): void => {
        if (delivered) callback(...args);
        else held.push(() => callback(...args));
      };
    const rootOptions = {
      ...snapshotOptions,
      onSerialize: onSerializeOnce,
      onIframeLoad: holdUntilDelivered(snapshotOptions.onIframeLoad),
      onStylesheetLoad: holdUntilDelivered(snapshotOptions.onStylesheetLoad),
    };

    const defer: Defer = (node, options, into, isShadow) => {
      queue.push({ node, options, into, isShadow, serialized: null });
    };

    const place = (serialized: SerializedNode | null, isShadow: boolean): SerializedNode | null => {
      if (serialized && isShadow) serialized.isShadow = true;
      return serialized;
    };

    /**
     * The changed nodes serialized before their last change, each with where it was last put (a node the
     * page moved can be queued twice).
     */
    const staleNodes = (): Map<Node, Queued> => {
      const stale = new Map<Node, Queued>();
      for (let index = 0; index < head; index++) {
        const item = queue[index]!;
        const at = changedAt.get(item.node);
        if (at === undefined || !item.serialized) continue;
        // Queue order: the node's first placement decides, and a later one only moves where it is.
        if (stale.has(item.node) || index < at) stale.set(item.node, item);
      }
      return stale;
    };

    /** Serializes each changed node that was already serialized again, outermost first, in its place. */
    const reserializeChanged = (): void => {
      if (changedAt.size === 0) return;
      const stale = staleNodes();
      for (const [node, at] of stale) {
        const was = at.serialized;
        if (!was || !node.isConnected) continue;
        let above = parentOf(node);
        while (above && !stale.has(above)) above = parentOf(above);
        // Its changed ancestor is serialized again with it inside (or it left that ancestor, which then
        // changed too, and so did its new parent).
        if (above) continue;
        const fresh = place(
          serializeNodeWithId(node, { ...at.options, defer: undefined, skipChild: false }),
          was.isShadow === true,
        );
        const index = at.into.indexOf(was);
        if (index < 0) continue;
        if (fresh) at.into[index] = fresh;
        else at.into.splice(index, 1);
      }
    };

    let root: SerializedNode | null = null;
    let finished = false;
    const finish = (whole: boolean): void => {
      finished = true;
      watcher.stop();
      // The document's own children changed (rare: its doctype or root element), or a slice failed:
      // serialize it whole, in this task, as rrweb would have.
      if (whole || changedAt.has(doc)) root = snapshot(doc, rootOptions);
      else reserializeChanged();
      // rrweb keeps the returned stop until recording ends, and with it this scope: let the queue go.
      queue.length = head = 0;
      changedAt.clear();
      done(root);
      delivered = true;
      for (const run of held.splice(0)) run();
    };

    const step = (): void => {
      if (cancelled) return;
      const started = now();
      try {
        while (head < queue.length) {
          const item = queue[head++];
          if (!item) break;
          const serialized = place(serializeOne(item.node, item.options), item.isShadow);
          if (serialized) {
            item.into.push(serialized);
            item.serialized = serialized;
          }
          if (head % nodesPerClockRead === 0 && now() - started >= budgetMs && head < queue.length) {
            later(step);
            return;
          }
        }
      } catch {
        finish(true);
        return;
      }
      // Emitting the snapshot (and starting rrweb's observers) is work of its own: after a slice that used
      // most of its budget it gets a task of its own, the watcher still on until then.
      if (head > 0 && now() - started >= budgetMs / 2) later(() => !cancelled && finish(false));
      else finish(false);
    };

    root = snapshot(doc, { ...rootOptions, defer });
    step();
    return () => {
      if (cancelled || finished) return;
      cancelled = true;
      held.length = queue.length = head = 0;
      watcher.stop();
    };
  };
}
