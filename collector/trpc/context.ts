/**
 * Request context, split so procedures can be tested without HTTP: `createContextInner` takes plain values
 * (tests call it with a key), `createContext` reads them from a Request.
 */
import type { CollectorDeps } from "../deps.ts";
import { readRequestKey } from "./auth.ts";

export type Context = {
  deps: CollectorDeps;
  key: string | null;
  /**
   * What the HTTP edge already read of the body, for a procedure that takes it as its raw input instead of
   * the JSON tRPC parses (`ingest.batch`: `ingest/read-batch.ts`, which checks it).
   */
  edgeInput?: unknown;
};

export function createContextInner(
  deps: CollectorDeps,
  opts: { key?: string | null; edgeInput?: unknown } = {},
): Context {
  return {
    deps,
    key: opts.key ?? null,
    ...(opts.edgeInput === undefined ? {} : { edgeInput: opts.edgeInput }),
  };
}

export function createContext(req: Request, deps: CollectorDeps, edgeInput?: unknown): Context {
  return createContextInner(deps, { key: readRequestKey(req.headers), edgeInput });
}
