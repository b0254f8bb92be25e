/**
 * `Compression` on a Worker (`compression-worker.ts`), so gunzip, the body scan, the events' parse and the
 * blob's gzip do not hold the event loop: most of a batch's main-thread time. Inputs are copied to the worker
 * (the caller keeps them, for the fallback below), outputs are transferred back. A call the worker cannot
 * answer — it failed to start, it died, or it reported an error — is done on the calling thread instead, so
 * the Worker can only make ingest faster, never refuse a batch.
 */
import { type BlobJson, encodeBlob } from "../storage/batch-blob.ts";
import { type BatchReading, type Compression, inflateBodySync, type InflatedBody } from "./compression.ts";

type CallBody =
  | { op: "inflate"; bytes: Uint8Array; maxBytes: number; reading?: BatchReading }
  | { op: "gzip"; json: BlobJson };

export type CompressionCall = CallBody & { id: number };

export type CompressionAnswer =
  | { id: number; result: InflatedBody | Uint8Array }
  | { id: number; error: string };

type Pending = { resolve: (result: InflatedBody | Uint8Array) => void; fallback: () => void };

export function startWorkerCompression(
  opts: { onError?: (error: unknown) => void } = {},
): { compression: Compression; stop: () => void } {
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
    worker = new Worker(new URL("./compression-worker.ts", import.meta.url).href, { type: "module" });
    worker.addEventListener("message", (event: MessageEvent<CompressionAnswer>) => {
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

  function run<TResult extends InflatedBody | Uint8Array>(
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
        const message: CompressionCall = { ...call, id };
        active.postMessage(message);
      } catch (error) {
        pending.delete(id);
        giveUp(error);
        fallback();
      }
    });
  }

  return {
    compression: {
      inflateBody: (bytes, maxBytes, reading) =>
        run({ op: "inflate", bytes, maxBytes, reading }, () => inflateBodySync(bytes, maxBytes, reading)),
      gzipBlob: (json) => run({ op: "gzip", json }, () => encodeBlob(json)),
    },
    stop: () => {
      worker?.terminate();
      worker = null;
      for (const call of pending.values()) call.fallback();
      pending.clear();
    },
  };
}
