/**
 * The settle loop with its analysis on a Worker (`settle-worker.ts`): the loop stays on this thread with the
 * one database connection, and hands each session's blob references to the Worker, which answers the rows
 * to write. A session the Worker cannot answer is analysed on this thread instead (`ops/worker-calls.ts`), so
 * the Worker can only take load off the event loop, never lose a session.
 */
import type { CollectorDeps } from "../deps.ts";
import { startWorkerCalls } from "../ops/worker-calls.ts";
import type { SessionFriction } from "../storage/friction-write.ts";
import type { DueSession } from "../storage/settle-queue.ts";
import { type BatchRefs, createSettleSetup } from "./analyse-session.ts";
import { inThreadSettle, type SettleContext, type SettleLoop, startSettleLoop } from "./settle-loop.ts";
import type { SettleWorkerAnswer, SettleWorkerCall } from "./settle-worker.ts";

/**
 * With analysis off the event loop, the loop may keep the Worker busy half the time: on two cores that still
 * leaves ingest's thread and its batch reader Worker a core and a half.
 */
export const WORKER_BUSY_SHARE = 0.5;

export function startWorkerSettle(deps: CollectorDeps): SettleLoop {
  const setup = createSettleSetup(deps.config.ROUTE_TEMPLATES);
  const local = inThreadSettle(deps, setup);
  const start: SettleWorkerCall = { op: "start", config: deps.config };
  const calls = startWorkerCalls<SessionFriction | null>({
    url: new URL("./settle-worker.ts", import.meta.url).href,
    start,
    readReply: (data) => {
      const answer = data as SettleWorkerAnswer;
      if (answer.op === "log") {
        console.error(answer.line);
        return null;
      }
      return answer.op === "error"
        ? { id: answer.id, ok: false }
        : { id: answer.id, ok: true, value: answer.friction };
    },
    onFailure: (error) =>
      deps.log.error("settle worker failed; analysing on the main thread", {
        error: error instanceof Error ? error.message : String(error).slice(0, 200),
      }),
  });

  const analyse = (session: DueSession, refs: BatchRefs): Promise<SessionFriction | null> =>
    calls.call(
      (id): SettleWorkerCall => ({ op: "analyse", id, session, refs: [...refs] }),
      () => local.analyse(session, refs),
    );

  const context: SettleContext = { setup, analyse };
  const loop = startSettleLoop(deps, {
    context,
    busyShare: WORKER_BUSY_SHARE,
    onError: (error) =>
      deps.log.error("settling sessions failed; retrying", {
        error: error instanceof Error ? error.message : "unknown",
      }),
  });
  return {
    drain: loop.drain,
    async stop() {
      await loop.stop();
      calls.stop();
    },
  };
}
