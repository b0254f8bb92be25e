/**
 * `/trpc/*`: rate limit by namespace, then the body read and checked (`ingest/read-batch.ts`), then tRPC
 * (ingest.*, replays.*, admin.*, friction.*). Refused ingest calls are counted by reason, whether the edge or a
 * procedure refused them.
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { CollectorDeps } from "../deps.ts";
import { readTrpcBody, type TrpcBody } from "../ingest/read-batch.ts";
import type { RateLimiter } from "../ops/rate-limit.ts";
import { appRouter } from "../router.ts";
import { classifyKey, readRequestKey } from "../trpc/auth.ts";
import { createContext } from "../trpc/context.ts";
import { refusalReasonOf, trpcResponseMeta } from "../wire-errors.ts";
import { type Call, clientOf } from "./call.ts";
import { rateLimited } from "./guards.ts";
import type { EdgeRefusals } from "./refusals.ts";

export type NamespaceLimiters = { ingest: RateLimiter; admin: RateLimiter; read: RateLimiter };

export function createTrpcRoute(
  deps: CollectorDeps,
  opts: { limiters: NamespaceLimiters; refusals: EdgeRefusals },
): (call: Call) => Promise<Response> {
  const { config } = deps;
  const { limiters, refusals } = opts;

  return async (call) => {
    const { req, url } = call;
    const procedure = url.pathname.slice("/trpc/".length);
    const limiter = procedure.startsWith("ingest.")
      ? limiters.ingest
      : procedure.startsWith("admin.")
      ? limiters.admin
      : limiters.read;
    const decision = limiter.check(clientOf(call), deps.now());
    if (decision.kind === "limited") return refusals.refuse(call, rateLimited(decision));
    // A fresh Request without the original's abort signal: Deno's legacy signal semantics abort it on every
    // completed response and warn when it is read, and tRPC has no long-running work to cancel here.
    let trpcReq = new Request(req.url, { method: req.method, headers: req.headers });
    let body: Extract<TrpcBody, { kind: "ok" }> | null = null;
    if (req.method === "POST") {
      // Only an unbatched call's input is the whole body; in a batch (`?batch=1`) it is one entry of it.
      const wholeBatch = procedure === "ingest.batch" && url.searchParams.get("batch") === null;
      // The events are parsed before the procedure checks the key only when the header carries a public key:
      // a request that will be refused is not parsed.
      const read = await readTrpcBody(req, {
        config,
        reader: deps.batchReader,
        batch: wholeBatch
          ? { readEvents: await classifyKey(config, readRequestKey(req.headers)) === "public" }
          : undefined,
      });
      if (read.kind === "refused") return refusals.refuse(call, read.error);
      body = read;
      const headers = new Headers(req.headers);
      headers.delete("content-encoding");
      headers.delete("content-length");
      headers.set("content-type", "application/json");
      trpcReq = new Request(req.url, {
        method: "POST",
        headers,
        body: body.json as Uint8Array<ArrayBuffer> | null,
      });
    }
    const edgeInput = body?.edgeInput;
    const response = await fetchRequestHandler({
      endpoint: "/trpc",
      req: trpcReq,
      router: appRouter,
      createContext: () => createContext(trpcReq, deps, edgeInput),
      responseMeta: trpcResponseMeta,
      onError: ({ error, path, input }) => {
        if (!call.ingest && !path?.startsWith("ingest.")) return;
        const reason = refusalReasonOf(error);
        if (!reason) return;
        // Auth runs before input parsing, so `input` is often unset: fall back to the appId the edge read, or
        // to a bounded peek at the body.
        const appId = (input as { appId?: unknown } | undefined)?.appId ?? body?.appId ??
          peekAppId(body?.bytes ?? null);
        refusals.record(call, reason, appId);
      },
    });
    return response;
  };
}

/** Looks for `"appId":"<id>"` in the first few KB of a JSON body, without parsing all of it. */
function peekAppId(body: Uint8Array | null): string | null {
  if (!body) return null;
  const head = new TextDecoder().decode(body.subarray(0, 4096));
  return head.match(/"appId"\s*:\s*"([A-Za-z0-9][A-Za-z0-9._-]{0,63})"/)?.[1] ?? null;
}
