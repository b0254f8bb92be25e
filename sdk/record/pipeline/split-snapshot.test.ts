import { describe, expect, it } from "vitest";
import { splitFullSnapshot } from "./split-snapshot.ts";

type Node = { type: number; id: number; tagName?: string; textContent?: string; childNodes?: Node[] };

let nextId = 1;
const el = (tagName: string, childNodes: Node[] = []): Node => ({
  type: 2,
  id: nextId++,
  tagName,
  childNodes,
});
const text = (textContent: string): Node => ({ type: 3, id: nextId++, textContent });

/** A document with a head, a long body, nested lists and an iframe whose document must move whole. */
function page(): Node {
  nextId = 1;
  const frameDoc: Node = { type: 0, id: 0, childNodes: [] };
  const doc: Node = { type: 0, id: nextId++, childNodes: [] };
  frameDoc.id = 10_000;
  frameDoc.childNodes = [el("html", [el("body", [text("framed ".repeat(50))])])];
  const sections = Array.from(
    { length: 40 },
    (_, i) =>
      el("section", [
        el("h2", [text(`heading ${i}`)]),
        el("ul", [el("li", [text("x".repeat(200))]), el("li")]),
      ]),
  );
  const frame = el("iframe", [frameDoc]);
  doc.childNodes = [el("html", [el("head", [el("style", [text("p{}")])]), el("body", [...sections, frame])])];
  return doc;
}

/** Applies mutation adds as rrweb's replayer does: append to the parent, children not built (but a document). */
function applyAdds(root: Node, events: Array<{ data: unknown }>): void {
  const byId = new Map<number, Node>();
  const index = (node: Node) => {
    byId.set(node.id, node);
    for (const child of node.childNodes ?? []) index(child);
  };
  index(root);
  for (const event of events) {
    for (const add of (event.data as { adds: Array<{ parentId: number; nextId: null; node: Node }> }).adds) {
      const parent = byId.get(add.parentId);
      if (!parent) throw new Error(`parent ${add.parentId} of ${add.node.id} not added yet`);
      expect(add.nextId).toBeNull();
      const node = add.node.type === 0 ? add.node : { ...add.node, childNodes: add.node.childNodes && [] };
      (parent.childNodes ??= []).push(node);
      index(node);
    }
  }
}

describe("splitFullSnapshot", () => {
  it("leaves a snapshot that fits as it is", () => {
    const event = { type: 2, data: { node: page() }, timestamp: 5 };
    const before = JSON.stringify(event);
    expect(splitFullSnapshot(event, 2 * before.length)).toEqual([]);
    expect(JSON.stringify(event)).toBe(before);
  });

  it("splits into parts under the limit that rebuild the same tree in document order", () => {
    const original = page();
    const event = { type: 2, data: { node: page() }, timestamp: 5 };
    const parts = splitFullSnapshot(event, 2_000);
    expect(parts.length).toBeGreaterThan(3);
    expect(JSON.stringify(event).length).toBeLessThan(2_000);
    for (const part of parts) {
      expect(part).toMatchObject({ type: 3, timestamp: 5, data: { source: 0, removes: [], texts: [] } });
      // One node may be over the limit on its own (the iframe's document here), never two together.
      const adds = (part.data as { adds: unknown[] }).adds;
      if (adds.length > 1) expect(JSON.stringify(adds).length).toBeLessThan(2_000);
    }
    const rebuilt = (event.data as { node: Node }).node;
    applyAdds(rebuilt, parts);
    expect(rebuilt).toEqual(original);
  });

  it("moves an iframe's document whole, with its tree", () => {
    const event = { type: 2, data: { node: page() }, timestamp: 5 };
    const parts = splitFullSnapshot(event, 500);
    const adds = parts.flatMap((p) => (p.data as { adds: Array<{ node: Node }> }).adds);
    const frameDoc = adds.find((a) => a.node.id === 10_000);
    expect(frameDoc?.node.childNodes?.[0]?.tagName).toBe("html");
    expect(
      adds.filter((a) => a.node.type !== 0).every((a) =>
        a.node.childNodes === undefined || a.node.childNodes.length === 0
      ),
    )
      .toBe(true);
  });
});
