/**
 * The end both ingest paths share (`accept-batch.ts`, `accept-behavioral.ts`): the blob gzipped on the batch
 * reader's Worker when there is one, written durably, then its row. The row is written only after the blob,
 * so no row names a missing blob; a failure of either is a 503 the SDK retries (`withStorage`), and rewriting
 * the blob on a retry is harmless (same key, same content).
 */
import type { CollectorDeps } from "../deps.ts";
import type { BlobJson } from "../storage/batch-blob.ts";
import { withStorage } from "./batch-limits.ts";
import { inThreadReader } from "./batch-reader.ts";

/** The gzip bytes of a blob's JSON (`encodeBlob`), off the event loop when the Worker runs. */
export function encodeBlobJson(
  deps: Pick<CollectorDeps, "batchReader">,
  json: BlobJson,
): Promise<Uint8Array> {
  return (deps.batchReader ?? inThreadReader).encodeBlob(json);
}

/** Writes the blob, then its row with `writeRow`; answers what `writeRow` answered. */
export async function storeBlobThenRow<TOutcome>(
  deps: Pick<CollectorDeps, "blobs">,
  blob: { key: string; bytes: Uint8Array },
  writeRow: () => Promise<TOutcome>,
): Promise<TOutcome> {
  await withStorage(() => deps.blobs.put(blob.key, blob.bytes));
  return await withStorage(writeRow);
}
