/**
 * How every SDK bundle is built, shared by `scripts/build-sdk.ts` (what `dist/` ships) and
 * `bench/sdk-size.ts` (what the size benchmark measures), so the two cannot drift apart.
 *
 * It also compiles rrweb's canvas recording out of `@rrweb/record`. rrweb 2.1.6 ships as one bundled file
 * whose `record()` always constructs a `CanvasManager`, so no bundler can drop it, and that section carries
 * an inline image-bitmap Worker (a JavaScript source string) plus the 2D/WebGL patching code: about 3 KB
 * gzip of the recorder. The SDK never passes `recordCanvas` (canvas pixels are not masked, so recording them
 * would bypass SPEC §2's privacy defaults), and with `recordCanvas` off that manager only ever answers
 * `reset/freeze/unfreeze/lock/unlock` with nothing to do. The plugin swaps the section for a class with the
 * same methods that do nothing. It is a text edit of a dependency, so it is pinned: any other rrweb
 * version, or a file whose section does not look exactly as expected, fails the build with what to check.
 *
 * A second pinned edit fixes how rrweb tells whether the page patched `Element.prototype` (see
 * {@link fixUntaintedElementCheck}), which made every recording build a hidden iframe mid-snapshot. A third
 * exports rrweb's document serializer beside `record` (see {@link exportSerializer}), so the recorder can
 * run it on a made-up document before the first real snapshot. A fourth lets the first snapshot be taken
 * in slices of a few milliseconds instead of one long task (see {@link allowSlicedSnapshot}). A fifth
 * compiles out code no SDK option can reach: two functions, the copying of canvas and image pixels, and the
 * cross-origin iframe support (see {@link stubUnusedFunctions}). A sixth writes class fields as plain
 * assignments (see {@link assignClassFields}), and a seventh writes rrweb's enum reads as numbers (see
 * {@link inlineEnums}).
 */
import type { BuildOptions, Plugin } from "esbuild";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/** The `@rrweb/record` version whose `dist/record.js` the canvas section below was read from. */
export const RRWEB_RECORD_VERSION = "2.1.6";

/** The file `@rrweb/record` resolves to in a browser ESM build. */
const RECORD_FILE = /[\\/]@rrweb[\\/]record[\\/]dist[\\/]record\.js$/;

/**
 * First line of the canvas section: the base64 helpers only canvas serialization uses. The worker source
 * string holds a copy of this line too, but with escaped newlines, so this one is unique.
 */
const SECTION_START = '\nvar chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";\n';
/** First line after it. */
const SECTION_END = "\nclass StylesheetManager {";

/** How a compiled-out part of rrweb says it was asked for. */
const STUB_NOTE = "the rerun SDK build compiles it out of rrweb (scripts/esbuild-sdk.ts)";

/**
 * What `record()` gets instead: the methods it and its `MutationBuffer` call, doing nothing, as rrweb's own
 * manager does with `recordCanvas` off. Asked to record canvas, it says so rather than record nothing.
 */
const NO_CANVAS_MANAGER = `
class CanvasManager {
  constructor(options) {
    if (options.recordCanvas) {
      throw new Error("recordCanvas is not supported: the rerun SDK build compiles rrweb's canvas " +
        "recording out (scripts/esbuild-sdk.ts); drop the option or remove that plugin");
    }
  }
  reset() {}
  freeze() {}
  unfreeze() {}
  lock() {}
  unlock() {}
}
`;

/** Counts non-overlapping occurrences of `needle` in `text`. */
const count = (text: string, needle: string): number => text.split(needle).length - 1;

/**
 * Returns `source` (rrweb's `dist/record.js`) with its canvas section replaced by a no-op `CanvasManager`.
 * Throws, naming what to re-check, when `version` is not the pinned one or the section is not as expected.
 */
