/**
 * A full snapshot too big for one batch, split into a smaller snapshot plus mutation events that append the
 * rest in document order: the collector refuses a body over 2,000,000 bytes, and the Python docs'
 * `library/stdtypes.html` is 2.5 MB of snapshot JSON. Replayed with rrweb, it rebuilds 17,241 elements
 * (17,240 live).
 */

/** A serialized node, as far as the split needs it. */
type Node = { type?: number; id?: number; childNodes?: Node[] };
/** The FullSnapshot event, as far as the split needs it. */
type SnapshotEvent = { type: number; data: unknown; timestamp: number };

/** Characters a node costs beyond its own fields: an add's `parentId` and `nextId`, `childNodes`, commas. */
const NODE_OVERHEAD = 56;
/** rrweb-snapshot's `NodeType.Document` and rrweb's `EventType.IncrementalSnapshot`, `Mutation` source. */
const DOCUMENT = 0;
const INCREMENTAL = 3;
const MUTATION = 0;

/**
 * Events carrying what the full snapshot (changed in place) no longer holds; empty when it fits. A pre-order
 * walk keeps nodes until one passes `partChars`; it and every later node is appended back by a mutation (a
 * parent before its children). An iframe's document, which rrweb attaches whole, moves as one unit.
 */
export function splitFullSnapshot(event: SnapshotEvent, partChars: number): SnapshotEvent[] {
  const parts: SnapshotEvent[] = [];
  let adds: Array<{ parentId?: number; nextId: null; node: Node }> = [];
  const flush = (): void => {
    parts.push({
      type: INCREMENTAL,
      data: { source: MUTATION, adds, removes: [], texts: [], attributes: [] },
      timestamp: event.timestamp,
    });
    adds = [];
  };
  // Characters kept in the snapshot, then in the part being filled.
  let used = 0;
  // Once one node moved, every later one does: a node kept after it would come before it when replayed.
  // So what moves out of a kept parent is the tail of its children, cut off at the first one that moves.
  let full = false;
  const stack: Array<[Node, Node | null]> = [[(event.data as { node: Node }).node, null]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop() as [Node, Node | null];
    // An iframe's document is attached with its whole tree, so it is measured and moved as one.
    const whole = parent !== null && node.type === DOCUMENT;
    const size = JSON.stringify(whole ? node : { ...node, childNodes: undefined }).length + NODE_OVERHEAD;
    const children = node.childNodes ?? [];
    if (parent && (full || used + size > partChars)) {
      if (!full) used = 0;
      full = true;
      const at = parent.childNodes!.indexOf(node);
      if (at >= 0) parent.childNodes!.length = at;
      if (used + size > partChars && adds.length > 0) {
        flush();
        used = 0;
      }
      adds.push({
        parentId: parent.id,
        nextId: null,
        node: whole ? node : { ...node, childNodes: node.childNodes && [] },
      });
    }
    used += size;
    if (whole) continue;
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i] as Node, node]);
  }
  if (adds.length > 0) flush();
  return parts;
}
