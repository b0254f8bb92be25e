// The slicer's own tests (`sliced-snapshot.test.ts`) change a fake page between slices; these check the two
// steps on their own.
import { describe, expect, it } from "vitest";
import { type Queued, reserialize, staleNodes } from "./reserialize.ts";
import type { SerializedNode } from "./serialized-node.ts";

type FakeNode = { name: string; parentNode: FakeNode | null; isConnected: boolean };
const fake = (name: string, parentNode: FakeNode | null = null): FakeNode => ({
  name,
  parentNode,
  isConnected: true,
});

const queued = (node: FakeNode, into: SerializedNode[], serialized: SerializedNode | null): Queued => {
  if (serialized) into.push(serialized);
  return { node: node as unknown as Node, options: {}, into, isShadow: false, serialized };
};

describe("staleNodes", () => {
  it("keeps the nodes serialized before their last change, at their last place", () => {
    const [a, b, c] = [fake("a"), fake("b"), fake("c")];
    const list: SerializedNode[] = [];
    const queue = [
      queued(a, list, { id: 1 }),
      queued(b, list, { id: 2 }),
      queued(c, list, null),
      queued(a, list, { id: 4 }),
    ];
    // a changed after 4 nodes were taken, b after 1 (before it was serialized), c was never serialized.
    const changedAt = new Map([[a, 4], [b, 1], [c, 4]] as Array<[unknown, number]>) as Map<Node, number>;
    const stale = staleNodes(queue, 4, changedAt);
    expect([...stale.keys()]).toEqual([a]);
    expect(stale.get(a as unknown as Node)).toBe(queue[3]);
  });
});

describe("reserialize", () => {
  it("serializes the outermost changed node again in its place, its changed descendants with it", () => {
    const parent = fake("parent");
    const child = fake("child", parent);
    const gone = fake("gone");
    gone.isConnected = false;
    const list: SerializedNode[] = [{ id: 0 }];
    const inner: SerializedNode[] = [];
    const stale = new Map<Node, Queued>([
      [parent as unknown as Node, queued(parent, list, { id: 1 })],
      [child as unknown as Node, queued(child, inner, { id: 2 })],
      [gone as unknown as Node, queued(gone, list, { id: 3 })],
    ]);
    const asked: string[] = [];
    reserialize(stale, (node) => {
      asked.push((node as unknown as FakeNode).name);
      return { id: 10 };
    });
    expect(asked).toEqual(["parent"]);
    expect(list).toEqual([{ id: 0 }, { id: 10 }, { id: 3 }]);
  });
});