export function stripCanvasManager(source: string, version: string): string {
  const fail = (what: string): never => {
    throw new Error(
      `@rrweb/record ${version}: ${what}. The rerun SDK build replaces rrweb's canvas manager by text ` +
        `(scripts/esbuild-sdk.ts); re-read dist/record.js, update SECTION_START/SECTION_END and ` +
        `RRWEB_RECORD_VERSION there, and run the browser tests.`,
    );
  };
  if (version !== RRWEB_RECORD_VERSION) fail(`only ${RRWEB_RECORD_VERSION} was checked`);
  if (count(source, SECTION_START) !== 1) fail("the canvas section's first line is missing or not unique");
  if (count(source, SECTION_END) !== 1) fail("the line after the canvas section is missing or not unique");
  const start = source.indexOf(SECTION_START);
  const end = source.indexOf(SECTION_END);
  const section = source.slice(start, end);
  if (end < start || count(section, "\nclass CanvasManager {") !== 1) {
    fail("class CanvasManager is not inside the canvas section");
  }
  const rest = source.slice(0, start) + source.slice(end);
  // Everything the section declares must be used only inside it, or cutting it would leave a dangling name.
  const declared = [...section.matchAll(/^(?:var|let|const|function|class)\s+([\w$]+)/gm)].map((m) => m[1]!);
  for (const name of declared) {
    if (name === "CanvasManager") continue;
    const use = new RegExp(`(?<![\\w$."'\`])${name.replace(/\$/g, "\\$")}(?![\\w$])`);
    if (use.test(rest)) fail(`\`${name}\` from the canvas section is also used outside it`);
  }
  return source.slice(0, start) + NO_CANVAS_MANAGER + source.slice(end);
}

/**
 * rrweb guards against pages that monkey-patch DOM prototypes (Zone.js and the like): it checks that each
 * listed accessor's getter and each listed method is native, and if one is not, builds a hidden iframe and
 * takes the prototype from that fresh realm. 2.1.6 lists `querySelector` and `querySelectorAll` among
 * Element's accessors, but they are methods and have no getter, so the check fails on every page: each
 * recording creates an iframe (a new document and JavaScript realm) inside its first full snapshot, about a
 * quarter of that task on a 3,000-node page under a ×4 CPU throttle, and then reads every element's
 * `shadowRoot` across realms. rrweb pull request 1802 (open upstream) moves the two names to the methods list;
 * these are the same two edits. A page that really patched them still gets the iframe.
 */
const UNTAINTED_ELEMENT_EDITS: ReadonlyArray<readonly [string, string]> = [
  [
    '  Element: ["shadowRoot", "querySelector", "querySelectorAll"],\n  MutationObserver: []\n',
    '  Element: ["shadowRoot"],\n  MutationObserver: []\n',
  ],
  [
    '  Element: [],\n  MutationObserver: ["constructor"]\n',
    '  Element: ["querySelector", "querySelectorAll"],\n  MutationObserver: ["constructor"]\n',
  ],
];

/** Throws unless `version` is the rrweb version every edit here was read from. */
function assertPinnedVersion(version: string): void {
  if (version !== RRWEB_RECORD_VERSION) {
    throw new Error(
      `@rrweb/record ${version}: only ${RRWEB_RECORD_VERSION} was checked (scripts/esbuild-sdk.ts)`,
    );
  }
}

/**
 * Applies each exact text edit to `source`, each of whose `from` must occur exactly once; throws naming
 * `what` and `table` (the constant to update) when the version is not the pinned one or a text is not there.
 */
function applyPinnedEdits(
  source: string,
  version: string,
  edits: ReadonlyArray<readonly [string, string]>,
  what: string,
  table: string,
): string {
  assertPinnedVersion(version);
  let out = source;
  for (const [from, to] of edits) {
    if (count(out, from) !== 1) {
      throw new Error(
        `@rrweb/record ${version}: ${what} is not as expected (${
          JSON.stringify(from.trim())
        }); re-read dist/record.js and update ${table} in scripts/esbuild-sdk.ts.`,
      );
    }
    out = out.replace(from, to);
  }
  return out;
}

/** Returns `source` with Element's untainted-prototype checks fixed; throws when they are not as expected. */
export function fixUntaintedElementCheck(source: string, version: string): string {
  return applyPinnedEdits(
    source,
    version,
    UNTAINTED_ELEMENT_EDITS,
    "Element's untainted-prototype check",
    "UNTAINTED_ELEMENT_EDITS",
  );
}

