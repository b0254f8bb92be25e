/**
 * Reads a request body under `MAX_BODY_BYTES`, counting bytes as they arrive rather than trusting
 * Content-Length, and gunzips `Content-Encoding: gzip` with the same cap on the output, so a small gzip bomb
 * is stopped after `maxBytes` of output instead of filling memory (SPEC §3: the limit applies to the
 * compressed and the decompressed body). The body's JSON is scanned on the way (`readBodySync`), and an
 * `ingest.batch` body's events are read where it is gunzipped (`BatchReading`), off the event loop when
 * `reader` is a Worker. Every body the collector reads comes through here: tRPC's (`read-batch.ts`) and MCP's.
 */
import {
  type BatchReader,
  type BatchReading,
  inThreadReader,
  readBodySync,
  type ScannedBody,
} from "./batch-reader.ts";

export type RequestBody =
  | ScannedBody
  | { kind: "too_large"; message: string }
  | { kind: "bad_encoding"; message: string };

export async function readRequestBody(
  req: Request,
  maxBytes: number,
  reader: BatchReader = inThreadReader,
  reading?: BatchReading,
): Promise<RequestBody> {
  const encoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "gzip" && encoding !== "identity") {
    return {
      kind: "bad_encoding",
      message: `content-encoding ${encoding} is not supported; send gzip or none`,
    };
  }
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge("body", declared, maxBytes);
  if (!req.body) return readBodySync(new Uint8Array(), null);

  const raw = await readCapped(req.body, maxBytes);
  if (raw.kind !== "ok") return tooLarge("body", raw.seen, maxBytes);
  if (encoding === "identity") return readBodySync(raw.bytes, null, reading);

  // One synchronous zlib call (on the Worker, or here): for a batch-sized body it costs less than a
  // DecompressionStream's chunked round trips.
  const inflated = await reader.readGzipBody(raw.bytes, maxBytes, reading);
  if (inflated.kind === "too_large") return tooLarge("decompressed body", maxBytes + 1, maxBytes);
  if (inflated.kind === "bad_gzip") {
    return { kind: "bad_encoding", message: "body is not valid gzip although content-encoding says gzip" };
  }
  return inflated;
}

function tooLarge(what: string, seen: number, maxBytes: number): RequestBody {
  return {
    kind: "too_large",
    message: `${what} is over the limit of ${maxBytes} bytes (MAX_BODY_BYTES${
      seen > 0 ? `, got at least ${seen}` : ""
    }); send smaller batches`,
  };
}

type Capped = { kind: "ok"; bytes: Uint8Array } | { kind: "too_large"; seen: number };

async function readCapped(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Capped> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return { kind: "too_large", seen: total };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: "ok", bytes };
}
