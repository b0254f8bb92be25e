/**
 * The settle loop with its analysis on a Worker (`settle-worker.ts`): the loop stays on this thread with the
 * one database connection, and hands each session's blob references to the Worker, which answers the rows
 * to write. A session the Worker cannot answer (it failed to start, died, or threw) is analysed on this
 * thread instead, so the Worker can only take load off the event loop, never lose a session.
 */
import type { CollectorDeps } from "../deps.ts";
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

type Pending = { resolve: (friction: SessionFriction | null) => void; fallback: () => void };

export function startWorkerSettle(deps: CollectorDeps): SettleLoop {
  const setup = createSettleSetup(deps.config.ROUTE_TEMPLATES);
  const local = inThreadSettle(deps, setup);
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let worker: Worker | null = null;

  const giveUp = (error: unknown) => {
    worker?.terminate();
    worker = null;
    deps.log.error("settle worker failed; analysing on the main thread", {
      error: error instanceof Error ? error.message : String(error).slice(0, 200),
    });
    for (const call of pending.values()) call.fallback();
    pending.clear();
  };

  try {
    worker = new Worker(new URL("./settle-worker.ts", import.meta.url).href, { type: "module" });
    worker.addEventListener("message", (event: MessageEvent<SettleWorkerAnswer>) => {
      const answer = event.data;
      if (answer.op === "log") return void console.error(answer.line);
      const call = pending.get(answer.id);
      if (!call) return;
      pending.delete(answer.id);
      if (answer.op === "error") call.fallback();
      else call.resolve(answer.friction);
    });
    worker.addEventListener("error", (event) => {
      // Handled here: an unhandled Worker error would stop the whole collector.
      event.preventDefault();
      giveUp(event.error ?? event.message);
    });
    const start: SettleWorkerCall = { op: "start", config: deps.config };
    worker.postMessage(start);
  } catch (error) {
    giveUp(error);
  }

  const analyse = (session: DueSession, refs: BatchRefs): Promise<SessionFriction | null> => {
    const active = worker;
    if (!active) return local.analyse(session, refs);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const fallback = () => local.analyse(session, refs).then(resolve, reject);
      pending.set(id, { resolve, fallback });
      const call: SettleWorkerCall = { op: "analyse", id, session, refs: [...refs] };
      try {
        active.postMessage(call);
      } catch {
        pending.delete(id);
        fallback();
      }
    });
  };

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
      worker?.terminate();
      worker = null;
    },
  };
}