/**
 * rrweb bundles its serializer (`snapshot` from rrweb-snapshot, which `record()` calls for every full
 * snapshot) but exports only `record`. The recorder runs that same function on a made-up document while
 * the page is idle (`sdk/record/snapshot/warm-serializer.ts`), and the sliced first snapshot re-serializes what the
 * page changed mid-way with `serializeNodeWithId` (`sdk/record/snapshot/sliced-snapshot.ts`), so both have to be
 * reachable: this edit adds them to the file's exports. It adds no code; `record` already uses them.
 *
 * What is exported, as rrweb declares it. The first snapshot's fast path (`sdk/record/snapshot/fast-serialize.ts`)
 * also needs rrweb's id counter, so its ids and rrweb's never collide, its attribute transform (URLs made
 * absolute) and its input masking, so both write the same values.
 */
const SERIALIZER_SIGNATURES = [
  "snapshot(n, options)",
  "serializeNodeWithId(n, options)",
  "genId()",
  "transformAttribute(doc, tagName, name, value)",
  "maskInputValue({\n  element,\n  maskInputOptions,\n  tagName,\n  type,\n  value,\n  maskInputFn\n})",
  "getInputType(element)",
];

/** The export list, `record` and then each of {@link SERIALIZER_SIGNATURES} by name. */
const SERIALIZER_EXPORT_EDITS: ReadonlyArray<readonly [string, string]> = [
  [
    "\nexport {\n  record\n};\n",
    `\nexport {\n${
      ["record", ...SERIALIZER_SIGNATURES.map((s) => s.slice(0, s.indexOf("(")))]
        .map((name) => `  ${name}`).join(",\n")
    }\n};\n`,
  ],
];

/** Returns `source` exporting rrweb's serializer beside `record`; throws when the exports are not as expected. */
export function exportSerializer(source: string, version: string): string {
  for (const signature of SERIALIZER_SIGNATURES) {
    if (!source.includes(`\nfunction ${signature} {\n`)) {
      throw new Error(
        `@rrweb/record ${version}: dist/record.js has no \`function ${signature}\`; re-read it and ` +
          `update SERIALIZER_EXPORT_EDITS in scripts/esbuild-sdk.ts.`,
      );
    }
  }
  return applyPinnedEdits(
    source,
    version,
    SERIALIZER_EXPORT_EDITS,
    "the file's exports",
    "SERIALIZER_EXPORT_EDITS",
  );
}

/**
 * rrweb serializes the page for the first snapshot in one synchronous call inside `record()`: on a
 * 5,000-node page under a ×4 CPU throttle that is one task of 150–200 ms. These edits let the recorder
 * serialize it in slices instead (`sdk/record/snapshot/sliced-snapshot.ts`), and change nothing when it does not ask:
 *
 * - `serializeNodeWithId` hands each child to `options.defer` (when given, and passed on to the children's
 *   options) instead of recursing into it, so a caller can serialize the tree from a queue;
 * - `snapshot()` passes `defer` through;
 * - `takeFullSnapshot` takes an optional `slice(snapshotOptions, finish)` that serializes the document and
 *   calls `finish(node)` later, instead of calling `snapshot()` itself;
 * - `record()`'s first snapshot uses `options.sliceSnapshot` when given and starts its observers only once
 *   the FullSnapshot event is out (what `sliceSnapshot` returns is called on `stop()`). Later snapshots
 *   (checkouts) stay synchronous: their observers already run, and a mutation between slices would reach
 *   rrweb's mutation buffer before the node it names has an id.
 */
