/** `GET /metrics`: Prometheus text (ENABLE_METRICS; a read or admin key when METRICS_REQUIRE_AUTH). */
import type { CollectorDeps } from "../deps.ts";
import { getStorageTotals } from "../storage/sessions.ts";
import { classifyKey, readRequestKey } from "../trpc/auth.ts";
import { CollectorError } from "../errors.ts";
import { errorResponse } from "../wire-errors.ts";

export const METRICS_PATH = "/metrics";

export function createMetricsRoute(deps: CollectorDeps): (req: Request) => Promise<Response> {
  const { config } = deps;
  return async (req) => {
    if (!config.ENABLE_METRICS) {
      return errorResponse(null, new CollectorError("not_found", "metrics are off (ENABLE_METRICS=false)"));
    }
    if (config.METRICS_REQUIRE_AUTH) {
      const found = await classifyKey(config, readRequestKey(req.headers));
      if (found === "none" || found === "unknown") {
        const message = "metrics need a read or admin key in x-rerun-key";
        return errorResponse(null, new CollectorError(found === "none" ? "no_key" : "unknown_key", message));
      }
      if (found === "public") {
        return errorResponse(null, new CollectorError("wrong_key_kind", "a public key cannot read metrics"));
      }
    }
    const totals = await getStorageTotals(deps.db);
    return new Response(deps.metrics.render({ sessions: totals.sessions, storedBytes: totals.storedBytes }), {
      headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
    });
  };
}
