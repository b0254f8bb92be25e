import { describe, expect, it } from "vitest";
import { scanJsonBody } from "./body-scan.ts";

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