const SLICED_SNAPSHOT_EDITS: ReadonlyArray<readonly [string, string]> = [
  [
    "      keepIframeSrcFn,\n      cssCaptured: false\n    };\n",
    "      keepIframeSrcFn,\n      cssCaptured: false,\n      defer: options.defer\n    };\n",
  ],
  [
    "      for (const childN of Array.from(index.childNodes(n))) {\n",
    "      for (const childN of Array.from(index.childNodes(n))) {\n" +
    "        if (bypassOptions.defer) {\n" +
    "          bypassOptions.defer(childN, bypassOptions, serializedNode.childNodes, false);\n" +
    "          continue;\n        }\n",
  ],
  [
    "      for (const childN of Array.from(index.childNodes(shadowRootEl))) {\n",
    "      for (const childN of Array.from(index.childNodes(shadowRootEl))) {\n" +
    "        if (bypassOptions.defer) {\n" +
    "          bypassOptions.defer(childN, bypassOptions, serializedNode.childNodes, isNativeShadowDom(shadowRootEl));\n" +
    "          continue;\n        }\n",
  ],
  [
    "    keepIframeSrcFn,\n    newlyAddedElement: false\n  });\n}\n",
    "    keepIframeSrcFn,\n    newlyAddedElement: false,\n    defer: options.defer\n  });\n}\n",
  ],
  [
    "  takeFullSnapshot = (isCheckout = false) => {\n",
    "  takeFullSnapshot = (isCheckout = false, slice) => {\n",
  ],
  [
    "    const node = snapshot(document, {\n      mirror,\n",
    "    const snapshotOptions = {\n      mirror,\n",
  ],
  [
    "      keepIframeSrcFn\n    });\n    if (!node) {\n",
    "      keepIframeSrcFn\n    };\n    const finish = (node) => {\n    if (!node) {\n",
  ],
  [
    "        mirror.getId(document)\n      );\n  };\n  try {\n",
    "        mirror.getId(document)\n      );\n    };\n" +
    "    if (slice) return slice(snapshotOptions, finish);\n" +
    "    finish(snapshot(document, snapshotOptions));\n  };\n  try {\n",
  ],
  [
    "    const init = () => {\n      takeFullSnapshot();\n      handlers.push(observe(document));\n      recording = true;\n    };\n",
    "    const init = () => {\n" +
    "      const start = () => {\n        handlers.push(observe(document));\n        recording = true;\n      };\n" +
    "      const sliceSnapshot = recordDOM && options.sliceSnapshot;\n" +
    "      if (sliceSnapshot) {\n" +
    "        handlers.push(takeFullSnapshot(false, (snapshotOptions, finish) =>\n" +
    "          sliceSnapshot(snapshotOptions, (node) => {\n            finish(node);\n            start();\n          })));\n" +
    "        return;\n      }\n" +
    "      takeFullSnapshot();\n      start();\n    };\n",
  ],
];

/** Returns `source` whose first snapshot can be sliced (see above); throws when rrweb's code is not as expected. */
export function allowSlicedSnapshot(source: string, version: string): string {
  return applyPinnedEdits(
    source,
    version,
    SLICED_SNAPSHOT_EDITS,
    "the full-snapshot code",
    "SLICED_SNAPSHOT_EDITS",
  );
}

/**
 * Code of rrweb's that the SDK never reaches (a function, a class, a class's last methods, or statements of a
 * function), and what replaces it: `start` is its first line, `next` the first line of what follows it, `stub`
 * the replacement, which says so if it is reached after all.
 */
type FunctionStub = { name: string; start: string; next: string; stub: string };

/**
 * Code compiled out, about 1.8 KB of the recorder gzipped; the SDK's options (zod-validated, SPEC §2) have
 * none of these settings:
 *
 * - `slimDOMExcluded`: rrweb's slim-DOM rules, which drop scripts, comments and head `<meta>` tags from a
 *   snapshot when `slimDOMOptions` asks, through about 30 string tests. Without that option they always
 *   answered `false`; the stub does too, and throws if some rule is on.
 * - `initFontObserver`: patches `FontFace` and `document.fonts.add` to record web fonts; `record()` only
 *   calls it with `collectFonts`.
 * - Canvas pixels and inlined images: `serializeElementNode` copies a canvas's pixels with `recordCanvas`,
 *   and draws every image into a canvas to write it as a data URL with `inlineImages`. Neither is masked,
 *   so the SDK offers neither (SPEC §2's privacy defaults); the stub throws if either is on.
 * - Cross-origin iframes: `IframeManager` handles an iframe's own recorder's `postMessage`s, renumbering
 *   every node id of every event kind, only with `recordCrossOriginIframes`; `CrossOriginIframeMirror`
 *   keeps those numbers, for that and for plugins, which the SDK has none of. Same-origin iframes are
 *   serialized with the page and keep rrweb's code.
 * - `mergeHooks`: wraps each of 13 observer callbacks to call a user hook first; the SDK passes no `hooks`.
 *   The stub throws if one is given.
 * - The departed global `mirror`: a stand-in object (behind a `Proxy`) that only logs that the global is
 *   gone; nothing reads it, but its top-level `Proxy` assignment kept it in every bundle.
 * - `BaseRRNode`: rrdom's virtual node, which the recorder only names in an `instanceof` test (a shadow root
 *   check for rrdom trees, which only the replayer builds); an empty class answers that test the same.
 */
