// The recorder's rrweb is edited at build time by `scripts/esbuild-sdk.ts`; these tests sit beside the recorder
// because that edit is part of what it ships, and the unit project runs `sdk/` tests.
import { build } from "esbuild";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  allowSlicedSnapshot,
  assignClassFields,
  exportSerializer,
  fixUntaintedElementCheck,
  inlineEnums,
  RRWEB_RECORD_VERSION,
  rrwebRecordEdits,
  sdkBuildOptions,
  stripCanvasManager,
  stubUnusedFunctions,
} from "../../scripts/esbuild-sdk.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const RECORD_JS = join(ROOT, "node_modules/@rrweb/record/dist/record.js");
const rrwebSource = () => readFile(RECORD_JS, "utf8");

describe("stripCanvasManager", () => {
  it("swaps the pinned rrweb's canvas section for a no-op CanvasManager", async () => {
    const out = stripCanvasManager(await rrwebSource(), RRWEB_RECORD_VERSION);
    expect(out.match(/\nclass CanvasManager \{/g)).toHaveLength(1);
    for (const gone of ["WorkerWrapper", "jsContent", "initCanvas2DMutationObserver", "new Worker("]) {
      expect(out.includes(gone), gone).toBe(false);
    }
    // What record() and MutationBuffer call on the manager is still there.
    for (const method of ["reset", "freeze", "unfreeze", "lock", "unlock"]) {
      expect(out).toMatch(new RegExp(`\\n  ${method}\\(\\) \\{\\}`));
    }
  });

  it("refuses any other rrweb version", () => {
    expect(() => stripCanvasManager("", "2.1.7")).toThrow(/only 2\.1\.6 was checked/);
  });

  it("refuses a file whose canvas section is not where it was", async () => {
    const moved = (await rrwebSource()).replace("\nclass StylesheetManager {", "\nclass StyleSheetManager {");
    expect(() => stripCanvasManager(moved, RRWEB_RECORD_VERSION)).toThrow(/line after the canvas section/);
  });

  it("refuses to cut a name that is used outside the canvas section", async () => {
    const leaked = `${await rrwebSource()}\nexport const b64 = encode;\n`;
    expect(() => stripCanvasManager(leaked, RRWEB_RECORD_VERSION)).toThrow(/`encode` .* used outside it/);
  });
});

describe("fixUntaintedElementCheck", () => {
  it("lists querySelector and querySelectorAll as Element's methods, not accessors", async () => {
    const out = fixUntaintedElementCheck(await rrwebSource(), RRWEB_RECORD_VERSION);
    const accessors = /const testableAccessors = \{[\s\S]*?\n\};/.exec(out)?.[0] ?? "";
    const methods = /const testableMethods = \{[\s\S]*?\n\};/.exec(out)?.[0] ?? "";
    expect(accessors).toContain('Element: ["shadowRoot"],');
    expect(methods).toContain('Element: ["querySelector", "querySelectorAll"],');
  });

  it("refuses a file whose checks are not as they were", async () => {
    const changed = (await rrwebSource()).replace('"querySelector", "querySelectorAll"]', '"querySelector"]');
    expect(() => fixUntaintedElementCheck(changed, RRWEB_RECORD_VERSION)).toThrow(/UNTAINTED_ELEMENT_EDITS/);
    expect(() => fixUntaintedElementCheck("", "2.1.7")).toThrow(/only 2\.1\.6 was checked/);
  });
});

describe("exportSerializer", () => {
  it("exports rrweb's document serializer beside record", async () => {
    const out = exportSerializer(await rrwebSource(), RRWEB_RECORD_VERSION);
    expect(out).toMatch(
      /\nexport \{\n {2}record,\n {2}snapshot,\n {2}serializeNodeWithId,\n {2}genId,\n {2}transformAttribute,\n {2}maskInputValue,\n {2}getInputType\n\};\n/,
    );
  });

  it("refuses a file whose exports or serializer are not as they were", async () => {
    const source = await rrwebSource();
    const moreExports = source.replace("export {\n  record\n};", "export {\n  record,\n  other\n};");
    expect(() => exportSerializer(moreExports, RRWEB_RECORD_VERSION)).toThrow(/SERIALIZER_EXPORT_EDITS/);
    const renamed = source.replace("\nfunction snapshot(n, options) {", "\nfunction snapshot2(n, options) {");
    expect(() => exportSerializer(renamed, RRWEB_RECORD_VERSION)).toThrow(/no `function snapshot/);
    const gone = source.replace(
      "\nfunction serializeNodeWithId(n, options) {",
      "\nfunction serializeNode2(n, options) {",
    );
    expect(() => exportSerializer(gone, RRWEB_RECORD_VERSION)).toThrow(/no `function serializeNodeWithId/);
    const counter = source.replace("\nfunction genId() {", "\nfunction nextId() {");
    expect(() => exportSerializer(counter, RRWEB_RECORD_VERSION)).toThrow(/no `function genId\(\)`/);
    const masking = source.replace("  maskInputOptions,\n  tagName,\n", "  tagName,\n  maskInputOptions,\n");
    expect(() => exportSerializer(masking, RRWEB_RECORD_VERSION)).toThrow(/no `function maskInputValue/);
  });
});

describe("allowSlicedSnapshot", () => {
  it("hands children to options.defer, passes it down and through snapshot(), and slices only the first snapshot", async () => {
    const out = allowSlicedSnapshot(await rrwebSource(), RRWEB_RECORD_VERSION);
    // Both child loops (light DOM and shadow root) ask the queue first, and children inherit it.
    expect(
      out.match(
        /if \(bypassOptions\.defer\) \{\n {10}bypassOptions\.defer\(childN, bypassOptions, serializedNode\.childNodes, /g,
      ),
    )
      .toHaveLength(2);
    expect(out).toContain("cssCaptured: false,\n      defer: options.defer\n    };");
    expect(out).toContain("newlyAddedElement: false,\n    defer: options.defer\n  });");
    // takeFullSnapshot serializes through `slice` when given, else as before.
    expect(out).toContain(
      "if (slice) return slice(snapshotOptions, finish);\n    finish(snapshot(document, snapshotOptions));",
    );
    // record() slices its first snapshot only when asked, and starts observers after it either way.
    expect(out).toContain("const sliceSnapshot = recordDOM && options.sliceSnapshot;");
    expect(out).toContain("takeFullSnapshot();\n      start();");
    // Checkouts still call takeFullSnapshot(isCheckout) without a slice.
    expect(out).toContain("record.takeFullSnapshot = (isCheckout) => {");
    expect(out).toMatch(/\n {2}takeFullSnapshot\(isCheckout\);\n/);
  });

  it("refuses a file whose full-snapshot code is not as it was", async () => {
    const changed = (await rrwebSource()).replace(
      "    const init = () => {\n      takeFullSnapshot();",
      "    const init = () => {\n      takeFullSnapshot(false);",
    );
    expect(() => allowSlicedSnapshot(changed, RRWEB_RECORD_VERSION)).toThrow(/SLICED_SNAPSHOT_EDITS/);
    expect(() => allowSlicedSnapshot("", "2.1.7")).toThrow(/only 2\.1\.6 was checked/);
  });
});

describe("stubUnusedFunctions", () => {
  it("replaces rrweb's slim-DOM rules, font observer and pixel copying with stubs that say when they are asked for", async () => {
    const out = stubUnusedFunctions(await rrwebSource(), RRWEB_RECORD_VERSION);
    for (
      const gone of [
        "msapplication-tile",
        "shopify-checkout-api-token",
        "win.FontFace = function",
        "blankCanvasDataURL",
        "Cannot inline img src",
      ]
    ) {
      expect(out.includes(gone), gone).toBe(false);
    }
    // The stubs, run on their own: off answers "keep", on says it is not supported.
    const stub = (name: string) => {
      const at = out.indexOf(`\nfunction ${name}(`);
      const text = out.slice(at, out.indexOf("\n}\n", at) + 2);
      return new Function(`${text}; return ${name};`)() as (...args: unknown[]) => unknown;
    };
    const slimDOMExcluded = stub("slimDOMExcluded");
    expect(slimDOMExcluded({ type: 2, tagName: "script" }, {})).toBe(false);
    expect(() => slimDOMExcluded({ type: 5 }, { comment: true })).toThrow(/slimDOMOptions is not supported/);
    expect(() => stub("initFontObserver")({})).toThrow(/collectFonts is not supported/);
    // Everything around them is as it was, and serializeElementNode still writes a media element's state.
    expect(out).toContain("\nfunction serializeNodeWithId(n, options) {\n");
    expect(out).toContain('\n  if (["audio", "video"].includes(tagName)) {\n');
    expect(out).toContain("\nfunction initSelectionObserver(param) {\n");
  });

  it("keeps the iframe manager's same-origin part and replaces its cross-origin part with a refusal", async () => {
    const out = stubUnusedFunctions(await rrwebSource(), RRWEB_RECORD_VERSION);
    for (const gone of ["transformCrossOriginEvent", "replaceIdOnNode", "getRemoteIds"]) {
      expect(out.includes(gone), gone).toBe(false);
    }
    const from = out.indexOf("\nclass CrossOriginIframeMirror {\n");
    const classes = out.slice(from, out.indexOf("\nclass ShadowDomManager {\n"));
    const IframeManager = new Function(
      "__publicField",
      "genId",
      `${classes}; return IframeManager;`,
    )((target: Record<string, unknown>, key: string, value: unknown) => (target[key] = value), () => 1);
    const adds: unknown[] = [];
    const manager = new IframeManager({
      mirror: { getId: () => 7 },
      mutationCb: (mutation: unknown) => adds.push(mutation),
      stylesheetManager: { styleMirror: { generateId: () => 1 } },
      recordCrossOriginIframes: false,
      wrappedEmit: () => {},
    });
    // A same-origin frame's document is still attached as a mutation of the frame element…
    manager.attachIframe({ contentDocument: null }, { type: 0, id: 9, childNodes: [] });
    expect(adds).toMatchObject([{ adds: [{ parentId: 7, node: { id: 9 } }], isAttachIframe: true }]);
    // …and a cross-origin frame's messages are refused, by name.
    expect(() => manager.handleMessage({ data: { type: "rrweb" } })).toThrow(
      /recordCrossOriginIframes is not supported/,
    );
  });

  it("drops the hook wrappers, the departed global mirror and rrdom's node, refusing hooks by name", async () => {
    const out = stubUnusedFunctions(await rrwebSource(), RRWEB_RECORD_VERSION);
    for (const gone of ["DEPARTED_MIRROR_ACCESS_WARNING", "hooks.mutation(...p)", "RRDomException"]) {
      expect(out.includes(gone), gone).toBe(false);
    }
    const at = out.indexOf("\nfunction mergeHooks(");
    const mergeHooks = new Function(
      `${out.slice(at, out.indexOf("\n}\n", at) + 2)}; return mergeHooks;`,
    )() as (o: unknown, hooks: Record<string, unknown>) => void;
    expect(() => mergeHooks({}, {})).not.toThrow();
    expect(() => mergeHooks({}, { mutation: () => {} })).toThrow(/hooks is not supported/);
    expect(out).toContain("\nfunction throttle(func, wait, options = {}) {\n");
    expect(out).toContain("\nfunction initObservers(o, hooks = {}) {\n");
    // A live DOM node is never rrdom's: the empty class answers the recorder's instanceof test the same.
    expect(out).toContain("\nclass BaseRRNode {\n}\nfunction on(type, fn, target = document) {\n");
    expect(out).toContain('if (n instanceof BaseRRNode && "shadowRoot" in n) {');
  });

  it("refuses a file whose functions are not where or what they were", async () => {
    const source = await rrwebSource();
    const moved = source.replace(
      "\nfunction serializeNodeWithId(n, options) {\n",
      "\nfunction inserted() {}\nfunction serializeNodeWithId(n, options) {\n",
    );
    expect(() => stubUnusedFunctions(moved, RRWEB_RECORD_VERSION)).toThrow(/slimDOMExcluded.*FUNCTION_STUBS/);
    const renamed = source.replace(
      "function initFontObserver({ fontCb, doc })",
      "function initFonts({ fontCb, doc })",
    );
    expect(() => stubUnusedFunctions(renamed, RRWEB_RECORD_VERSION)).toThrow(/initFontObserver/);
    expect(() => stubUnusedFunctions(source, "2.1.7")).toThrow(/only 2\.1\.6 was checked/);
  });
});

describe("assignClassFields", () => {
  it("sets every class field of the pinned rrweb by assignment, as the helper would define it", async () => {
    const source = stubUnusedFunctions(await rrwebSource(), RRWEB_RECORD_VERSION);
    const out = assignClassFields(source, RRWEB_RECORD_VERSION);
    expect(out).not.toContain("__publicField(this");
    expect(out).toContain("(this.frozen = false);");
    const Example = new Function(
      assignClassFields(
        'class Example { constructor(x) { __publicField(this, "x", x); __publicField(this, "empty"); } }',
        RRWEB_RECORD_VERSION,
      ) + "; return Example;",
    )() as new (x: number) => Record<string, unknown>;
    const example = new Example(5);
    expect(Object.getOwnPropertyDescriptor(example, "x")).toEqual({
      value: 5,
      writable: true,
      enumerable: true,
      configurable: true,
    });
    expect(Object.keys(example)).toEqual(["x", "empty"]);
  });

  it("refuses a file where a class has an accessor named like a field, and any other version", () => {
    const withAccessor =
      'class A { constructor() { __publicField(this, "size", 1); }\n  get size() { return 2; }\n}';
    expect(() => assignClassFields(withAccessor, RRWEB_RECORD_VERSION)).toThrow(/accessor named `size`/);
    expect(() => assignClassFields("class A {}", RRWEB_RECORD_VERSION)).toThrow(/no __publicField calls/);
    expect(() => assignClassFields("", "2.1.7")).toThrow(/only 2\.1\.6 was checked/);
  });
});

describe("inlineEnums", () => {
  it("writes each read of rrweb's enums as its number and drops the enums rrweb only reads by member", async () => {
    const source = await rrwebSource();
    const out = inlineEnums(source, RRWEB_RECORD_VERSION);
    for (const name of ["EventType", "IncrementalSource", "PointerTypes", "MediaInteractions", "NodeType"]) {
      expect(out).not.toMatch(new RegExp(`(?<![\\w$.])${name}(?![\\w$])`));
    }
    // The numbers are the enums' own: the FullSnapshot event, a mutation's source, the media handlers.
    expect(source).toContain("        type: EventType.FullSnapshot,\n        data: {\n          node,\n");
    expect(out).toContain("        type: 2,\n        data: {\n          node,\n");
    expect(out).toContain('on("volumechange", handler(3), doc)');
    // MouseInteractions is also read by computed key, so its object stays and only member reads change.
    expect(out).toContain("\nvar MouseInteractions = /* @__PURE__ */ ((MouseInteractions2) => {\n");
    expect(out).toContain("Object.keys(MouseInteractions).filter(");
    expect(out).toContain("if (MouseInteractions[eventKey] === 1) {");
    expect(out).not.toMatch(/MouseInteractions\.[A-Z]/);
  });

  it("refuses an enum not written as it was, a read of no member, or an enum read some other way", async () => {
    const source = await rrwebSource();
    const computed = source.replace(
      'NodeType2[NodeType2["Text"] = 3] = "Text";',
      'NodeType2[NodeType2["Text"] = 1 + 2] = "Text";',
    );
    expect(() => inlineEnums(computed, RRWEB_RECORD_VERSION)).toThrow(/a member of enum `NodeType`/);
    const unknown = `${source}\nconst later = EventType.Replay;\n`;
    expect(() => inlineEnums(unknown, RRWEB_RECORD_VERSION)).toThrow(/`EventType\.Replay` names no member/);
    const byKey = `${source}\nconst names = Object.keys(IncrementalSource);\n`;
    expect(() => inlineEnums(byKey, RRWEB_RECORD_VERSION)).toThrow(/`IncrementalSource` is still read/);
    const gone = source.replace("\nvar PointerTypes = ", "\nlet PointerTypes = ");
    expect(() => inlineEnums(gone, RRWEB_RECORD_VERSION)).toThrow(
      /enum `PointerTypes` is not defined as it was/,
    );
    expect(() => inlineEnums(source, "2.1.7")).toThrow(/only 2\.1\.6 was checked/);
  });
});

describe("rrwebRecordEdits", () => {
  const bundle = (resolveDir: string) =>
    build({
      ...sdkBuildOptions(),
      write: false,
      logLevel: "silent",
      stdin: { contents: `import { record } from "@rrweb/record"; record({ emit() {} });`, resolveDir },
    });

  it("builds rrweb's recorder without the canvas worker and with the fixed Element check", async () => {
    const js = (await bundle(ROOT)).outputFiles[0]!.text;
    expect(js).toContain("rr-block");
    expect(js).not.toContain("image-bitmap-data-url-worker");
    expect(js).not.toContain("new Worker");
    expect(js).not.toMatch(/\["shadowRoot",\s*"querySelector"/);
    expect(js).not.toContain('"IncrementalSnapshot"');
  });

  it("makes rrweb's serializer importable, so the recorder's warm-up has something to run", async () => {
    const out = await build({
      ...sdkBuildOptions(),
      write: false,
      logLevel: "silent",
      format: "esm",
      stdin: { contents: `export { snapshot } from "@rrweb/record";`, resolveDir: ROOT },
    });
    const js = out.outputFiles[0]!.text;
    expect(js).toMatch(/export\s*\{[^}]*as snapshot\s*\}/);
  });

  it("fails the build for an rrweb version it was not checked against", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rerun-rrweb-"));
    try {
      const pkg = join(dir, "node_modules/@rrweb/record");
      await mkdir(join(pkg, "dist"), { recursive: true });
      await writeFile(
        join(pkg, "package.json"),
        JSON.stringify({ name: "@rrweb/record", version: "9.0.0", module: "./dist/record.js" }),
      );
      await writeFile(join(pkg, "dist/record.js"), "export function record() {}\n");
      await expect(bundle(dir)).rejects.toThrow(/@rrweb\/record 9\.0\.0: only 2\.1\.6 was checked/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("is part of every SDK build", () => {
    expect(sdkBuildOptions().plugins?.map((p) => p.name)).toEqual([rrwebRecordEdits().name]);
  });
});
