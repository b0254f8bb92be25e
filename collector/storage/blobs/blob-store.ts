/**
 * Where raw batches live: one gzip blob per batch. Implementations: `fs-store.ts` (local folder), later S3.
 * Keys are `<appId>/<sessionId>/<windowId>/<sequence>.json.gz`, built only by {@link batchBlobKey} from
 * validated ids.
 */
import { APP_ID_PATTERN, ID_PATTERN } from "../../../shared/ids.ts";

/**
 * `signal`, when given, aborts the call's I/O where the store can (an HTTP request to S3); the caller's
 * deadline (`storage/deadline.ts`) fires it.
 */
export interface BlobStore {
  /** Stores `bytes` durably under `key`; resolves only once a crash can no longer lose them. */
  put(key: string, bytes: Uint8Array, signal?: AbortSignal): Promise<void>;
  /** The stored bytes, or null when there is no such blob. */
  get(key: string, signal?: AbortSignal): Promise<Uint8Array | null>;
  delete(key: string, signal?: AbortSignal): Promise<void>;
  list?(prefix: string): Promise<string[]>;
}

const BLOB_KEY_PATTERN =
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\/[A-Za-z0-9_-]{8,64}\/[A-Za-z0-9_-]{8,64}\/(?:behavioral-)?\d{1,16}\.json\.gz$/;

/** Builds the blob key of one batch; throws if any id is malformed, so no unchecked id reaches a path. */
export function batchBlobKey(
  ref: { appId: string; sessionId: string; windowId: string; sequence: number },
): string {
  const checks: Array<[string, RegExp]> = [
    [ref.appId, APP_ID_PATTERN],
    [ref.sessionId, ID_PATTERN],
    [ref.windowId, ID_PATTERN],
  ];
  for (const [id, pattern] of checks) {
    if (!pattern.test(id)) {
      throw new Error(`refusing to build a blob key from a malformed id ${JSON.stringify(id)}`);
    }
  }
  if (!Number.isSafeInteger(ref.sequence) || ref.sequence < 0) {
    throw new Error(`refusing to build a blob key from sequence ${ref.sequence}`);
  }
  return `${ref.appId}/${ref.sessionId}/${ref.windowId}/${ref.sequence}.json.gz`;
}

/** Builds the blob key of one behavioral batch, beside the session's recording batches. */
export function behavioralBlobKey(
  ref: { appId: string; sessionId: string; windowId: string; sequence: number },
): string {
  return batchBlobKey(ref).replace(/\/(\d+)\.json\.gz$/, "/behavioral-$1.json.gz");
}

/** Whether `key` has the only shape a blob key may have (checked again before any path is built). */
export function isValidBlobKey(key: string): boolean {
  return BLOB_KEY_PATTERN.test(key);
}
