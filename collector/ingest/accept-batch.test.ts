import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { type IngestBatchInput, IngestBatchSchema } from "../../shared/batch.ts";
import { createTestDeps, TEST_KEYS, type TestDeps } from "../_test-deps.ts";
import { createCaller } from "../router.ts";
import { batchBlobKey } from "../storage/blobs/blob-store.ts";
import { listSessionBatches } from "../storage/batches.ts";
import { createContextInner } from "../trpc/context.ts";
import { acceptBatch } from "./accept-batch.ts";
import { readParsedBatch, readTrpcBody } from "./read-batch.ts";

const batch = (events: unknown[]): IngestBatchInput => ({
  appId: "app_accept_test",
  sessionId: "session_accept_0001",
  windowId: "window_accept_0001",
  sequence: 0,
  events: events as IngestBatchInput["events"],
  meta: { url: "https://shop.example/cart?id=1", userId: "u_1" },
  final: true,
});

const EVENTS = [
  {
    type: 4,
    data: { href: "https://shop.example/cart", width: 1280, height: 800 },
    timestamp: 1_700_000_000_000,
  },
  { timestamp: 1_700_000_000_500, type: 3, data: { source: 1, positions: [{ x: 1.5, y: -2, id: 7 }] } },
  {
    type: 5,
    data: { tag: "rerun.navigation", payload: { url: "https://shop.example/pay" } },
    timestamp: 1.7e12,
  },
];

/**
 * How the batch reaches `acceptBatch`: parsed whole with no body (a direct call), parsed whole by tRPC beside
 * the edge's scan of its text (`raw`), or with its events read where the body was gunzipped (`read`), as the
 * HTTP edge hands over an `ingest.batch` body with a public key in its header.
 */
type Way = "parsed" | "raw" | "read";

/**
 * Reads `body` at the HTTP edge as an unbatched `ingest.batch` request (its events too when `readEvents`) and
 * calls the procedure with what the edge read, as `http.ts` does.
 */
async function ingestAtEdge(deps: TestDeps, body: string, readEvents: boolean) {
  const req = new Request("http://127.0.0.1/trpc/ingest.batch", { method: "POST", body });
  const read = await readTrpcBody(req, { config: deps.config, batch: { readEvents } });
  if (read.kind !== "ok") throw new Error(`the edge refused the body: ${read.error.message}`);
  // The scan found the events text; with `readEvents`, the events were read and tRPC parses nothing.
  expect(read.edgeInput).toBeDefined();
  expect(read.json === null).toBe(readEvents);
  const caller = createCaller(
    createContextInner(deps, { key: TEST_KEYS.publicKey, edgeInput: read.edgeInput }),
  );
  // Over HTTP tRPC gets no body when the edge read the batch: the procedure's input is the edge's read alone.
  return await caller.ingest.batch((readEvents ? {} : JSON.parse(body)) as IngestBatchInput);
}

/** Accepts `body` (JSON text) the given way; answers the stored blob's JSON text and the batch row. */
async function accepted(body: string, way: Way): Promise<{ text: string; row: Record<string, unknown> }> {
  await using deps = await createTestDeps();
  const input = IngestBatchSchema.parse(JSON.parse(body));
  if (way === "parsed") await acceptBatch(deps, readParsedBatch(input, deps.config));
  else await ingestAtEdge(deps, body, way === "read");
  const stored = await deps.blobs.get(batchBlobKey(input));
  const [row] = await listSessionBatches(deps.db, input.sessionId);
  const { receivedAt: _receivedAt, ...figures } = row as Record<string, unknown>;
  return { text: gunzipSync(stored as Uint8Array).toString("utf8"), row: figures };
}

async function storedText(body: string, opts: { raw: boolean }): Promise<string> {
  return (await accepted(body, opts.raw ? "raw" : "parsed")).text;
}

/** The blob and row from events read where the body was gunzipped; the same as from the parsed batch. */
async function expectSameWhenRead(body: string): Promise<void> {
  const read = await accepted(body, "read");
  expect(read).toEqual(await accepted(body, "parsed"));
}

describe("acceptBatch", () => {
  it("stores the same bytes from the request's events text as from re-serializing the events", async () => {
    const body = JSON.stringify(batch(EVENTS));
    expect(await storedText(body, { raw: true })).toBe(await storedText(body, { raw: false }));
    await expectSameWhenRead(body);
  });

  it("stores a pretty-printed events text that parses to the same batch", async () => {
    const body = JSON.stringify(batch(EVENTS), null, 2);
    const raw = await storedText(body, { raw: true });
    expect(raw).toContain("\n");
    expect(JSON.parse(raw)).toEqual(JSON.parse(await storedText(body, { raw: false })));
    expect(await accepted(body, "read")).toEqual(await accepted(body, "raw"));
  });

  it.each([
    ["redaction finds an email", {
      type: 5,
      data: { tag: "note", payload: "mail ann@example.com" },
      timestamp: 1,
    }, "[email]"],
    [
      "a URL loses its query",
      { type: 4, data: { href: "https://shop.example/?token=abc" }, timestamp: 1 },
      '"https://shop.example/"',
    ],
    [
      "a string is over the cap",
      { type: 5, data: { tag: "big", payload: "x".repeat(20_000) }, timestamp: 1 },
      '"x',
    ],
  ])("re-serializes the events when %s", async (_name, event, expected) => {
    const body = JSON.stringify(batch([...EVENTS, event]), null, 1);
    const stored = await storedText(body, { raw: true });
    expect(stored).not.toContain("\n");
    expect(stored).toContain(expected);
    expect(stored).toBe(await storedText(body, { raw: false }));
    await expectSameWhenRead(body);
  });

  it("re-serializes the events when a key is written twice, so the value JSON.parse dropped is not stored", async () => {
    const body = JSON.stringify(batch(EVENTS)).replace(
      '"tag":"rerun.navigation"',
      '"tag":"mail ann@example.com","tag":"rerun.navigation"',
    );
    expect(JSON.parse(body).events[2].data.tag).toBe("rerun.navigation");
    const stored = await storedText(body, { raw: true });
    expect(stored).not.toContain("ann@example.com");
    expect(stored).toBe(await storedText(body, { raw: false }));
    await expectSameWhenRead(body);
  });

  it("refuses events found invalid where they were read with the issues tRPC names, and stores nothing", async () => {
    await using deps = await createTestDeps();
    const body = JSON.stringify(batch([...EVENTS, { type: 9, data: {}, timestamp: 1 }]));
    const error = await ingestAtEdge(deps, body, true).catch((e: unknown) => e);
    // The domain error `wire-errors.ts` answers as tRPC's 400 that names the field.
    expect(error).toMatchObject({
      code: "BAD_REQUEST",
      cause: { code: "bad_input", issues: [{ path: ["events", 3, "type"] }] },
    });
    expect(await listSessionBatches(deps.db, JSON.parse(body).sessionId)).toEqual([]);
  });
});
