import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replaceStringsInPlace } from "../../shared/redact.ts";
import { MAX_JSON_DEPTH } from "../../shared/limits.ts";
import { scanJsonBody } from "./body-scan.ts";
import { storedString } from "./stored-string.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const eventsText = (text: string) => {
  const span = scanJsonBody(bytes(text)).events;
  return span
    ? { text: new TextDecoder().decode(bytes(text).subarray(span.start, span.end)), count: span.count }
    : null;
};

describe("scanJsonBody", () => {
  it("counts objects and arrays, not brackets inside strings", () => {
    expect(scanJsonBody(bytes('{"a":[{"b":"[[[[{{{{"}]}'), 3).tooDeep).toBe(false);
    expect(scanJsonBody(bytes('{"a":[{"b":[1]}]}'), 3).tooDeep).toBe(true);
  });

  it("skips escaped quotes inside strings", () => {
    expect(scanJsonBody(bytes('{"a":"\\"[[[["}'), 1).tooDeep).toBe(false);
  });

  it("flags a document nested 100,000 deep", () => {
    expect(scanJsonBody(bytes("[".repeat(100_000) + "]".repeat(100_000))).tooDeep).toBe(true);
  });

  it("finds the text of the top-level events array and counts its elements", () => {
    expect(eventsText('{"appId":"a","events" : [ {"type":1,"x":"],"} , [2], 3 ],"meta":{"events":[9]}}'))
      .toEqual({ text: '[ {"type":1,"x":"],"} , [2], 3 ]', count: 3 });
    expect(eventsText('{"events":[ ]}')).toEqual({ text: "[ ]", count: 0 });
    expect(eventsText('{"events":["a"]}')).toEqual({ text: '["a"]', count: 1 });
  });

  it("counts the keys written inside the events array and in the rest of the body", () => {
    const span =
      scanJsonBody(bytes('{"appId":"a:b","events":[{"t":1,"d":{"x":":"}},{"t":2}],"meta":{"u":"v"}}'))
        .events;
    expect(span && { keys: span.keys, otherKeys: span.otherKeys }).toEqual({ keys: 4, otherKeys: 4 });
    expect(scanJsonBody(bytes('{"events":[{"a":1,"a":2}]}')).events?.keys).toBe(2);
  });

  it.each([
    ["a second events key", '{"events":[1],"events":[2]}'],
    ["an escaped top-level key", '{"events":[1],"\\u0065vents":[2]}'],
    ["events that is not an array", '{"events":{"0":1}}'],
    ["a top level that is not an object", '[{"events":[1]}]'],
    ["a number with an exponent", '{"events":[{"x":1e400}]}'],
    ["minus zero", '{"events":[{"x":-0.0}]}'],
    ["a 400-digit number", `{"events":[${"9".repeat(400)}]}`],
    ["invalid UTF-8", null],
  ])("gives no events text for %s", (_name, text) => {
    const body = text === null
      ? new Uint8Array([...bytes('{"events":["'), 0xff, ...bytes('"]}')])
      : bytes(text);
    expect(scanJsonBody(body).events).toBeNull();
  });

  it("keeps true, false and ordinary numbers", () => {
    expect(eventsText('{"events":[true,false,null,-1.5,0,12]}')?.count).toBe(6);
  });
});

describe("scanJsonBody's check of the events' strings", () => {
  const RULES = { redact: true, maxBytes: 100 };
  const kept = (text: string, rules = RULES) =>
    scanJsonBody(bytes(text), MAX_JSON_DEPTH, rules).events?.stringsKept;

  it("finds strings ingest stores as they are, and ignores keys and the rest of the body", () => {
    expect(kept('{"meta":{"u":"ann@example.com"},"events":[{"t":"click","ann@example.com":1,"n":[1,"a"]}]}'))
      .toBe(true);
  });

  it.each([
    ["an email in a value", '{"events":[{"d":{"text":"mail ann@example.com"}}]}'],
    ["an email in an array", '{"events":[["x","ann@example.com"]]}'],
    ["an email written with escapes", '{"events":[{"t":"mail \\u0061nn@example.com"}]}'],
    [
      "an email in the value JSON.parse drops for a repeated key",
      '{"events":[{"t":"ann@example.com","t":"ok"}]}',
    ],
    ["a string over the cap", `{"events":[{"t":"${"x".repeat(101)}"}]}`],
  ])("says no for %s", (_name, text) => {
    expect(kept(text)).toBe(false);
  });

  it("checks only the cap without redaction, and nothing without rules or for text that is not ASCII", () => {
    const email = '{"events":[{"t":"ann@example.com"}]}';
    expect(kept(email, { redact: false, maxBytes: 100 })).toBe(true);
    expect(scanJsonBody(bytes(email)).events?.stringsKept).toBe(false);
    expect(kept('{"events":[{"t":"café"}]}')).toBe(false);
  });

  it("agrees with the walk over the parsed events on any events with ASCII strings", () => {
    const text = fc.oneof(
      fc.constantFrom(
        "ann@example.com",
        "4111 1111 1111 1111",
        "token=abc123",
        "btn",
        "*** ***",
        "x".repeat(120),
      ),
      fc.string({ unit: "binary-ascii", maxLength: 12 }),
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        text,
        fc.integer(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 3 }),
        fc.dictionary(fc.string({ unit: "binary-ascii", maxLength: 4 }), tie("value"), { maxKeys: 3 }),
      ),
    })).value;
    fc.assert(
      fc.property(fc.array(json, { maxLength: 4 }), (events) => {
        const body = JSON.stringify({ appId: "a", events });
        let changed = 0;
        replaceStringsInPlace(JSON.parse(body).events, MAX_JSON_DEPTH, (t) => {
          const out = storedString(t, RULES);
          if (out !== t) changed++;
          return out;
        });
        expect(kept(body)).toBe(changed === 0);
      }),
      { numRuns: 500 },
    );
  });
});
