/** Refusing a request at the edge, and counting refused ingest requests by reason for `admin.refusals`. */
import type { CollectorDeps } from "../deps.ts";
import type { CollectorError } from "../errors.ts";
import type { RefusalReason } from "../ops/refusals.ts";
import { refusalReasonOf, trpcErrorResponse } from "../wire-errors.ts";
import type { Call } from "./call.ts";

export type EdgeRefusals = {
  /** Answers a check that failed before tRPC ran, counting it when it refused an ingest request. */
  refuse(call: Call, error: CollectorError): Response;
  /** Counts a refused ingest request, without its content. */
  record(call: Call, reason: RefusalReason, appId: unknown): void;
};

export function createEdgeRefusals(deps: Pick<CollectorDeps, "refusals" | "metrics" | "now">): EdgeRefusals {
  const record = (call: Call, reason: RefusalReason, appId: unknown) => {
    deps.refusals.record({ reason, origin: call.req.headers.get("origin"), appId }, deps.now());
    deps.metrics.countRefusal(reason);
  };
  return {
    record,
    refuse: (call, error) => {
      const reason = refusalReasonOf(error);
      if (call.ingest && reason) record(call, reason, null);
      return trpcErrorResponse(call.url, error);
    },
  };
}
