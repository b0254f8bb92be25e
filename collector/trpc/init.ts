/**
 * tRPC is created here once. Procedures are built only from the exports below, each guarded by one named
 * auth middleware (STYLE rule 6):
 *
 * - `ingestProcedure`: public keys (also from the body field `key`, for sendBeacon). A read or admin key is
 *   refused with 403 so a secret key pasted into a web page fails loudly instead of working.
 * - `readProcedure`: read or admin keys; a public key gets 403.
 * - `adminProcedure`: admin keys only.
 *
 * No or unknown key → 401. Errors become wire answers in `../wire-errors.ts` (the formatter names a 400's field).
 */
import { initTRPC } from "@trpc/server";
import { CollectorError } from "../errors.ts";
import { formatTrpcError, toTrpcError } from "../wire-errors.ts";
import { classifyKey, type KeyClass, type KeyKind } from "./auth.ts";
import type { Context } from "./context.ts";

const t = initTRPC.context<Context>().create({ isDev: false, errorFormatter: formatTrpcError });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns domain and unknown errors into wire errors, once, for every procedure. */
const mapErrors = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (!result.ok) throw toTrpcError(result.error, ctx.deps.log, path);
  return result;
});

const baseProcedure = t.procedure.use(mapErrors);

/** "a public", "an admin": key kinds read as English in error messages. */
const withArticle = (kind: string) => `${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind}`;

function refuse(found: KeyClass, allowed: KeyKind[]): never {
  if (found === "none") throw new CollectorError("no_key", "no key: send it in the x-rerun-key header");
  if (found === "unknown") {
    throw new CollectorError("unknown_key", "unknown key: check the key the collector was started with");
  }
  throw new CollectorError(
    "wrong_key_kind",
    `${withArticle(found)} key cannot call this procedure; it needs ${
      allowed.map(withArticle).join(" or ")
    } key`,
  );
}

/**
 * Public ingest keys, from the header or (mutations only) the body field `key`; no key at all is accepted
 * when ALLOW_UNAUTHENTICATED_INGEST.
 */
const isIngestKey = t.middleware(async ({ ctx, next, getRawInput, type }) => {
  let key = ctx.key;
  // Only a mutation's input is a body; a query's input travels in the URL, where keys are never read.
  if (!key && type === "mutation") {
    const raw = await getRawInput().catch(() => undefined);
    const bodyKey = (raw as { key?: unknown } | null | undefined)?.key;
    if (typeof bodyKey === "string" && bodyKey !== "") key = bodyKey;
  }
  const found = await classifyKey(ctx.deps.config, key);
  if (found === "public") return next({ ctx: { keyKind: found } });
  const unauthenticatedAllowed = ctx.deps.config.ALLOW_UNAUTHENTICATED_INGEST &&
    (found === "none" || found === "unknown");
  if (unauthenticatedAllowed) return next({ ctx: { keyKind: "unauthenticated" as const } });
  return refuse(found, ["public"]);
});

const isReadKey = t.middleware(async ({ ctx, next }) => {
  const found = await classifyKey(ctx.deps.config, ctx.key);
  if (found === "read" || found === "admin") return next({ ctx: { keyKind: found } });
  return refuse(found, ["read", "admin"]);
});

const isAdminKey = t.middleware(async ({ ctx, next }) => {
  const found = await classifyKey(ctx.deps.config, ctx.key);
  if (found === "admin") return next({ ctx: { keyKind: found } });
  return refuse(found, ["admin"]);
});

export const ingestProcedure = baseProcedure.use(isIngestKey);
export const readProcedure = baseProcedure.use(isReadKey);
export const adminProcedure = baseProcedure.use(isAdminKey);
