/**
 * The blob store and the libSQL client with a deadline on every call (`deadline.ts`). Wrapped once, where
 * they are made (`main.ts`), so no query or blob call anywhere can wait longer than STORAGE_TIMEOUT_MS.
 */
import type { Client } from "@libsql/client/web";
import type { DependencyHealth } from "../ops/dependency-health.ts";
import type { BlobStore } from "./blobs/blob-store.ts";
import { type DeadlineOptions, withDeadline } from "./deadline.ts";

export type GuardOptions = { timeoutMs: number; health?: DependencyHealth; now: () => number };

export function guardBlobStore(store: BlobStore, opts: GuardOptions): BlobStore {
  const deadline: DeadlineOptions = { ...opts, dependency: "blobs" };
  const list = store.list?.bind(store);
  return {
    put: (key, bytes) => withDeadline(deadline, (signal) => store.put(key, bytes, signal)),
    get: (key) => withDeadline(deadline, (signal) => store.get(key, signal)),
    delete: (key) => withDeadline(deadline, (signal) => store.delete(key, signal)),
    ...(list ? { list: (prefix: string) => withDeadline(deadline, () => list(prefix)) } : {}),
  };
}

/**
 * The client's calls that reach the database; `close` and the rest pass through, and so does `migrate`: a data
 * migration over a large database may take longer than any request should.
 */
const CLIENT_CALLS = new Set(["execute", "batch", "executeMultiple", "transaction", "sync"]);

/**
 * A libSQL client whose every call has the deadline. For a remote database the HTTP request itself is also
 * cut at the deadline (`deadlineFetch`); an embedded file database cannot be cancelled, only left behind.
 */
export function guardDatabaseClient(client: Client, opts: GuardOptions): Client {
  const deadline: DeadlineOptions = { ...opts, dependency: "database", isAnswer: isDatabaseAnswer };
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      if (typeof property !== "string" || !CLIENT_CALLS.has(property)) return value.bind(target);
      return (...args: unknown[]) =>
        isMaintenance(args[0])
          ? value.apply(target, args)
          : withDeadline(deadline, () => value.apply(target, args));
    },
  });
}

/**
 * `VACUUM` and the WAL checkpoint after a deletion (`purgeFreedPages`) rewrite the whole file: on a large
 * database they take longer than any request should, and an embedded database cannot cancel them, so cutting
 * them at the deadline would only make every retry start another.
 */
function isMaintenance(statement: unknown): boolean {
  const text = typeof statement === "string" ? statement : (statement as { sql?: unknown } | null)?.sql;
  return typeof text === "string" && /^\s*(VACUUM|PRAGMA\s+wal_checkpoint)\b/i.test(text);
}

/** A `fetch` for `@libsql/client/web` whose requests are aborted after `timeoutMs`. */
export function deadlineFetch(timeoutMs: number): (request: Request) => Promise<Response> {
  return (request) => fetch(request, { signal: AbortSignal.timeout(timeoutMs) });
}

/**
 * The database answered, refusing a statement: a unique index deciding a duplicate, or the trigger that keeps a
 * session in its app. It is working, so these do not make it `degraded`.
 */
function isDatabaseAnswer(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? "");
    const message = String((e as { message?: unknown }).message ?? "");
    if (
      code.startsWith("SQLITE_CONSTRAINT") || /UNIQUE constraint failed|session_app_mismatch/.test(message)
    ) {
      return true;
    }
  }
  return false;
}
