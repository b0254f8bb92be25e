/**
 * Worker entry (`worker-settle.ts` starts it): reads a settled session's blobs back, analyses and groups it
 * on a thread of its own, so the costly part of settling (blob reads, gunzip, parse, analysis: about 20 ms of
 * CPU for a 10-minute session, `npm run bench -- friction-settle`) never holds the event loop that answers
 * ingest. It has no database connection: the loop on the main thread reads the queue and writes every
 * result, so one connection keeps every write in order (two connections writing to one embedded file made
 * ingest wait on SQLite's lock, and fail with BUSY).
 */
import type { CollectorConfig } from "../../shared/config.ts";
import { createLogger } from "../ops/logger.ts";
import type { SessionFriction } from "../storage/friction-write.ts";
import type { DueSession } from "../storage/settle-queue.ts";
import {
  type AnalyseDeps,
  analyseStoredSession,
  type BatchRefs,
  createSettleSetup,
  createWorkerAnalyseDeps,
  type SettleSetup,
} from "./analyse-session.ts";

export type SettleWorkerCall =
  | { op: "start"; config: CollectorConfig }
  | { op: "analyse"; id: number; session: DueSession; refs: BatchRefs };

export type SettleWorkerAnswer =
  | { op: "log"; line: string }
  | { op: "result"; id: number; friction: SessionFriction | null }
  | { op: "error"; id: number; error: string };

type WorkerScope = {
  addEventListener(type: "message", listener: (event: MessageEvent<SettleWorkerCall>) => void): void;
  postMessage(message: SettleWorkerAnswer): void;
};
const scope = globalThis as unknown as WorkerScope;

let deps: AnalyseDeps | null = null;
let setup: SettleSetup | null = null;

scope.addEventListener("message", async ({ data: call }) => {
  if (call.op === "start") {
    deps = createWorkerAnalyseDeps(
      call.config,
      createLogger((line) => scope.postMessage({ op: "log", line })),
    );
    setup = createSettleSetup(call.config.ROUTE_TEMPLATES);
    return;
  }
  try {
    if (!deps || !setup) throw new Error("the settle worker was not started");
    const friction = await analyseStoredSession(deps, call.session, call.refs, setup);
    scope.postMessage({ op: "result", id: call.id, friction });
  } catch (error) {
    scope.postMessage({
      op: "error",
      id: call.id,
      error: error instanceof Error ? error.message : "unknown",
    });
  }
});
