import { describe, expect, it } from "vitest";
import { DEFAULTS } from "../../options.ts";
import { madeUpDocument, UNNUMBERED_MIRROR, WARM_SLICES, warmSerializer } from "./warm-serializer.ts";

/** A DOMImplementation whose documents only keep the markup they are given. */
function fakeImplementation(): DOMImplementation {
  return {
    createHTMLDocument: () => ({ head: { innerHTML: "" }, body: { innerHTML: "" } }),
  } as unknown as DOMImplementation;
}

const cardsIn = (doc: Document): number => doc.body.innerHTML.split("<article").length - 1;

/** A `nextTask` the test releases by hand, to see what runs in which task. */
function manualTasks() {
  const waiting: Array<() => void> = [];
  return {
    nextTask: () => new Promise<void>((resolve) => waiting.push(resolve)),
    async release(): Promise<void> {
      waiting.shift()?.();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
  };
}

describe("warmSerializer", () => {
  it("serializes one made-up document per slice and scrubs it, each in a task of its own, and ends with a new task", async () => {
    const seen: number[] = [];
    const tasks = manualTasks();
    const done = warmSerializer(DEFAULTS.privacy, {
      serialize: (doc) => {
        seen.push(cardsIn(doc));
        return { type: 0, childNodes: [] };
      },
      impl: fakeImplementation(),
      slices: [2, 8, 8],
      nextTask: tasks.nextTask,
    });
    expect(seen).toEqual([]);
    await tasks.release();
    expect(seen).toEqual([2]);
    await tasks.release(); // scrub
    expect(seen).toEqual([2]);
    await tasks.release();
    expect(seen).toEqual([2, 8]);
    await tasks.release(); // scrub
    await tasks.release();
    expect(seen).toEqual([2, 8, 8]);
    await tasks.release(); // scrub
    let resolved = false;
    void done.then(() => (resolved = true));
    await Promise.resolve();
    expect(resolved).toBe(false);
    await tasks.release();
    expect(resolved).toBe(true);
  });

  it("serializes with the recording's masking settings, numbering no node from rrweb's counter", async () => {
    const options: Array<Record<string, unknown>> = [];
    await warmSerializer({ ...DEFAULTS.privacy, maskAllInputs: false, blockSelector: ".private" }, {
      serialize: (_doc, opts) => {
        options.push(opts);
        return null;
      },
      impl: fakeImplementation(),
      slices: [1],
      nextTask: () => Promise.resolve(),
    });
    expect(options[0]).toMatchObject({ maskAllInputs: false, blockSelector: ".private" });
    expect(typeof options[0]?.maskTextFn).toBe("function");
    // rrweb takes an id from its page-wide counter only for a node its mirror does not know.
    expect(options[0]?.mirror).toBe(UNNUMBERED_MIRROR);
    expect(UNNUMBERED_MIRROR.hasNode()).toBe(true);
  });

  it("resolves without serializing when the build has no serializer export", async () => {
    // Under Node, @rrweb/record is the published file, which exports only `record`.
    await expect(
      warmSerializer(DEFAULTS.privacy, { impl: fakeImplementation(), nextTask: () => Promise.resolve() }),
    )
      .resolves.toBeUndefined();
  });

  it("swallows a serializer that throws, since only the first snapshot's speed depends on it", async () => {
    let calls = 0;
    await expect(warmSerializer(DEFAULTS.privacy, {
      serialize: () => {
        calls++;
        throw new Error("boom");
      },
      impl: fakeImplementation(),
      nextTask: () => Promise.resolve(),
    })).resolves.toBeUndefined();
    expect(calls).toBe(1);
  });

  it("starts with no cards, so the first slice (which pays for compiling) stays short", () => {
    expect(WARM_SLICES[0]).toBe(0);
    expect([...WARM_SLICES]).toEqual([...WARM_SLICES].sort((a, b) => a - b));
    expect(cardsIn(madeUpDocument(fakeImplementation(), 3))).toBe(3);
  });
});
