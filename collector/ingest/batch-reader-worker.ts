/**
 * A `BatchReader` on a Worker (`batch-reader-thread.ts`), so gunzip, the body scan, the events' parse and the
 * blob's gzip do not hold the event loop: most of a batch's main-thread time. Inputs are copied to the worker
 * (the caller keeps them, for the fallback below), outputs are transferred back. A call the worker cannot
 * answer is done on the calling thread instead (`ops/worker-calls.ts`), so the Worker can only make ingest
 * faster, never refuse a batch.
 */
import { startWorkerCalls } from "../ops/worker-calls.ts";
import { type BlobJson, encodeBlob } from "../storage/batch-blob.ts";
import { type BatchReader, type BatchReading, type GzipBodyRead, readGzipBodySync } from "./batch-reader.ts";

type CallBody =
  | { op: "gunzip"; bytes: Uint8Array; maxBytes: number; reading?: BatchReading }
  | { op: "encode"; json: BlobJson };

export type ReaderCall = CallBody & { id: number };

export type ReaderAnswer =
  | { id: number; result: GzipBodyRead | Uint8Array }
  | { id: number; error: string };

export function startBatchReaderWorker(
  opts: { onError?: (error: unknown) => void } = {},
): { reader: BatchReader; stop: () => void } {
  const calls = startWorkerCalls<GzipBodyRead | Uint8Array>({
    url: new URL("./batch-reader-thread.ts", import.meta.url).href,
    readReply: (data) => {
      const answer = data as ReaderAnswer;
      return "error" in answer
        ? { id: answer.id, ok: false }
        : { id: answer.id, ok: true, value: answer.result };
    },
    onFailure: (error) => opts.onError?.(error),
  });
  const run = <TResult extends GzipBodyRead | Uint8Array>(call: CallBody, inThread: () => TResult) =>
    calls.call((id): ReaderCall => ({ ...call, id }), inThread) as Promise<TResult>;

  return {
    reader: {
      readGzipBody: (bytes, maxBytes, reading) =>
        run({ op: "gunzip", bytes, maxBytes, reading }, () => readGzipBodySync(bytes, maxBytes, reading)),
      encodeBlob: (json) => run({ op: "encode", json }, () => encodeBlob(json)),
    },
    stop: calls.stop,
  };
}
