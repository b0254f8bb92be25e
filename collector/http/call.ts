/** One request as the edge's routes see it. */
import { readRequestKey } from "../trpc/auth.ts";

/** What Deno.serve passes as the handler's second argument; only the peer address is used. */
export type ClientInfo = { remoteAddr?: { hostname?: string } };

/** A request, its parsed URL, its peer, and whether it calls an `ingest.*` procedure (refusals are counted). */
export type Call = { req: Request; url: URL; info: ClientInfo | undefined; ingest: boolean };

/** The peer address, or "unknown" (tests, an adapter that does not say). */
export function addressOf(call: Pick<Call, "info">): string {
  return call.info?.remoteAddr?.hostname ?? "unknown";
}

/** Who a rate limit counts: the peer address and the key presented (cut short). */
export function clientOf(call: Pick<Call, "req" | "info">): string {
  return `${addressOf(call)}|${(readRequestKey(call.req.headers) ?? "").slice(0, 200)}`;
}
