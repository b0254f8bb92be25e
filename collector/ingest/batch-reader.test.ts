import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "../../shared/limits.ts";
import { inThreadReader, readGzipBodySync } from "./batch-reader.ts";
import { startBatchReaderWorker } from "./batch-reader-worker.ts";

const json = JSON.stringify({ events: [{ type: 4, data: { href: "https://a.example/" }, timestamp: 1 }] });
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const nested = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

describe("readGzipBodySync", () => {
  it("gunzips a body and finds its JSON shallow enough", () => {
    const out = readGzipBodySync(gzipSync(json), 10_000);
    expect(out.kind === "ok" && text(out.bytes)).toBe(json);
    expect(out.kind === "ok" && out.tooDeep).toBe(false);
  });

  it("says when the JSON nests deeper than MAX_JSON_DEPTH", () => {
    const out = readGzipBodySync(gzipSync(nested(MAX_JSON_DEPTH + 1)), 1_000_000);
    expect(out.kind === "ok" && out.tooDeep).toBe(true);
  });

  it("stops a body that inflates over the cap, and refuses bytes that are not gzip", () => {
    expect(readGzipBodySync(gzipSync("x".repeat(100_000)), 1_000).kind).toBe("too_large");
    expect(readGzipBodySync(new TextEncoder().encode("not gzip"), 1_000).kind).toBe("bad_gzip");
  });
});

describe("readGzipBodySync's storable gzip", () => {
  const gzipped = () => new Uint8Array(gzipSync(json));
  const withFileName = () => {
    // FLG.FNAME (RFC 1952 §2.3.1): a zero-terminated name between the header and the deflate data.
    const plain = gzipped();
    const name = new TextEncoder().encode("secret@example.com\0");
    const out = new Uint8Array([...plain.subarray(0, 10), ...name, ...plain.subarray(10)]);
    out[3] = 0x08;
    return out;
  };
  const cases: Array<[string, () => Uint8Array]> = [
    [
      "bytes after the member that start with a zero",
      () => new Uint8Array([...gzipped(), 0, ...new TextEncoder().encode("secret@example.com")]),
    ],
    ["bytes after the member that end in the member's own trailer", () => {
      const plain = gzipped();
      const secret = new TextEncoder().encode("secret@example.com");
      return new Uint8Array([...plain, 0, ...secret, ...plain.subarray(plain.length - 8)]);
    }],
    ["a second member", () => new Uint8Array([...gzipped(), ...gzipSync("  ")])],
    ["a file name in the header", withFileName],
  ];

  it("gives one plain member's own bytes, under a header with no time and no OS", () => {
    const body = gzipped();
    body.set([1, 2, 3, 4, 0, 3], 4); // MTIME, XFL, OS: six bytes a client chooses
    const out = readGzipBodySync(body, 10_000);
    if (out.kind !== "ok" || !out.gzip) throw new Error("expected storable gzip bytes");
    expect([...out.gzip.subarray(0, 10)]).toEqual([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
    expect([...out.gzip.subarray(10)]).toEqual([...body.subarray(10)]);
    expect(gunzipSync(out.gzip).toString("utf8")).toBe(json);
  });

  it.each(cases)("reads but gives no gzip to store for %s", (_name, make) => {
    const out = readGzipBodySync(make(), 10_000);
    expect(out.kind === "ok" && text(out.bytes).trim()).toBe(json);
    expect(out.kind === "ok" && out.gzip).toBeNull();
  });

  it("refuses a member whose checksum is wrong, as gunzip does", () => {
    const badCrc = gzipped();
    badCrc.set([(badCrc.at(-8) ?? 0) ^ 0xff], badCrc.length - 8);
    expect(readGzipBodySync(badCrc, 10_000).kind).toBe("bad_gzip");
  });
});

describe("startBatchReaderWorker", () => {
  it("does the work on the calling thread when no Worker can start, with the same results", async () => {
    // vitest runs under Node, which has no web Worker: the constructor throws and every call falls back.
    const errors: unknown[] = [];
    const { reader, stop } = startBatchReaderWorker({ onError: (error) => errors.push(error) });
    try {
      expect(errors).toHaveLength(1);
      const body = gzipSync(json);
      expect(await reader.readGzipBody(body, 10_000)).toEqual(
        await inThreadReader.readGzipBody(body, 10_000),
      );
      expect(await reader.readGzipBody(body, 10)).toEqual({ kind: "too_large" });
      expect(gunzipSync(await reader.encodeBlob(json)).toString("utf8")).toBe(json);
    } finally {
      stop();
    }
  });
});
