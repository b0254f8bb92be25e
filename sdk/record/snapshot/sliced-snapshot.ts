/**
 * The first full snapshot in slices of a few milliseconds instead of one task, which was 150–200 ms on a
 * 5,000-node page under a ×4 CPU throttle, the longest the SDK caused. The build's `allowSlicedSnapshot` edit
 * (`scripts/esbuild-sdk.ts`) makes rrweb's serializer queue each child instead of recursing; this module
 * drains the queue with rrweb's own per-node serializer, yielding after {@link SLICE_BUDGET_MS}. What the page
 * changes meanwhile is serialized again after the last slice (`reserialize.ts`), so the FullSnapshot event
 * describes the page as it is when emitted, and rrweb's observers start right after it.
 */

import { place, type Queued, reserialize, staleNodes } from "./reserialize.ts";
import type { Defer, NodeOptions, SerializedNode } from "./serialized-node.ts";
import { type WatchChanges, watchChanges } from "./watch-changes.ts";

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

    let root: SerializedNode | null = null;
    let finished = false;
    const finish = (whole: boolean): void => {
      finished = true;
      watcher.stop();
      // The document's own children changed (rare: its doctype or root element), or a slice failed:
      // serialize it whole, in this task, as rrweb would have.
      if (whole || changedAt.has(doc)) root = snapshot(doc, rootOptions);
      else if (changedAt.size > 0) reserialize(staleNodes(queue, head, changedAt), serializeNodeWithId);
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
