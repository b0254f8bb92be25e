/**
 * One run of an async task at a time: a call while it runs joins that run instead of starting another (the
 * transport's drain loop must not send the queue head twice).
 */

/**
 * Returns `task` guarded: a call while it runs gets the running promise; otherwise it starts only when
 * `mayStart()` says so, and resolves at once when not.
 */
export function singleFlight(task: () => Promise<void>, mayStart: () => boolean): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => {
    if (running) return running;
    if (!mayStart()) return Promise.resolve();
    // Reset in a `.finally` callback, which runs after this assignment even when `task` finished
    // synchronously; resetting inside `task` would leave a settled promise here for good.
    const current = task().finally(() => {
      if (running === current) running = null;
    });
    running = current;
    return current;
  };
}
