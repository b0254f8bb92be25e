import { describe, expect, it } from "vitest";
import type { NodeOptions, SerializedNode } from "./serialized-node.ts";
import { createSliceSnapshot, type SerializerParts, type SliceDeps } from "./sliced-snapshot.ts";
import type { WatchChanges } from "./watch-changes.ts";

/** A DOM node as far as the slicer and the fake serializer look at it. */
type FakeNode = { name: string; childNodes: FakeNode[]; parentNode: FakeNode | null; isConnected: boolean };
type Out = SerializedNode & { name: string; childNodes: Out[] };

function node(name: string, children: FakeNode[] = []): FakeNode {
  const n: FakeNode = { name, childNodes: children, parentNode: null, isConnected: true };
  for (const child of children) child.parentNode = n;
  return n;
}

function append(parent: FakeNode, child: FakeNode): void {
  child.parentNode = parent;
  parent.childNodes.push(child);
}

function remove(child: FakeNode): void {
  const parent = child.parentNode!;
  parent.childNodes.splice(parent.childNodes.indexOf(child), 1);
  child.parentNode = null;
  const disconnect = (n: FakeNode): void => {
    n.isConnected = false;
    n.childNodes.forEach(disconnect);
  };
  disconnect(child);
}

/** What a synchronous snapshot of the fake page gives now. */
function expected(n: FakeNode): unknown {
  return { name: n.name, childNodes: n.childNodes.map(expected) };
}

/** rrweb's serializer as the SDK build edits it: children go to `options.defer` when there is one. */
function fakeSerializer(timers: Array<() => void>) {
  const calls: string[] = [];
  const serializeNodeWithId = (n: Node, options: NodeOptions): Out | null => {
    const fake = n as unknown as FakeNode;
    calls.push(fake.name);
    if (fake.name === "boom-once" && calls.filter((name) => name === "boom-once").length === 1) {
      throw new Error("serializer failed");
    }
    options.onSerialize?.(n);
    const out: Out = { name: fake.name, childNodes: [] };
    // Like rrweb's onceIframeLoaded for a loaded frame: the attach comes from a timer.
    const onIframeLoad = options.onIframeLoad as ((frame: Node, sn: Out) => void) | undefined;
    if (fake.name.startsWith("iframe") && onIframeLoad) timers.push(() => onIframeLoad(n, out));
    if (!options.skipChild) {
      for (const child of fake.childNodes) {
        if (options.defer) options.defer(child as unknown as Node, options, out.childNodes, false);
        else out.childNodes.push(serializeNodeWithId(child as unknown as Node, options)!);
      }
    }
    return out;
  };
  const parts: SerializerParts = {
    snapshot: (doc, options) => serializeNodeWithId(doc as unknown as Node, options),
    serializeNodeWithId,
  };
  return { parts, calls };
}

/** A watcher the test reports changes through, and a clock that moves 1 ms a call. */
function harness(page: FakeNode, budgetMs = 3, fast?: SliceDeps["fast"], nodesPerClockRead = 1) {
  const tasks: Array<() => void> = [];
  const watcher = { report: (_n: FakeNode): void => {}, stopped: 0, shadowRoots: 0 };
  const watch: WatchChanges = (_doc, onChange) => {
    watcher.report = (n) => onChange(n as unknown as Node);
    return {
      addShadowRoot: () => void watcher.shadowRoots++,
      stop: () => void watcher.stopped++,
    };
  };
  let clock = 0;
  const events: string[] = [];
  const { parts, calls } = fakeSerializer(tasks);
  const slice = createSliceSnapshot(parts, {
    doc: page as unknown as Document,
    now: () => clock++,
    later: (step) => tasks.push(step),
    budgetMs,
    nodesPerClockRead,
    watch,
    fast,
  })!;
  const result: { node: SerializedNode | null | undefined; times: number } = { node: undefined, times: 0 };
  const onSerialized: string[] = [];
  const start = () =>
    slice({
      onSerialize: (n: Node) => onSerialized.push((n as unknown as FakeNode).name),
      onIframeLoad: (n: Node) => events.push(`attach ${(n as unknown as FakeNode).name}`),
    }, (n) => {
      result.node = n;
      result.times++;
      events.push("full snapshot");
    });
  const runTasks = (): number => {
    let ran = 0;
    while (tasks.length > 0) {
      tasks.shift()!();
      ran++;
    }
    return ran;
  };
  return { start, tasks, runTasks, result, watcher, calls, onSerialized, events };
}