const FUNCTION_STUBS: readonly FunctionStub[] = [
  {
    name: "slimDOMExcluded",
    start: "\nfunction slimDOMExcluded(sn, slimDOMOptions) {\n",
    next: "\nfunction serializeNodeWithId(n, options) {\n",
    stub: `
function slimDOMExcluded(sn, slimDOMOptions) {
  for (const rule in slimDOMOptions) {
    if (slimDOMOptions[rule]) throw new Error("slimDOMOptions is not supported: ${STUB_NOTE}");
  }
  return false;
}`,
  },
  {
    name: "initFontObserver",
    start: "\nfunction initFontObserver({ fontCb, doc }) {\n",
    next: "\nfunction initSelectionObserver(param) {\n",
    stub: `
function initFontObserver() {
  throw new Error("collectFonts is not supported: ${STUB_NOTE}");
}`,
  },
  {
    name: "serializeElementNode's canvas and image inlining",
    start: '\n  if (tagName === "canvas" && recordCanvas) {\n',
    next: '\n  if (["audio", "video"].includes(tagName)) {\n',
    stub: `
  if (recordCanvas || inlineImages) {
    throw new Error("recordCanvas and inlineImages are not supported: ${STUB_NOTE}");
  }`,
  },
  {
    name: "CrossOriginIframeMirror",
    start: "\nclass CrossOriginIframeMirror {\n",
    next: "\nclass IframeManager {\n",
    stub: `
class CrossOriginIframeMirror {
}`,
  },
  {
    name: "mergeHooks",
    start: "\nfunction mergeHooks(o, hooks) {\n",
    next: "\nfunction initObservers(o, hooks = {}) {\n",
    stub: `
function mergeHooks(o, hooks) {
  for (const hook in hooks) {
    if (hooks[hook]) throw new Error("hooks is not supported: ${STUB_NOTE}");
  }
}`,
  },
  {
    name: "BaseRRNode",
    start: "\nclass BaseRRNode {\n",
    next: "\nfunction on(type, fn, target = document) {\n",
    stub: `
class BaseRRNode {
}`,
  },
  {
    name: "the departed global mirror",
    start: "\nconst DEPARTED_MIRROR_ACCESS_WARNING = ",
    next: "\nfunction throttle(func, wait, options = {}) {\n",
    stub: "",
  },
  {
    name: "IframeManager's cross-origin methods",
    start: "\n  handleMessage(message) {\n",
    next: "\nclass ShadowDomManager {\n",
    stub: `
  handleMessage() {
    throw new Error("recordCrossOriginIframes is not supported: ${STUB_NOTE}");
  }
}`,
  },
];

/**
 * Returns `source` with each of {@link FUNCTION_STUBS} in place of rrweb's code; throws, naming what to
 * re-check, when the version is not the pinned one or a piece is not where and what it was.
 */
export function stubUnusedFunctions(source: string, version: string): string {
  assertPinnedVersion(version);
  let out = source;
  for (const { name, start, next, stub } of FUNCTION_STUBS) {
    const from = out.indexOf(start);
    const to = out.indexOf(next, from);
    if (
      count(out, start) !== 1 || to < 0 || /\n(?:async )?(?:function|class) /.test(out.slice(from + 1, to))
    ) {
      throw new Error(
        `@rrweb/record ${version}: \`${name}\` is not where or what it was (directly before ` +
          `${JSON.stringify(next.trim())}); re-read dist/record.js and update FUNCTION_STUBS in ` +
          `scripts/esbuild-sdk.ts.`,
      );
    }
    out = out.slice(0, from) + stub + out.slice(to);
  }
  return out;
}

/** How rrweb's build writes each class field in a constructor: `__publicField(this, "name", value)`. */
const FIELD_CALL = /__publicField\(this, "([A-Za-z_$][\w$]*)"(\)|, )/g;

