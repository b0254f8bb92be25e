/**
 * After the last slice: the nodes the page changed after they were serialized are serialized again, with
 * their subtree, and put in their old place, so the snapshot describes the page as it is when it is emitted.
 * Nodes not reached yet were read live anyway.
 */
import type { NodeOptions, SerializedNode } from "./serialized-node.ts";

/**
 * A node waiting to be serialized: with what, into which list, and once done what it became, to serialize
 * it again in its place if the page changes it.
 */
export type Queued = {
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

/** Marks a node serialized as a shadow root's child, as rrweb does. */
export function place(serialized: SerializedNode | null, isShadow: boolean): SerializedNode | null {
  if (serialized && isShadow) serialized.isShadow = true;
  return serialized;
}

/**
 * The changed nodes serialized before their last change, each with where it was last put (a node the page
 * moved can be queued twice). `changedAt` holds, per changed node, how many of the queued nodes had been
 * taken at its last change; `taken` is how many were taken in all.
 */
export function staleNodes(
  queue: readonly Queued[],
  taken: number,
  changedAt: ReadonlyMap<Node, number>,
): Map<Node, Queued> {
  const stale = new Map<Node, Queued>();
  for (let index = 0; index < taken; index++) {
    const item = queue[index]!;
    const at = changedAt.get(item.node);
    if (at === undefined || !item.serialized) continue;
    // Queue order: the node's first placement decides, and a later one only moves where it is.
    if (stale.has(item.node) || index < at) stale.set(item.node, item);
  }
  return stale;
}

/** Serializes each stale node again with `serialize`, outermost first, in its place (or drops it). */
export function reserialize(
  stale: ReadonlyMap<Node, Queued>,
  serialize: (node: Node, options: NodeOptions) => SerializedNode | null,
): void {
  for (const [node, at] of stale) {
    const was = at.serialized;
    if (!was || !node.isConnected) continue;
    let above = parentOf(node);
    while (above && !stale.has(above)) above = parentOf(above);
    // Its changed ancestor is serialized again with it inside (or it left that ancestor, which then changed
    // too, and so did its new parent).
    if (above) continue;
    const fresh = place(
      serialize(node, { ...at.options, defer: undefined, skipChild: false }),
      was.isShadow === true,
    );
    const index = at.into.indexOf(was);
    if (index < 0) continue;
    if (fresh) at.into[index] = fresh;
    else at.into.splice(index, 1);
  }
}
