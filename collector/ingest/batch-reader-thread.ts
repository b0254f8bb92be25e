/**
 * Worker entry (`batch-reader-worker.ts` starts it): reads batch bodies (gunzip, scan, events) and encodes
 * blobs off the event loop. Each message is one call; the answer carries the same `id`, and its
 * output bytes are transferred, not copied.
 */
import { encodeBlob } from "../storage/batch-blob.ts";
import { readGzipBodySync } from "./batch-reader.ts";
import type { ReaderAnswer, ReaderCall } from "./batch-reader-worker.ts";

type WorkerScope = {
  addEventListener(type: "message", listener: (event: MessageEvent<ReaderCall>) => void): void;
  postMessage(message: ReaderAnswer, transfer: Transferable[]): void;
};
const scope = globalThis as unknown as WorkerScope;

/** The bytes in a buffer of their own, so transferring it hands over nothing else. */
function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer;
  return whole ? bytes as Uint8Array<ArrayBuffer> : new Uint8Array(bytes);
}

scope.addEventListener("message", ({ data: call }) => {
  try {
    if (call.op === "gunzip") {
      const result = readGzipBodySync(call.bytes, call.maxBytes, call.reading);
      if (result.kind !== "ok") return scope.postMessage({ id: call.id, result }, []);
      const bytes = ownBuffer(result.bytes);
      const gzip = result.gzip && ownBuffer(result.gzip);
      const read = result.read?.kind === "ok" && result.read.text
        ? { ...result.read, text: ownBuffer(result.read.text) }
        : result.read;
      const text = read?.kind === "ok" ? read.text : null;
      const transfer = [bytes.buffer, ...(gzip ? [gzip.buffer] : []), ...(text ? [text.buffer] : [])];
      scope.postMessage({ id: call.id, result: { ...result, bytes, gzip, read } }, transfer);
    } else {
      const bytes = ownBuffer(encodeBlob(call.json));
      scope.postMessage({ id: call.id, result: bytes }, [bytes.buffer]);
    }
  } catch (error) {
    scope.postMessage({ id: call.id, error: error instanceof Error ? error.name : "unknown" }, []);
  }
});
