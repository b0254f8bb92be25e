/**
 * The body of `GET /health`. Always 200 while the process serves requests (liveness), with `status`
 * `degraded` and the detail when the database or the blob store failed or missed its deadline
 * (`dependency-health.ts`). It answers at once from what storage calls found; when nothing has touched a
 * dependency for {@link PROBE_AFTER_MS}, it starts a cheap probe in the background (`select 1`, a read of a
 * blob that does not exist), whose outcome the next `/health` shows — a liveness check must not wait on a
 * frozen dependency (orchestrators give it about a second).
 */
import { sql } from "drizzle-orm";
import type { BlobStore } from "../storage/blobs/blob-store.ts";
import type { Database } from "../storage/db.ts";
import { DEPENDENCY_NAMES, type DependencyHealth, type DependencyName } from "./dependency-health.ts";

/** A dependency nothing has touched for this long is probed when `/health` is asked. */
export const PROBE_AFTER_MS = 5_000;
/** A valid blob key that no batch can have (no sequence is named `health`); a read of it answers null. */
const PROBE_BLOB_KEY = "health_probe/health_probe/health_probe/0.json.gz";

export type HealthBody = {
  ok: true;
  status: "ok" | "degraded";
  dependencies: Record<DependencyName, { status: "ok" | "degraded"; since?: string; detail?: string }>;
};

export function createHealthReport(
  deps: { db: Database; blobs: BlobStore; health: DependencyHealth; now: () => number },
): () => HealthBody {
  const probing = new Set<DependencyName>();
  const probe = (name: DependencyName) => {
    if (probing.has(name)) return;
    probing.add(name);
    // The guarded storage reports the outcome to `deps.health`; the error itself is already counted there.
    const call = name === "database" ? deps.db.run(sql`select 1`) : deps.blobs.get(PROBE_BLOB_KEY);
    void Promise.resolve(call).catch(() => undefined).finally(() => probing.delete(name));
  };
  return () => {
    const now = deps.now();
    const states = deps.health.states();
    const dependencies = {} as HealthBody["dependencies"];
    for (const name of DEPENDENCY_NAMES) {
      const state = states[name];
      if (state.checkedAt === null || now - state.checkedAt > PROBE_AFTER_MS) probe(name);
      dependencies[name] = state.status === "ok"
        ? { status: "ok" }
        : { status: "degraded", since: new Date(state.since).toISOString(), detail: state.detail };
    }
    const degraded = DEPENDENCY_NAMES.some((name) => dependencies[name].status === "degraded");
    return { ok: true, status: degraded ? "degraded" : "ok", dependencies };
  };
}
