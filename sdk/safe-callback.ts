/**
 * The one wrapper every listener, observer and timer callback of the SDK goes through, so a bug in the SDK
 * (or in a user hook such as `beforeRecordEvent`) never becomes an uncaught exception in the host page.
 */

/** Receives every error a guarded callback threw, with where it happened. */
export type ErrorSink = (error: unknown, where: string) => void;

/** Wraps callbacks so they catch, count and report instead of throwing. */
export type SafeCallback = {
  /** Returns `fn` wrapped: a throw is reported and the wrapper returns `undefined`. */
  wrap<TArgs extends unknown[], TResult>(
    where: string,
    fn: (...args: TArgs) => TResult,
  ): (...args: TArgs) => TResult | undefined;
  /** Runs `fn` now, reporting a throw instead of propagating it. */
  run<TResult>(where: string, fn: () => TResult): TResult | undefined;
  /** How many errors were caught so far. */
  readonly errorCount: number;
};

/** Creates the safe wrapper; `sink` must not throw either, so it is guarded too. */
export function createSafeCallback(sink: ErrorSink): SafeCallback {
  let errorCount = 0;
  const report = (error: unknown, where: string): void => {
    errorCount++;
    try {
      sink(error, where);
    } catch {
      // The sink is user code (`onError`); there is nowhere left to report its failure.
    }
  };
  const run = <TResult>(where: string, fn: () => TResult): TResult | undefined => {
    try {
      return fn();
    } catch (error) {
      report(error, where);
      return undefined;
    }
  };
  return {
    wrap: (where, fn) => (...args) => run(where, () => fn(...args)),
    run,
    get errorCount() {
      return errorCount;
    },
  };
}