/**
 * Returns `source` with each class field set by plain assignment: `__publicField(this, "x", v)` becomes
 * `(this.x = v)`, and `__publicField(this, "x")` becomes `(this.x = void 0)`. The helper defines an own
 * property, which assignment also does unless the prototype has an accessor of that name; the edit refuses
 * a file where one does. 149 bytes of the recorder gzipped, over 80 fields.
 */
export function assignClassFields(source: string, version: string): string {
  assertPinnedVersion(version);
  const names = new Set([...source.matchAll(FIELD_CALL)].map((m) => m[1] as string));
  for (const name of names) {
    if (new RegExp(`\\n  (?:get|set|static get|static set) ${name.replace(/\$/g, "\\$")}\\(`).test(source)) {
      throw new Error(
        `@rrweb/record ${version}: a class has an accessor named \`${name}\`, which a field assignment would ` +
          `call instead of shadowing; drop assignClassFields in scripts/esbuild-sdk.ts or exclude that field.`,
      );
    }
  }
  if (names.size === 0) {
    throw new Error(`@rrweb/record ${version}: no __publicField calls found; re-check assignClassFields.`);
  }
  return source.replace(
    FIELD_CALL,
    (_, name: string, rest: string) => rest === ")" ? `(this.${name} = void 0)` : `(this.${name} = `,
  );
}

/**
 * rrweb's TypeScript enums reach its dist file as objects built when it loads, and each use reads one of
 * their properties (`EventType.FullSnapshot`, `IncrementalSource.Mutation`: over 100 reads). These never
 * change and rrweb reads them only by member name, so each read becomes its number and the object goes:
 * 543 bytes of the recorder gzipped.
 */
const INLINED_ENUMS = ["EventType", "IncrementalSource", "PointerTypes", "MediaInteractions", "NodeType"];
/**
 * Enums whose object rrweb also reads by a key it computes (`Object.keys(MouseInteractions)`,
 * `MouseInteractions[eventKey]`): their member reads become numbers, the object stays.
 */
const KEPT_ENUMS = ["MouseInteractions"];

/** An enum as rrweb's build writes it, whose `body` is one `Name2[Name2["Member"] = 0] = "Member";` a line. */
const enumDefinition = (name: string): RegExp =>
  new RegExp(
    `\\nvar ${name} = /\\* @__PURE__ \\*/ \\(\\(${name}2\\) => \\{\\n(?<body>[\\s\\S]*?)  return ${name}2;\\n` +
      `\\}\\)\\(${name} \\|\\| \\{\\}\\);\\n`,
  );

/**
 * Returns `source` with every read of a member of {@link INLINED_ENUMS} and {@link KEPT_ENUMS} written as
 * its number, and the objects of {@link INLINED_ENUMS} removed; throws, naming what to re-check, when an
 * enum is not written as expected, a read names no member, or an inlined enum is still named elsewhere.
 */
export function inlineEnums(source: string, version: string): string {
  assertPinnedVersion(version);
  const fail = (what: string): never => {
    throw new Error(
      `@rrweb/record ${version}: ${what}; re-read dist/record.js and update INLINED_ENUMS or KEPT_ENUMS in ` +
        `scripts/esbuild-sdk.ts.`,
    );
  };
  let out = source;
  for (const name of [...INLINED_ENUMS, ...KEPT_ENUMS]) {
    const found = enumDefinition(name).exec(out);
    if (!found || count(out, `\nvar ${name} = `) !== 1) {
      return fail(`enum \`${name}\` is not defined as it was`);
    }
    const memberLine = new RegExp(`^  ${name}2\\[${name}2\\["([\\w$]+)"\\] = (\\d+)\\] = "\\1";$`);
    const members = new Map<string, string>();
    for (const line of (found.groups?.body ?? "").split("\n").slice(0, -1)) {
      const [, member, value] = memberLine.exec(line) ??
        fail(`a member of enum \`${name}\` is not written \`${name}2[${name}2["Member"] = 0] = "Member";\``);
      members.set(member!, value!);
    }
    const inlined = INLINED_ENUMS.includes(name);
    if (inlined) out = out.replace(found[0], "\n");
    out = out.replace(
      new RegExp(`(?<![\\w$.])${name}\\.([A-Za-z_$][\\w$]*)`, "g"),
      (_, member: string) => members.get(member) ?? fail(`\`${name}.${member}\` names no member of the enum`),
    );
    if (inlined && new RegExp(`(?<![\\w$.])${name}(?![\\w$])`).test(out)) {
      fail(`\`${name}\` is still read other than by member name`);
    }
  }
  return out;
}

