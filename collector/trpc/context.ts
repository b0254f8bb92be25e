/**
 * Request context, split so procedures can be tested without HTTP: `createContextInner` takes plain values
 * (tests call it with a key), `createContext` reads them from a Request.
 */
import type { CollectorDeps } from "../deps.ts";
import { readRequestKey } from "./auth.ts";

export type Context = { deps: CollectorDeps; key: string | null };

export function createContextInner(deps: CollectorDeps, opts: { key?: string | null } = {}): Context {
  return { deps, key: opts.key ?? null };
}

export function createContext(req: Request, deps: CollectorDeps): Context {
  return createContextInner(deps, { key: readRequestKey(req.headers) });
}
