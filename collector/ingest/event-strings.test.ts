import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RecordedEvent } from "../../shared/batch.ts";
import { replaceStringsInPlace } from "../../shared/redact.ts";
import { replaceEventStringsInPlace } from "./event-strings.ts";
import { prepareEvents } from "./prepare-events.ts";

/** The collector's defaults: SERVER_SIDE_REDACTION on, MAX_STORED_STRING_BYTES 16 KiB. */
const RULES = { redact: true, maxBytes: 16_384 };
const CSS_VAR = ":root{--mui-palette-common-whiteChannel: 255 255 255}";
/** An SVG path whose digits pass Luhn, as in rrweb's demo recording: redacted, it became `[card]`. */
const PATH = "M1152 896q0-106-75-181t-181-75-181 75-75 181 75 181 181 75 181-75 75-181z";
const PHONE = "call (415) 555-2671";
/** A style sheet of 25 KB, as Emotion writes for Material UI's sign-up page. */
const BIG_SHEET = `.css-x{color:rgb(255 255 255)}${".css-y{margin:0}".repeat(1_700)}`;

const mutation = (data: Record<string, unknown>): RecordedEvent => ({
  type: 3,
  data: { source: 0, texts: [], attributes: [], removes: [], adds: [], ...data },
  timestamp: 2,
});
const snapshot = (...body: unknown[]): RecordedEvent => ({
  type: 2,
  data: {
    node: {
      type: 0,
      id: 1,
      childNodes: [{ type: 2, id: 2, tagName: "html", attributes: {}, childNodes: body }],
    },
    initialOffset: { left: 0, top: 0 },
  },
  timestamp: 1,
});
const stored = (events: RecordedEvent[]): string => {
  const copy = structuredClone(events);
  prepareEvents(copy, undefined, RULES);
  return JSON.stringify(copy);
};

describe("the strings ingest stores as they came", () => {
  it.each<[string, RecordedEvent[]]>([
    [
      "a <style>'s inlined sheet and a style attribute",
      [snapshot({ type: 2, id: 3, tagName: "style", attributes: { _cssText: CSS_VAR }, childNodes: [] }, {
        type: 2,
        id: 4,
        tagName: "div",
        attributes: { style: "--c: 255 255 255" },
        childNodes: [],
      })],
    ],
    [
      "a text node rrweb marked isStyle, and one under a <style> of the batch",
      [
        snapshot({ type: 3, id: 3, textContent: CSS_VAR, isStyle: true }, {
          type: 2,
          id: 4,
          tagName: "style",
          attributes: {},
          childNodes: [{ type: 3, id: 5, textContent: CSS_VAR }],
        }),
        mutation({ adds: [{ parentId: 4, nextId: null, node: { type: 3, id: 6, textContent: CSS_VAR } }] }),
        mutation({ texts: [{ id: 5, value: CSS_VAR }, { id: 6, value: CSS_VAR }] }),
      ],
    ],
    [
      "sheet rules, declarations and adopted sheets",
      [
        { type: 3, data: { source: 8, id: 3, adds: [{ rule: CSS_VAR, index: 0 }] }, timestamp: 2 },
        {
          type: 3,
          data: { source: 13, id: 3, set: { property: "--c", value: "255 255 255" }, index: [0] },
          timestamp: 2,
        },
        {
          type: 3,
          data: { source: 15, id: 1, styles: [{ styleId: 1, rules: [{ rule: CSS_VAR }] }] },
          timestamp: 2,
        },
      ],
    ],
    [
      "style changes in a mutation, as a string and as rrweb's property object",
      [mutation({
        attributes: [{ id: 4, attributes: { style: "--c: 255 255 255" } }, {
          id: 5,
          attributes: { style: { "--c": ["255 255 255", ""] } },
        }],
      })],
    ],
    [
      "SVG geometry in a snapshot and in a mutation",
      [
        snapshot({
          type: 2,
          id: 3,
          tagName: "svg",
          isSVG: true,
          attributes: { viewBox: "0 0 1792 1792" },
          childNodes: [{
            type: 2,
            id: 4,
            tagName: "path",
            isSVG: true,
            attributes: { d: PATH },
            childNodes: [],
          }],
        }),
        mutation({
          attributes: [{ id: 4, attributes: { d: PATH, transform: "translate(4111 1111 1111 1111)" } }],
        }),
      ],
    ],
  ])("keeps %s", (_name, events) => {
    expect(stored(events)).toBe(JSON.stringify(events));
  });

  it("keeps a 25 KB style sheet whole, and still caps a 25 KB text node", () => {
    const text = "*".repeat(25_000);
    const events = [snapshot(
      { type: 2, id: 3, tagName: "style", attributes: { _cssText: BIG_SHEET }, childNodes: [] },
      { type: 2, id: 4, tagName: "p", attributes: {}, childNodes: [{ type: 3, id: 5, textContent: text }] },
    )];
    const out = JSON.parse(stored(events)) as Array<{ data: { node: unknown } }>;
    const html = (out[0]!.data.node as { childNodes: Array<{ childNodes: unknown[] }> }).childNodes[0]!;
    const [style, p] = html.childNodes as Array<{ attributes: { _cssText: string }; childNodes: unknown[] }>;
    expect(style!.attributes._cssText).toBe(BIG_SHEET);
    expect((p!.childNodes[0] as { textContent: string }).textContent).toHaveLength(RULES.maxBytes);
  });
});

