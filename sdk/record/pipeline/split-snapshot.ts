/**
 * A full snapshot too big for one batch, split into a smaller full snapshot plus mutation events that add
 * the rest back, in document order, as rrweb's replayer applies any added node.
 *
 * Why: a snapshot is one event and the collector refuses a body over `MAX_BODY_BYTES` (2,000,000 bytes
 * decompressed by default), so the Python docs' `library/stdtypes.html` (2.5 MB of snapshot JSON) or
 * `library/os.html` (2.4 MB) was refused whole, every time the page was opened.
 *
 * How: a pre-order walk keeps nodes in the snapshot until their own JSON (without children) passes
 * `partChars`; that node and every later one is taken out of its parent's `childNodes` and added back by a
 * mutation (`parentId`, `nextId: null`: appended, so siblings keep their order, and a parent is always
 * added before its children), in events of about `partChars` each. rrweb builds an added node without its
 * children, except an iframe's document, which it attaches whole: such a document moves as one unit.
 * Replayed with rrweb's Replayer, stdtypes.html rebuilds 17,241 elements (17,240 live).
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

/** Events carrying what the full snapshot (changed in place) no longer holds; empty when it fits. */
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
