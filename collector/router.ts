/**
 * The collector's tRPC router, assembled once. Clients (CLI, site build, MCP bridge) import only
 * `type AppRouter`; tests and in-process callers use `createCaller`.
 */
import { ingestRouter } from "./ingest/router.ts";
import { adminRouter } from "./read/admin.ts";
import { frictionRouter } from "./read/friction.ts";
import { replaysRouter } from "./read/replays.ts";
import { createCallerFactory, router } from "./trpc/init.ts";

export const appRouter = router({
  ingest: ingestRouter,
  replays: replaysRouter,
  admin: adminRouter,
  friction: frictionRouter,
});

export type AppRouter = typeof appRouter;

/** In-process caller: `createCaller(createContextInner(deps, { key }))`. */
export const createCaller = createCallerFactory(appRouter);
