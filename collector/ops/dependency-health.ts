/**
 * What `/health` says about the collector's two dependencies, the database and the blob store. Every storage
 * call reports its outcome here (`storage/deadline.ts`); a call that failed or did not answer within
 * STORAGE_TIMEOUT_MS makes the dependency `degraded` until a later call succeeds. `/health` stays 200 — the
 * process is alive and answers 503 + Retry-After on the calls that need the dependency — and names the
 * degraded dependency and why, so an operator sees a frozen bucket before the SDK's queues fill.
 *
 * A state change is logged once (not once per request), so a 40 s freeze is one error line and one recovery
 * line, plus the per-request `storage unavailable` lines of `wire-errors.ts`.
 */
import type { Logger } from "./logger.ts";

export type DependencyName = "database" | "blobs";
export const DEPENDENCY_NAMES: readonly DependencyName[] = ["database", "blobs"];

export type DependencyState =
  | { status: "ok"; checkedAt: number | null }
  | { status: "degraded"; since: number; detail: string; checkedAt: number };

export type DependencyHealth = {
  succeeded(name: DependencyName, at: number): void;
  failed(name: DependencyName, detail: string, at: number): void;
  states(): Record<DependencyName, DependencyState>;
};

export function createDependencyHealth(log?: Pick<Logger, "info" | "error">): DependencyHealth {
  const states: Record<DependencyName, DependencyState> = {
    database: { status: "ok", checkedAt: null },
    blobs: { status: "ok", checkedAt: null },
  };
  return {
    succeeded(name, at) {
      const was = states[name];
      if (was.status === "degraded") {
        log?.info("dependency answers again", { dependency: name, degradedForMs: at - was.since });
      }
      states[name] = { status: "ok", checkedAt: at };
    },
    failed(name, detail, at) {
      const was = states[name];
      if (was.status === "ok") log?.error("dependency degraded", { dependency: name, detail });
      states[name] = {
        status: "degraded",
        since: was.status === "degraded" ? was.since : at,
        detail,
        checkedAt: at,
      };
    },
    states: () => ({ ...states }),
  };
}
