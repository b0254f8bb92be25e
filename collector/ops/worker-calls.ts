/**
 * Calls answered by a Worker, each with a way to do the same work on this thread. A call the Worker cannot
 * answer (it failed to start, died, could not take the message, or answered with an error) is done on this
 * thread instead, so a Worker can only take load off the event loop, never lose a call. The batch reader and
 * the settle loop both run this way.
 */

/** What the owner makes of one message from its Worker. */
export type WorkerReply<R> =
  | { id: number; ok: true; value: R }
  | { id: number; ok: false }
  /** Not an answer to a call (a log line the owner handled). */
  | null;

export type WorkerCalls<R> = {
  /** Posts `message` (made with the call's id) and answers the Worker's value, or `inThread()` when it cannot. */
  call(message: (id: number) => unknown, inThread: () => R | Promise<R>): Promise<R>;
  /** Ends the Worker; calls still waiting are done on this thread. */
  stop(): void;
};

type Pending<R> = { resolve: (value: R) => void; fallback: () => void };

export function startWorkerCalls<R>(opts: {
  url: string;
  /** A first message, posted before any call (the Worker's configuration). */
  start?: unknown;
  readReply: (data: unknown) => WorkerReply<R>;
  /** Told once when the Worker fails for good; every later call runs on this thread. */
  onFailure: (error: unknown) => void;
}): WorkerCalls<R> {
  const pending = new Map<number, Pending<R>>();
  let nextId = 0;
  let worker: Worker | null = null;

  const fallBackAll = () => {
    for (const call of pending.values()) call.fallback();
    pending.clear();
  };
  const giveUp = (error: unknown) => {
    worker?.terminate();
    worker = null;
    opts.onFailure(error);
    fallBackAll();
  };

  try {
    worker = new Worker(opts.url, { type: "module" });
    worker.addEventListener("message", (event: MessageEvent<unknown>) => {
      const reply = opts.readReply(event.data);
      if (reply === null) return;
      const call = pending.get(reply.id);
      if (!call) return;
      pending.delete(reply.id);
      if (reply.ok) call.resolve(reply.value);
      else call.fallback();
    });
    worker.addEventListener("error", (event) => {
      // Handled here: an unhandled Worker error would stop the whole collector.
      event.preventDefault();
      giveUp(event.error ?? event.message);
    });
    if (opts.start !== undefined) worker.postMessage(opts.start);
  } catch (error) {
    giveUp(error);
  }

  return {
    call(message, inThread) {
      const active = worker;
      if (!active) {
        try {
          return Promise.resolve(inThread());
        } catch (error) {
          return Promise.reject(error);
        }
      }
      const id = nextId++;
      return new Promise<R>((resolve, reject) => {
        const fallback = () => {
          Promise.resolve().then(inThread).then(resolve, reject);
        };
        pending.set(id, { resolve, fallback });
        try {
          active.postMessage(message(id));
        } catch {
          // This message could not be posted (it cannot be cloned): this call runs here, the Worker stays.
          pending.delete(id);
          fallback();
        }
      });
    },
    stop() {
      worker?.terminate();
      worker = null;
      fallBackAll();
    },
  };
}