/** A page of `n` cards, each a card with a title and its text. */
function page(cards: number): FakeNode {
  const list: FakeNode[] = [];
  for (let i = 0; i < cards; i++) list.push(node(`card${i}`, [node(`title${i}`, [node(`text${i}`)])]));
  return node("doc", [node("html", [node("head"), node("body", list)])]);
}

/** The `body` of a {@link page}. */
const bodyOf = (doc: FakeNode): FakeNode => doc.childNodes[0]!.childNodes[1]!;

describe("createSliceSnapshot", () => {
  it("is not offered when the build does not export rrweb's serializer", () => {
    expect(createSliceSnapshot({})).toBeUndefined();
    expect(createSliceSnapshot({ snapshot: fakeSerializer([]).parts.snapshot })).toBeUndefined();
  });

  it("serializes in several tasks and gives the same tree a synchronous snapshot gives", () => {
    const doc = page(20);
    const h = harness(doc);
    h.start();
    expect(h.result.times).toBe(0);
    expect(h.tasks).toHaveLength(1);
    const tasks = h.runTasks();
    expect(tasks).toBeGreaterThan(5);
    expect(h.result.times).toBe(1);
    expect(h.result.node).toEqual(expected(doc));
    // Every node once, and the watcher stopped once the snapshot was out.
    expect(h.calls).toHaveLength(1 + 3 + 20 * 3);
    expect(h.watcher.stopped).toBe(1);
  });

  it("hands each node to the fast serializer first and to rrweb only when it declines", () => {
    const doc = page(20);
    const taken: string[] = [];
    // Takes the titles, deferring their children as rrweb's edited serializer does.
    const fast: SliceDeps["fast"] = (n, options) => {
      const fake = n as unknown as FakeNode;
      if (!fake.name.startsWith("title")) return undefined;
      taken.push(fake.name);
      const out: Out = { name: fake.name, childNodes: [] };
      for (const child of fake.childNodes) {
        options.defer!(child as unknown as Node, options, out.childNodes, false);
      }
      return out;
    };
    const h = harness(doc, 3, fast);
    h.start();
    h.runTasks();
    expect(h.result.node).toEqual(expected(doc));
    expect(taken).toHaveLength(20);
    expect(h.calls.filter((name) => name.startsWith("title"))).toEqual([]);
    expect(h.calls).toHaveLength(1 + 3 + 20 * 2);
  });

  it("looks at the clock once every few nodes, not for each", () => {
    const doc = page(20);
    const h = harness(doc, 3, undefined, 8);
    h.start();
    // 3 ms at 1 ms a read: the slice ends at the third read, after 8 × 3 nodes (and the document itself).
    expect(h.calls).toHaveLength(1 + 24);
    h.runTasks();
    expect(h.result.node).toEqual(expected(doc));
  });

  it("emits the snapshot in a task of its own after a slice that used most of its budget", () => {
    const doc = page(20);
    const h = harness(doc);
    h.start();
    while (h.calls.length < 1 + 3 + 20 * 3) h.tasks.shift()!();
    expect(h.result.times).toBe(0);
    expect(h.tasks).toHaveLength(1);
    h.tasks.shift()!();
    expect(h.result.times).toBe(1);
    expect(h.result.node).toEqual(expected(doc));
  });

  it("finishes in the task that starts it when the page fits in one slice", () => {
    const doc = page(2);
    const h = harness(doc, 1_000);
    h.start();
    expect(h.tasks).toHaveLength(0);
    expect(h.result.node).toEqual(expected(doc));
  });

  it("serializes again, in place, what the page changed after it was serialized", () => {
    const doc = page(30);
    const h = harness(doc);
    h.start();
    while (!h.calls.includes("text0")) h.tasks.shift()!();
    // Breadth first: by now every card and the first texts are serialized; the last text is not.
    const body = bodyOf(doc);
    const first = body.childNodes[0]!;
    const firstText = first.childNodes[0]!.childNodes[0]!;

    firstText.name = "text0-changed";
    h.watcher.report(firstText);
    const added = node("added", [node("added-text")]);
    append(first, added);
    h.watcher.report(first);
    const second = body.childNodes[1]!;
    remove(second);
    h.watcher.report(body);
    h.watcher.report(second);

    h.runTasks();
    expect(h.result.node).toEqual(expected(doc));
  });

  it("reads a node changed before it was reached as it is, and does not serialize it again", () => {
    const doc = page(30);
    const h = harness(doc);
    h.start();
    while (!h.calls.includes("text0")) h.tasks.shift()!();
    const body = bodyOf(doc);
    const lastText = body.childNodes[29]!.childNodes[0]!.childNodes[0]!;
    expect(h.calls).not.toContain("text29");
    lastText.name = "text29-changed";
    h.watcher.report(lastText);
    h.runTasks();
    expect(h.result.node).toEqual(expected(doc));
    expect(h.calls.filter((name) => name.startsWith("text29"))).toEqual(["text29-changed"]);
  });

  it("serializes a changed node once more, inside its changed ancestor, not on its own too", () => {
    const doc = page(10);
    const h = harness(doc);
    const body = bodyOf(doc);
    const card = body.childNodes[3]!;
    h.start();
    while (!h.calls.includes("card3")) h.tasks.shift()!();
    card.name = "card3-changed";
    h.watcher.report(card);
    h.watcher.report(body);
    h.runTasks();
    expect(h.result.node).toEqual(expected(doc));
    expect(h.calls.filter((name) => name === "card3-changed")).toHaveLength(1);
  });

  it("registers each node with rrweb's onSerialize once, even when it is serialized again", () => {
    const doc = page(8);
    const h = harness(doc);
    h.start();
    h.tasks.shift()!();
    h.tasks.shift()!();
    h.watcher.report(bodyOf(doc));
    h.runTasks();
    expect(h.onSerialized.length).toBe(new Set(h.onSerialized).size);
    expect(new Set(h.onSerialized).size).toBe(1 + 3 + 8 * 3);
  });

  it("serializes the whole document again when the document's own children changed", () => {
    const doc = page(6);
    const h = harness(doc);
    h.start();
    h.tasks.shift()!();
    append(doc, node("comment"));
    h.watcher.report(doc);
    h.runTasks();
    expect(h.result.node).toEqual(expected(doc));
  });

  it("takes the whole snapshot in one task when a slice fails", () => {
    const doc = page(12);
    const body = bodyOf(doc);
    body.childNodes[8]!.childNodes[0]!.name = "boom-once";
    const h = harness(doc);
    h.start();
    h.runTasks();
    expect(h.result.times).toBe(1);
    expect(h.result.node).toEqual(expected(doc));
    expect(h.calls.filter((name) => name === "boom-once")).toHaveLength(2);
  });

  it("holds rrweb's iframe attach until the snapshot is out, as a synchronous snapshot's timer would", () => {
    const doc = page(20);
    const body = bodyOf(doc);
    append(body.childNodes[0]!, node("iframe-top"));
    const h = harness(doc);
    h.start();
    h.runTasks();
    expect(h.events).toEqual(["full snapshot", "attach iframe-top"]);
  });

  it("drops what it held when recording stops before the snapshot is out", () => {
    const doc = page(20);
    append(bodyOf(doc).childNodes[0]!, node("iframe-top"));
    const h = harness(doc);
    const cancel = h.start();
    while (!h.calls.includes("iframe-top")) h.tasks.shift()!();
    cancel();
    h.runTasks();
    expect(h.events).toEqual([]);
  });

  it("stops between slices when recording stops, and never reports a snapshot", () => {
    const doc = page(20);
    const h = harness(doc);
    const cancel = h.start();
    h.tasks.shift()!();
    cancel();
    h.runTasks();
    expect(h.result.times).toBe(0);
    expect(h.watcher.stopped).toBe(1);
    cancel();
    expect(h.watcher.stopped).toBe(1);
  });
});
