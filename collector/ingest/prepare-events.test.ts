import { describe, expect, it } from "vitest";
import { type RecordedEvent, RecordedEventListSchema } from "../../shared/batch.ts";
import { scanJsonBody } from "./body-scan.ts";
import { eventPages, pagesOf } from "./pages.ts";
import { prepareEvents, readEvents } from "./prepare-events.ts";
import type { StringRules } from "./stored-string.ts";

const RULES: StringRules = { redact: true, maxBytes: 1_000 };
const bytes = (text: string) => new TextEncoder().encode(text);

const EVENTS: RecordedEvent[] = [
  { type: 4, data: { href: "https://shop.example/cart", width: 1280, height: 800 }, timestamp: 1_000 },
  { type: 3, data: { source: 1, positions: [{ x: 1.5, y: -2, id: 7 }] }, timestamp: 1_500.4 },
  {
    type: 5,
    data: { tag: "rerun.navigation", payload: { url: "https://shop.example/pay" } },
    timestamp: 900,
  },
];

/** Reads `events` as the batch reader's Worker does: from a body's text, after the body scan. */
function readFromBody(events: unknown[], rules = RULES) {
  const body = bytes(JSON.stringify({ appId: "app_prepare_0001", events, meta: {} }));
  const span = scanJsonBody(body, undefined, rules).events;
  if (!span) throw new Error("the scan found no events");
  return { read: readEvents(body, span, rules), span };
}

describe("readEvents", () => {
  it("gives the figures prepareEvents gives for the parsed events, and keeps the text when nothing changes", () => {
    const { read, span } = readFromBody(EVENTS);
    const parsed = structuredClone(EVENTS);
    expect(read).toEqual({ kind: "ok", prepared: prepareEvents(parsed, span, RULES), text: null });
    expect(read).toMatchObject({ prepared: { count: 3, firstTs: 900, lastTs: 1_500, asSent: true } });
  });

  it.each([
    [
      "a URL with a query",
      { type: 4, data: { href: "https://shop.example/?token=abc" }, timestamp: 1 },
      "token",
    ],
    ["an email", { type: 5, data: { tag: "note", payload: "mail ann@example.com" }, timestamp: 1 }, "ann@"],
    [
      "a string over the cap",
      { type: 5, data: { tag: "big", payload: "y".repeat(5_000) }, timestamp: 1 },
      "y".repeat(1_001),
    ],
    [
      "a phone number in a text node beside a style sheet over the cap",
      {
        type: 3,
        data: {
          source: 0,
          adds: [
            {
              parentId: 4,
              node: { type: 2, id: 8, tagName: "style", attributes: { _cssText: "a{}".repeat(500) } },
            },
            { parentId: 4, node: { type: 3, id: 9, textContent: "(415) 555-2671" } },
          ],
        },
        timestamp: 1,
      },
      "555-2671",
    ],
  ])("writes the stored events' JSON when it finds %s", (_name, event, secret) => {
    const { read } = readFromBody([...EVENTS, event]);
    if (read.kind !== "ok" || !read.text) throw new Error(`expected a changed text, got ${read.kind}`);
    const text = new TextDecoder().decode(read.text);
    expect(text).not.toContain(secret);
    const parsed = structuredClone([...EVENTS, event]) as RecordedEvent[];
    prepareEvents(parsed, undefined, RULES);
    expect(text).toBe(JSON.stringify(parsed));
    expect(read.prepared.asSent).toBe(false);
  });

  it("keeps as sent a batch whose only doubtful strings are style sheets, as the walk over parsed events does", () => {
    const sheet = `:root{--c: 255 255 255}${".a{margin:0}".repeat(2_000)}`;
    const style = {
      type: 3,
      data: { source: 8, id: 9, adds: [{ rule: sheet, index: 0 }] },
      timestamp: 1_200,
    };
    const { read, span } = readFromBody([...EVENTS, style]);
    // The scan checks every string as data, so it cannot vouch for the sheet; the walk finds nothing to change.
    expect(span.stringsKept).toBe(false);
    const parsed = structuredClone([...EVENTS, style]) as RecordedEvent[];
    expect(read).toEqual({ kind: "ok", prepared: prepareEvents(parsed, span, RULES), text: null });
    expect(read).toMatchObject({ prepared: { asSent: true } });
  });

  it("names each invalid event's field from the body's root, as the batch schema does", () => {
    const events = [...EVENTS, { type: "4", data: {}, timestamp: 1 }, { type: 2, timestamp: -1 }];
    const { read } = readFromBody(events);
    const expected = RecordedEventListSchema.safeParse(events).error?.issues.map((issue) => [
      "events",
      ...issue.path,
    ]);
    expect(read.kind).toBe("invalid");
    if (read.kind !== "invalid") return;
    expect(read.issues.map((issue) => issue.path)).toEqual(expected);
    expect(read.issues.map((issue) => issue.path.join("."))).toContain("events.3.type");
  });

  it("leaves a text that does not parse unread, for tRPC to refuse as before", () => {
    const body = bytes('{"events":[{"type":4,"timestamp":1,"data":{}} {"x":1}]}');
    const span = scanJsonBody(body, undefined, RULES).events;
    if (!span) throw new Error("the scan found no events");
    expect(readEvents(body, span, RULES)).toEqual({ kind: "unread" });
  });
});

describe("pagesOf", () => {
  it("orders the events' pages and the meta's as from the parsed events, ties in first-seen order", () => {
    const events: RecordedEvent[] = [
      { type: 4, data: { href: "https://a.example/one" }, timestamp: 10 },
      { type: 4, data: { href: "https://a.example/two" }, timestamp: 5 },
    ];
    const prepared = prepareEvents(structuredClone(events), undefined, RULES);
    expect(pagesOf(prepared.pages, "https://a.example/one?q=1", 5)).toEqual(
      pagesOf(eventPages(events), "https://a.example/one?q=1", 5),
    );
    expect(pagesOf(prepared.pages, "https://a.example/one", 5).map((p) => p.url)).toEqual([
      "https://a.example/one",
      "https://a.example/two",
    ]);
  });
});