/**
 * esbuild plugin applying {@link stripCanvasManager}, {@link fixUntaintedElementCheck},
 * {@link exportSerializer}, {@link allowSlicedSnapshot}, {@link stubUnusedFunctions},
 * {@link assignClassFields} and {@link inlineEnums} to `@rrweb/record`.
 */
export function rrwebRecordEdits(): Plugin {
  return {
    name: "rrweb-record-edits",
    setup(build) {
      // Checked at resolve time so a change of rrweb's entry file fails instead of skipping the edit silently.
      build.onResolve({ filter: /^@rrweb\/record$/ }, async (args) => {
        if (args.pluginData === "rrweb-record-edits") return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: "rrweb-record-edits",
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (!RECORD_FILE.test(resolved.path)) {
          return {
            errors: [{
              text: `@rrweb/record resolved to ${resolved.path}, not dist/record.js: the edits in ` +
                `scripts/esbuild-sdk.ts no longer apply; re-check it against this rrweb version.`,
            }],
          };
        }
        return { path: resolved.path, sideEffects: resolved.sideEffects };
      });
      build.onLoad({ filter: RECORD_FILE }, async (args) => {
        const pkg = JSON.parse(await readFile(join(dirname(args.path), "..", "package.json"), "utf8")) as {
          version?: unknown;
        };
        const source = await readFile(args.path, "utf8");
        const version = String(pkg.version);
        return {
          contents: inlineEnums(
            assignClassFields(
              stubUnusedFunctions(
                allowSlicedSnapshot(
                  exportSerializer(
                    fixUntaintedElementCheck(stripCanvasManager(source, version), version),
                    version,
                  ),
                  version,
                ),
                version,
              ),
              version,
            ),
            version,
          ),
          loader: "js",
          resolveDir: dirname(args.path),
        };
      });
    },
  };
}

/** The settings every SDK bundle (and every bundle the size benchmark compares it with) is built with. */
export function sdkBuildOptions(): BuildOptions {
  return {
    bundle: true,
    minify: true,
    // The browser floor alone decides what is lowered. Chrome 91, not 90: esbuild rewrites every `?.` for
    // Chrome 90 (a V8 bug fixed in 91), about 250 bytes of the recorder gzipped; Chrome 91 (May 2021) is older
    // than the Firefox 90 and Safari 15 floors. No "es2020" beside them: all three run class fields and `??=`
    // natively, which an es2020 target rewrote into helper calls (67 bytes of the recorder, 98 of the loader).
    target: ["chrome91", "firefox90", "safari15"],
    platform: "browser",
    legalComments: "none",
    plugins: [rrwebRecordEdits()],
  };
}

/**
 * V8's compile hint for a whole file (Chrome 136+; other engines read a comment): compile every function
 * when the script loads, on the thread that streams it, instead of on the main thread at each function's
 * first call. Much of the recorder runs as soon as it loads (rrweb's observers, the serializer's warm-up,
 * the first snapshot: 236 of the 516 functions V8 listed in its first 3 s on the benchmark page), so its
 * lazy compiles had landed in those tasks: at ×4 CPU throttle on the 3,000-node page, 5.5–8 ms of
 * compiling inside the first snapshot and 71 ms on the main thread over the whole load, against 0.1 and
 * 31 ms with the hint, for 81 KB more heap (the bytecode of what has not run yet; `bench/findings.md`,
 * session 13). The loader does not get it: with consent deferred (the default), 13 of its 63 functions run.
 */
export const EAGER_COMPILE_HINT = "//# allFunctionsCalledOnLoad";

/** What the script-tag recorder is built with beside {@link sdkBuildOptions}: the hint as its first line. */
export const RECORDER_BANNER: BuildOptions["banner"] = { js: EAGER_COMPILE_HINT };
