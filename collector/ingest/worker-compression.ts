/**
 * `Compression` on Workers (`compression-worker.ts`), so gunzip, the body scan, the events' parse and the
 * blob's gzip do not hold the event loop: most of a batch's main-thread time. Each call goes to the Worker
 * with the fewest calls waiting. Inputs are copied to the Worker (the caller keeps them, for the fallback
 * below), outputs are transferred back. A call no Worker can answer — none started, it died, or it reported
 * an error — is done on the calling thread instead, so the Workers can only make ingest faster, never refuse
 * a batch.
 */
import {
  type BatchReading,
  type BlobJson,
  type Compression,
  gzipBlobSync,
  inflateBodySync,
  type InflatedBody,
} from "./compression.ts";

type CallBody =
  | { op: "inflate"; bytes: Uint8Array; maxBytes: number; reading?: BatchReading }
  | { op: "gzip"; json: BlobJson };

export type CompressionCall = CallBody & { id: number };

export type CompressionAnswer =
  | { id: number; result: InflatedBody | Uint8Array }
  | { id: number; error: string };

type Pending = { resolve: (result: InflatedBody | Uint8Array) => void; fallback: () => void };

/** One Worker and the calls it has not answered yet. */
type Slot = { worker: Worker; pending: Map<number, Pending> };

/**
 * Two Workers by default, where the machine has the cores: a batch's body is read on one (gunzip, scan, the
 * events' parse and check: 5–8 ms for a large batch), and with one Worker a batch that arrived meanwhile
 * waited for it.
 */
const DEFAULT_WORKERS = Math.min(2, globalThis.navigator?.hardwareConcurrency ?? 1);

export function startWorkerCompression(
  opts: { workers?: number; onError?: (error: unknown) => void } = {},
): { compression: Compression; stop: () => void } {
  const slots: Slot[] = [];
  let nextId = 0;

  const giveUp = (slot: Slot, error: unknown) => {
    slot.worker.terminate();
    const at = slots.indexOf(slot);
    if (at >= 0) slots.splice(at, 1);
    opts.onError?.(error);
    for (const call of slot.pending.values()) call.fallback();
    slot.pending.clear();
  };

  for (let i = 0; i < (opts.workers ?? DEFAULT_WORKERS); i++) {
    let worker: Worker;
    try {
      worker = new Worker(new URL("./compression-worker.ts", import.meta.url).href, { type: "module" });
    } catch (error) {
      opts.onError?.(error);
      break;
    }
    const slot: Slot = { worker, pending: new Map() };
    slots.push(slot);
    worker.addEventListener("message", (event: MessageEvent<CompressionAnswer>) => {
      const answer = event.data;
      const call = slot.pending.get(answer.id);
      if (!call) return;
      slot.pending.delete(answer.id);
      if ("error" in answer) call.fallback();
      else call.resolve(answer.result);
    });
    worker.addEventListener("error", (event) => {
      // Handled here: an unhandled Worker error would stop the whole collector.
      event.preventDefault();
      giveUp(slot, event.error ?? event.message);
    });
  }

  /** The Worker with the fewest calls waiting; null when none is left. */
  const leastBusy = (): Slot | null =>
    slots.reduce<Slot | null>(
      (best, slot) => (!best || slot.pending.size < best.pending.size ? slot : best),
      null,
    );

  function run<TResult extends InflatedBody | Uint8Array>(
    call: CallBody,
    inThread: () => TResult,
  ): Promise<TResult> {
    const slot = leastBusy();
    if (!slot) return Promise.resolve(inThread());
    const id = nextId++;
    return new Promise<TResult>((resolve, reject) => {
      const fallback = () => {
        try {
          resolve(inThread());
        } catch (error) {
          reject(error);
        }
      };
      slot.pending.set(id, { resolve: resolve as Pending["resolve"], fallback });
      try {
        const message: CompressionCall = { ...call, id };
        slot.worker.postMessage(message);
      } catch (error) {
        slot.pending.delete(id);
        giveUp(slot, error);
        fallback();
      }
    });
  }

  return {
    compression: {
      inflateBody: (bytes, maxBytes, reading) =>
        run({ op: "inflate", bytes, maxBytes, reading }, () => inflateBodySync(bytes, maxBytes, reading)),
      gzipBlob: (json) => run({ op: "gzip", json }, () => gzipBlobSync(json)),
    },
    stop: () => {
      for (const slot of slots.splice(0)) {
        slot.worker.terminate();
        for (const call of slot.pending.values()) call.fallback();
        slot.pending.clear();
      }
    },
  };
}
