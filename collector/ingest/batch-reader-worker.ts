/**
 * A `BatchReader` on a Worker (`batch-reader-thread.ts`), so gunzip, the body scan, the events' parse and the
 * blob's gzip do not hold the event loop: most of a batch's main-thread time. Inputs are copied to the worker
 * (the caller keeps them, for the fallback below), outputs are transferred back. A call the worker cannot
 * answer — it failed to start, it died, or it reported an error — is done on the calling thread instead, so
 * the Worker can only make ingest faster, never refuse a batch.
 */
import { type BlobJson, encodeBlob } from "../storage/batch-blob.ts";
import { type BatchReader, type BatchReading, type GzipBodyRead, readGzipBodySync } from "./batch-reader.ts";

type CallBody =
  | { op: "gunzip"; bytes: Uint8Array; maxBytes: number; reading?: BatchReading }
  | { op: "encode"; json: BlobJson };

export type ReaderCall = CallBody & { id: number };

export type ReaderAnswer =
  | { id: number; result: GzipBodyRead | Uint8Array }
  | { id: number; error: string };

type Pending = { resolve: (result: GzipBodyRead | Uint8Array) => void; fallback: () => void };

export function startBatchReaderWorker(
  opts: { onError?: (error: unknown) => void } = {},
): { reader: BatchReader; stop: () => void } {
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let worker: Worker | null = null;

  const giveUp = (error: unknown) => {
    worker?.terminate();
    worker = null;
    opts.onError?.(error);
    for (const call of pending.values()) call.fallback();
    pending.clear();
  };

  try {
    worker = new Worker(new URL("./batch-reader-thread.ts", import.meta.url).href, { type: "module" });
    worker.addEventListener("message", (event: MessageEvent<ReaderAnswer>) => {
      const answer = event.data;
      const call = pending.get(answer.id);
      if (!call) return;
      pending.delete(answer.id);
      if ("error" in answer) call.fallback();
      else call.resolve(answer.result);
    });
    worker.addEventListener("error", (event) => {
      // Handled here: an unhandled Worker error would stop the whole collector.
      event.preventDefault();
      giveUp(event.error ?? event.message);
    });
  } catch (error) {
    giveUp(error);
  }

  function run<TResult extends GzipBodyRead | Uint8Array>(
    call: CallBody,
    inThread: () => TResult,
  ): Promise<TResult> {
    if (!worker) return Promise.resolve(inThread());
    const id = nextId++;
    const active = worker;
    return new Promise<TResult>((resolve, reject) => {
      const fallback = () => {
        try {
          resolve(inThread());
        } catch (error) {
          reject(error);
        }
      };
      pending.set(id, { resolve: resolve as Pending["resolve"], fallback });
      try {
        const message: ReaderCall = { ...call, id };
        active.postMessage(message);
      } catch (error) {
        pending.delete(id);
        giveUp(error);
        fallback();
      }
    });
  }

  return {
    reader: {
      readGzipBody: (bytes, maxBytes, reading) =>
        run({ op: "gunzip", bytes, maxBytes, reading }, () => readGzipBodySync(bytes, maxBytes, reading)),
      encodeBlob: (json) => run({ op: "encode", json }, () => encodeBlob(json)),
    },
    stop: () => {
      worker?.terminate();
      worker = null;
      for (const call of pending.values()) call.fallback();
      pending.clear();
    },
  };
}
