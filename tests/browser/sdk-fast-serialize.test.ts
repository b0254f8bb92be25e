/**
 * The first snapshot's fast path (`sdk/record/snapshot/fast-serialize.ts`) writes exactly what rrweb's serializer
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
        import { createFastSerialize } from "./sdk/record/snapshot/fast-serialize.ts";
        import { createSliceSnapshot } from "./sdk/record/snapshot/sliced-snapshot.ts";
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

/** Opens fixture page `name` (with `query`) with the build's serializer as `window.serializer`. */
async function openWithSerializer({ name = "serializer-cases.html", query = "" } = {}) {
  const { page } = await openHarnessPage(harness, { name, query });
  await page.addScriptTag({ content: parts });
  return page;
}

/** Opens fixture page `name` (with `query`) and serializes it both ways with `blockSelector`. */
async function serializeBoth(
  { query = "", blockSelector = "[data-rerun-block]", name = "serializer-cases.html" } = {},
): Promise<Serialized> {
  const page = await openWithSerializer({ name, query });
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
    const { rrweb, fast, fastNodes } = await serializeBoth({
      blockSelector: "header a.link, section > span[title]",
    });
    expect(fastNodes).toBeGreaterThan(fast.nodes / 2);
    expect(fast.tree).toEqual(rrweb.tree);
    // The selector blocked more than the class alone does: rrweb writes a blocked element's size instead.
    const blocked = (tree: unknown) => JSON.stringify(tree).match(/"rr_width"/g)?.length ?? 0;
    expect(blocked(rrweb.tree)).toBeGreaterThan(
      blocked((await serializeBoth({ blockSelector: ".never-used" })).rrweb.tree),
    );
  });

  it("writes the scroll offsets rrweb writes: a box scrolled one way or both, and the window's on <html>", async () => {
    const { rrweb, fast } = await serializeBoth();
    expect(fast.tree).toEqual(rrweb.tree);
    // The page scrolled these; a box that was hidden after its scroll, and a clipped one, have no offset.
    const offsets = JSON.stringify(rrweb.tree).match(/"rr_scroll(Left|Top)":\d+/g);
    expect(offsets).toEqual([
      '"rr_scrollLeft":7',
      '"rr_scrollTop":23',
      '"rr_scrollTop":17',
      '"rr_scrollLeft":5',
      '"rr_scrollTop":9',
    ]);
  });

  it("writes the window's offsets on <body> in quirks mode, where it is the scrolling element", async () => {
    const { rrweb, fast, fastNodes } = await serializeBoth({ name: "serializer-quirks.html" });
    expect(fastNodes).toBeGreaterThan(0);
    expect(fast.tree).toEqual(rrweb.tree);
    expect(JSON.stringify(rrweb.tree)).toMatch(
      /"tagName":"body","attributes":\{"rr_scrollLeft":7,"rr_scrollTop":23\}/,
    );
  });

  it("reads scroll offsets only of elements that can scroll, and nothing inside a hidden element", async () => {
    const page = await openWithSerializer();
    const read = await page.evaluate(`(async () => {
      const { rrweb, createFastSerialize, createSliceSnapshot, createMaskingOptions } = window.serializer;
      const fast = createFastSerialize(rrweb);
      // Counted after the fast path took its functions; the getter still answers as before.
      const scrollTop = Object.getOwnPropertyDescriptor(Element.prototype, "scrollTop");
      const readers = new Set();
      Object.defineProperty(Element.prototype, "scrollTop", {
        ...scrollTop,
        get() {
          readers.add(this);
          return scrollTop.get.call(this);
        },
      });
      const masking = createMaskingOptions({
        maskAllInputs: true, maskAllText: true, blockSelector: "[data-rerun-block]", unmaskSelector: "",
      });
      const mirror = rrweb.record.mirror;
      mirror.reset();
      await new Promise((resolve) =>
        createSliceSnapshot(rrweb, { fast })({ ...masking, inlineStylesheet: true, mirror }, resolve)
      );
      const elements = document.querySelectorAll("*").length;
      const hidden = [...document.querySelectorAll("#hidden-panel *")].filter((el) => readers.has(el));
      return {
        elements,
        readers: readers.size,
        html: readers.has(document.documentElement),
        body: readers.has(document.body),
        scrolled: ["scrolled", "scrolled-y-only", "clipped"].filter((id) => readers.has(document.getElementById(id))),
        hidden: hidden.map((el) => el.tagName),
      };
    })()`) as {
      elements: number;
      readers: number;
      html: boolean;
      body: boolean;
      scrolled: string[];
      hidden: string[];
    };
    await page.close();
    expect(read.elements).toBeGreaterThan(300);
    expect([read.html, read.body]).toEqual([true, true]);
    expect(read.scrolled).toEqual(["scrolled", "scrolled-y-only", "clipped"]);
    // The image is rrweb's to serialize, and rrweb reads every element's offsets.
    expect(read.hidden).toEqual(["IMG"]);
    // The rest are the elements rrweb serializes itself, which read every offset, and the other scroll
    // containers (form fields, media, frames).
    expect(read.readers).toBeLessThan(read.elements / 4);
  });

  it("relies on what Chromium does: no element of computed overflow-x `visible` keeps a scroll offset", async () => {
    // Every pair of overflow values under every display, and the elements the browser's own styles make
    // scrollable, each told to scroll, in standards and in quirks mode; the fast path reads no offset of an
    // element whose overflow-x is visible.
    for (const name of ["serializer-cases.html", "serializer-quirks.html"]) {
      const { page } = await openHarnessPage(harness, { name });
      const found = await page.evaluate(`(() => {
      const values = ["visible", "hidden", "clip", "scroll", "auto"];
      const displays = ["block", "inline", "inline-block", "flex", "grid", "table", "table-cell", "list-item",
        "contents", "none", "flow-root"];
      const box = document.createElement("div");
      for (const x of values) for (const y of values) for (const display of displays) {
        const el = box.appendChild(document.createElement("div"));
        el.style.cssText = "width:50px;height:50px;display:" + display + ";overflow-x:" + x + ";overflow-y:" + y;
        el.innerHTML = '<div style="width:300px;height:300px">content</div>';
      }
      box.insertAdjacentHTML("beforeend", ["textarea", "select multiple", "input", "fieldset", "details open",
        "button", "pre", "dialog open", "iframe", "img"].map((tag) =>
        "<" + tag + ' style="width:40px;height:40px">' + "long text ".repeat(50) +
        "<option>a</option><option>b</option><option>c</option></" + tag.split(" ")[0] + ">").join(""));
      document.body.appendChild(box);
      const all = [...box.querySelectorAll("*")];
      for (const el of all) {
        el.scrollTop = 40;
        el.scrollLeft = 40;
      }
      const visible = all.filter((el) => getComputedStyle(el).overflowX === "visible");
      return {
        scrolled: all.filter((el) => el.scrollLeft || el.scrollTop).length,
        visible: visible.length,
        visibleScrolled: visible.filter((el) => el.scrollLeft || el.scrollTop).map((el) => el.outerHTML.slice(0, 80)),
      };
    })()`) as { scrolled: number; visible: number; visibleScrolled: string[] };
      await page.close();
      expect(found.scrolled, name).toBeGreaterThan(100);
      expect(found.visible, name).toBeGreaterThan(100);
      expect(found.visibleScrolled, name).toEqual([]);
    }
  });

  it("reads every scroll offset on a page that replaced getComputedStyle, and still writes rrweb's tree", async () => {
    const { rrweb, fast, fastNodes } = await serializeBoth({ query: "?patched-style" });
    expect(fastNodes).toBeGreaterThan(fast.nodes / 2);
    expect(fast.tree).toEqual(rrweb.tree);
    expect(JSON.stringify(fast.tree)).toContain('"rr_scrollTop":17');
  });

  it("leaves every node to rrweb on a page that patched a DOM getter or method it reads", async () => {
    for (const query of ["?patched-getter", "?patched-method"]) {
      const { rrweb, fast, fastNodes } = await serializeBoth({ query });
      expect(fastNodes, query).toBe(0);
      expect(fast.tree).toEqual(rrweb.tree);
    }
  });
});

describe("the SDK build's rrweb serializer", () => {
  it("refuses to copy canvas pixels or inline images, which nothing would mask", async () => {
    const page = await openWithSerializer();
    const refusals = await page.evaluate(`["recordCanvas", "inlineImages"].map((option) => {
      try {
        window.serializer.rrweb.snapshot(document, { [option]: true });
        return null;
      } catch (error) {
        return error.message;
      }
    })`);
    const refusal = expect.stringMatching(
      /^recordCanvas and inlineImages are not supported: the rerun SDK build/,
    );
    expect(refusals).toEqual([refusal, refusal]);
    await page.close();
  });
});
