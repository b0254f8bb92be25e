/**
 * The first snapshot's fast path (`sdk/record/fast-serialize.ts`) writes exactly what rrweb's serializer
 * writes. A page with every kind of node rrweb treats specially, plus a seeded random tree of 700 nodes, is
 * serialized twice in Chromium with the build's rrweb: once by rrweb alone, synchronously, and once as the
 * recorder takes its first snapshot (sliced, with the fast path). Apart from the ids, which the two number
 * in a different order, the trees must be equal.
 */
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkBuildOptions } from "../../scripts/esbuild-sdk.ts";
import { openHarnessPage, REPO_ROOT, type SdkHarness, startSdkHarness } from "./sdk-page.ts";

let harness: SdkHarness;
let parts: string;

beforeAll(async () => {
  harness = await startSdkHarness();
  // The same modules and rrweb edits the recorder ships, exposed to the page.
  const out = await build({
    ...sdkBuildOptions(),
    write: false,
    format: "iife",
    stdin: {
      contents: `import * as rrweb from "@rrweb/record";
        import { createFastSerialize } from "./sdk/record/fast-serialize.ts";
        import { createSliceSnapshot } from "./sdk/record/sliced-snapshot.ts";
        import { createMaskingOptions } from "./sdk/privacy/masking.ts";
        window.serializer = { rrweb, createFastSerialize, createSliceSnapshot, createMaskingOptions };`,
      resolveDir: REPO_ROOT,
      loader: "ts",
    },
  });
  parts = out.outputFiles[0]!.text;
});

afterAll(() => harness?.close());

type Stripped = { tree: unknown; nodes: number; unique: boolean; rootIds: Array<number | null> };
type Serialized = { rrweb: Stripped; fast: Stripped; documentIds: [number, number]; fastNodes: number };

/** Runs in the page: both serializations with the SDK's default masking and `blockSelector`. */
const SERIALIZE_BOTH = `(async (blockSelector) => {
  const { rrweb, createFastSerialize, createSliceSnapshot, createMaskingOptions } = window.serializer;
  const masking = createMaskingOptions({
    maskAllInputs: true, maskAllText: true, blockSelector, unmaskSelector: "[data-rerun-unmask]",
  });
  const options = { ...masking, inlineStylesheet: true };
  const expected = rrweb.snapshot(document, options);

  const fast = createFastSerialize(rrweb);
  let fastNodes = 0;
  const counted = fast && ((node, nodeOptions) => {
    const out = fast(node, nodeOptions);
    if (out !== undefined) fastNodes++;
    return out;
  });
  const mirror = rrweb.record.mirror;
  mirror.reset();
  const actual = await new Promise((resolve) =>
    createSliceSnapshot(rrweb, { fast: counted })({ ...options, mirror }, resolve)
  );

  // Ids and rootIds are numbered from one counter for the page, so the second run's differ; each run's
  // must still be unique, and every node's rootId must be its run's document id unless that id is 1.
  const strip = (root) => {
    const ids = [];
    const rootIds = new Set();
    const walk = (node) => {
      ids.push(node.id);
      if (node !== root) rootIds.add(node.rootId);
      const { id, rootId, ...rest } = node;
      return { ...rest, childNodes: node.childNodes?.map(walk) };
    };
    const tree = JSON.parse(JSON.stringify(walk(root)));
    return { tree, nodes: ids.length, unique: new Set(ids).size === ids.length, rootIds: [...rootIds] };
  };
  return {
    rrweb: strip(expected),
    fast: strip(actual),
    documentIds: [expected.id, actual.id],
    fastNodes,
  };
})`;

async function serializeBoth(query = "", blockSelector = "[data-rerun-block]"): Promise<Serialized> {
  const { page } = await openHarnessPage(harness, { name: "serializer-cases.html", query });
  await page.addScriptTag({ content: parts });
  const result = await page.evaluate(`${SERIALIZE_BOTH}(${JSON.stringify(blockSelector)})`) as Serialized;
  await page.close();
  return result;
}

describe("fast serializer", () => {
  it("writes every node exactly as rrweb does, for the nodes it takes and the ones it leaves", async () => {
    const result = await serializeBoth();
    const { rrweb, fast, documentIds } = result;
    expect(fast.nodes).toBeGreaterThan(300);
    // Most nodes of this page are plain elements and text, which the fast path takes…
    expect(result.fastNodes).toBeGreaterThan(fast.nodes / 2);
    // …and the tree is the one rrweb writes, node for node, masking and URLs included.
    expect(fast.tree).toEqual(rrweb.tree);
    expect([rrweb.unique, fast.unique]).toEqual([true, true]);
    // rrweb ran first: its document is 1 and no node has a rootId; the second run's document is not, and
    // every node carries its id, as rrweb would write it.
    expect(documentIds[0]).toBe(1);
    expect(rrweb.rootIds).toEqual([undefined]);
    expect(fast.rootIds).toEqual([documentIds[1]]);
  });

  it("blocks what a block selector of any shape matches, as rrweb does", async () => {
    const { rrweb, fast, fastNodes } = await serializeBoth("", "header a.link, section > span[title]");
    expect(fastNodes).toBeGreaterThan(fast.nodes / 2);
    expect(fast.tree).toEqual(rrweb.tree);
    // The selector blocked more than the class alone does: rrweb writes a blocked element's size instead.
    const blocked = (tree: unknown) => JSON.stringify(tree).match(/"rr_width"/g)?.length ?? 0;
    expect(blocked(rrweb.tree)).toBeGreaterThan(blocked((await serializeBoth("", ".never-used")).rrweb.tree));
  });

  it("leaves every node to rrweb on a page that patched a DOM getter or method it reads", async () => {
    for (const query of ["?patched-getter", "?patched-method"]) {
      const { rrweb, fast, fastNodes } = await serializeBoth(query);
      expect(fastNodes, query).toBe(0);
      expect(fast.tree).toEqual(rrweb.tree);
    }
  });
});
