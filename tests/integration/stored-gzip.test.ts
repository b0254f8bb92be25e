/**
 * A batch that ingest leaves as it is is stored as the request's own gzip bytes instead of being gzipped
 * again — and only then: bytes a client adds around its gzip member, a key in the body, or anything redaction
 * changes make the collector write a blob of its own, so no stored byte escapes validation and redaction.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeBatch, postBatch, type RunningCollector, startCollector } from "../helpers/collector.ts";

let collector: RunningCollector;

beforeAll(async () => {
  collector = await startCollector();
});
afterAll(async () => {
  await collector?.stop();
});

const SECRET = "planted.secret@example.com";
const te = new TextEncoder();

/** A batch with nothing for ingest to change: no query strings, no PII, short strings. */
const cleanBatch = () =>
  makeBatch({
    events: Array.from({ length: 200 }, (_, i) => ({
      type: 3,
      data: { source: 2, type: 2, id: i, x: i, y: 2 * i },
      timestamp: 1_700_000_000_000 + i,
    })),
  });

/** The raw bytes of the one blob stored for `sessionId`, as written to the blob folder. */
async function storedBlob(sessionId: string): Promise<Buffer> {
  const entries = await readdir(collector.dataDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith(".gz"))
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => path.includes(sessionId));
  expect(files).toHaveLength(1);
  return await readFile(files[0] as string);
}

async function post(body: Uint8Array, key: string | null = collector.publicKey) {
  return await postBatch(collector, null, {
    rawBody: body,
    key,
    headers: { "content-encoding": "gzip" },
  });
}

describe("stored gzip", () => {
  it("stores a batch ingest leaves as it is under the request's own gzip bytes, with a plain header", async () => {
    const batch = cleanBatch();
    const body = new Uint8Array(gzipSync(JSON.stringify(batch), { level: 9 }));
    expect((await post(body)).status).toBe(200);
    const blob = await storedBlob(batch.sessionId);
    expect([...blob.subarray(0, 10)]).toEqual([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
    expect(blob.subarray(10).equals(body.subarray(10))).toBe(true);
  });

  it("stores none of the bytes a client puts after its gzip member", async () => {
    const batch = cleanBatch();
    const member = gzipSync(JSON.stringify(batch));
    // After a zero byte, gunzip ignores the rest; the trailer copy makes the body end like a valid member.
    const body = new Uint8Array([...member, 0, ...te.encode(SECRET), ...member.subarray(member.length - 8)]);
    expect((await post(body)).status).toBe(200);
    const blob = await storedBlob(batch.sessionId);
    expect(blob.includes(SECRET)).toBe(false);
    expect(JSON.parse(gunzipSync(blob).toString("utf8")).events).toEqual(batch.events);
  });

  it("does not store a key sent in the body, nor a meta field the schema drops", async () => {
    const batch = { ...cleanBatch(), key: collector.publicKey };
    const withKey = { ...batch, meta: { ...batch.meta, note: SECRET } };
    const body = new Uint8Array(gzipSync(JSON.stringify(withKey)));
    expect((await post(body, null)).status).toBe(200);
    const text = gunzipSync(await storedBlob(batch.sessionId)).toString("utf8");
    expect(text).not.toContain(collector.publicKey);
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text).events).toEqual(batch.events);
  });

  it("writes a blob of its own when redaction changes the meta", async () => {
    const batch = cleanBatch();
    const body = new Uint8Array(
      gzipSync(JSON.stringify({ ...batch, meta: { ...batch.meta, userId: SECRET } })),
    );
    expect((await post(body)).status).toBe(200);
    const blob = await storedBlob(batch.sessionId);
    expect(blob.subarray(10).equals(body.subarray(10))).toBe(false);
    expect(gunzipSync(blob).toString("utf8")).not.toContain(SECRET);
  });
});
