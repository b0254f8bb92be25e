/**
 * A deadline on every storage call. A bucket or remote database that accepts connections and never answers
 * used to hold an ingest request forever: no 503, no log line, and the SDK's one request in flight blocked its
 * whole queue. Each call now gets STORAGE_TIMEOUT_MS; past it the call fails with
 * {@link StorageTimeoutError} (503 + Retry-After on the wire, `storage_unavailable` in refusals) and its
 * `AbortSignal` fires, so an HTTP request to S3 or to a remote libSQL server is cancelled rather than left
 * holding a connection. Outcomes feed {@link DependencyHealth} for `/health`.
 */
import type { DependencyHealth, DependencyName } from "../ops/dependency-health.ts";

export class StorageTimeoutError extends Error {
  override name = "StorageTimeoutError";
  constructor(readonly dependency: DependencyName, readonly timeoutMs: number) {
    super(`the ${dependency === "blobs" ? "blob store" : "database"} did not answer within ${timeoutMs} ms`);
  }
}

export type DeadlineOptions = {
  dependency: DependencyName;
  timeoutMs: number;
  health?: DependencyHealth;
  now: () => number;
  /** An error that is the dependency's own answer (a constraint the database enforced), not its failure. */
  isAnswer?: (error: unknown) => boolean;
};

/** Runs `call` with a deadline; `signal` aborts when it passes, for calls that can cancel their I/O. */
export async function withDeadline<TResult>(
  opts: DeadlineOptions,
  call: (signal: AbortSignal) => Promise<TResult>,
): Promise<TResult> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new StorageTimeoutError(opts.dependency, opts.timeoutMs);
      controller.abort(error);
      reject(error);
    }, opts.timeoutMs);
  });
  try {
    const result = await Promise.race([call(controller.signal), expired]);
    opts.health?.succeeded(opts.dependency, opts.now());
    return result;
  } catch (error) {
    if (opts.isAnswer?.(error)) opts.health?.succeeded(opts.dependency, opts.now());
    else opts.health?.failed(opts.dependency, describeFailure(error), opts.now());
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Whether `error`, or one of its causes, is a missed storage deadline. */
export function findStorageTimeout(error: unknown): StorageTimeoutError | null {
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof StorageTimeoutError) return e;
  }
  return null;
}

/** Name and message only, cut short: never a key, a body or a blob's content. */
function describeFailure(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}
