/**
 * rrweb's serialized node and per-node serializer options, as far as the first snapshot's code reads them.
 */

/** A node as rrweb serializes it. */
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