describe("the strings ingest redacts", () => {
  it.each<[string, RecordedEvent[]]>([
    ["a text node", [snapshot({ type: 3, id: 3, textContent: PHONE })]],
    [
      "an attribute that carries text",
      [snapshot({ type: 2, id: 3, tagName: "a", attributes: { title: PHONE }, childNodes: [] })],
    ],
    ["a text change", [mutation({ texts: [{ id: 9, value: PHONE }] })]],
    ["an attribute change", [mutation({ attributes: [{ id: 9, attributes: { "aria-label": PHONE } }] })]],
    ["an added text node", [
      mutation({ adds: [{ parentId: 9, node: { type: 3, id: 10, textContent: PHONE } }] }),
    ]],
    ["an input", [{ type: 3, data: { source: 5, id: 3, text: PHONE, isChecked: false }, timestamp: 2 }]],
    ["a custom event", [{ type: 5, data: { tag: "support", payload: { note: PHONE } }, timestamp: 2 }]],
    [
      "a text node beside a style sheet, and one under a <style> of another batch",
      [
        snapshot({ type: 2, id: 3, tagName: "style", attributes: { _cssText: CSS_VAR }, childNodes: [] }, {
          type: 3,
          id: 4,
          textContent: PHONE,
        }),
        mutation({ adds: [{ parentId: 77, node: { type: 3, id: 78, textContent: PHONE } }] }),
      ],
    ],
  ])("in %s", (_name, events) => {
    const out = stored(events);
    expect(out).toContain("[phone]");
    expect(out).not.toContain("555-2671");
  });

  it("caps every other string, as before", () => {
    const long = "y".repeat(20_000);
    const out = stored([{ type: 5, data: { tag: "note", payload: long }, timestamp: 1 }]);
    expect(out).not.toContain("y".repeat(RULES.maxBytes + 1));
  });
});

describe("replaceEventStringsInPlace", () => {
  it("reaches the strings replaceStringsInPlace reaches, and counts the same keys, at any depth limit", () => {
    const text = fc.constantFrom("a", CSS_VAR, PHONE, "data", "style", "d");
    const key = fc.constantFrom(
      "type",
      "data",
      "node",
      "childNodes",
      "attributes",
      "adds",
      "texts",
      "source",
      "style",
      "d",
      "textContent",
      "value",
      "x",
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        text,
        fc.constantFrom(0, 2, 3, 8, 13, 15),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 3 }),
        fc.dictionary(key, tie("value"), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(fc.array(json, { maxLength: 4 }), fc.integer({ min: 0, max: 8 }), (events, depth) => {
        const seen: string[] = [];
        const walked: string[] = [];
        const keys = replaceStringsInPlace(structuredClone(events), depth, (t) => (seen.push(t), t));
        expect(replaceEventStringsInPlace(structuredClone(events), depth, (t) => (walked.push(t), t)))
          .toBe(keys);
        expect(walked).toEqual(seen);
      }),
      { numRuns: 500 },
    );
  });
});
