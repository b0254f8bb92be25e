/**
 * What a full snapshot costs the page's main thread, read from a Chromium trace: every task the renderer's
 * main thread ran between two `performance.mark`s (set when the Meta and the FullSnapshot events reach
 * `beforeRecordEvent`). Since the first snapshot is serialized in slices, the time between the two events
 * is no longer the work: the page's own tasks and idle gaps run between slices. The trace says both what
 * the main thread was busy with in that window (summed) and the longest single task.
 */

/** The fields of a Chrome trace event this module reads (Trace Event Format). */
export type TraceEvent = {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
};

/** The marks the bench page sets (`bench/flow-page.ts`). */
export const SNAPSHOT_MARKS = { meta: "rerun-meta", fullSnapshot: "rerun-full-snapshot" } as const;

/** Names Chromium gives a main-thread task in the `toplevel` category. */
const TASK_NAMES: ReadonlySet<string> = new Set(["ThreadControllerImpl::RunTask", "RunTask"]);

export type SnapshotWork = {
  /** Meta → FullSnapshot, wall clock. */
  wallMs: number;
  /** Main-thread task time inside that window (tasks cut at its edges). */
  busyMs: number;
  /** The longest task that overlaps the window, whole. */
  longestTaskMs: number;
  /** Tasks over 1 ms that overlap the window. */
  tasks: number;
};

/**
 * Reads {@link SnapshotWork} from `events`, on the thread that set the marks; `null` when a mark is missing.
 * Tasks nested in another task (a nested run loop) count once, as part of the outer one.
 */
export function snapshotWork(events: readonly TraceEvent[]): SnapshotWork | null {
  const meta = events.find((e) => e.name === SNAPSHOT_MARKS.meta);
  const full = events.find((e) => e.name === SNAPSHOT_MARKS.fullSnapshot);
  if (!meta || !full) return null;
  const tasks = events
    .filter((e) =>
      e.ph === "X" && TASK_NAMES.has(e.name) && e.pid === meta.pid && e.tid === meta.tid && (e.dur ?? 0) > 0
    )
    .sort((a, b) => a.ts - b.ts);
  let busyUs = 0;
  let longestUs = 0;
  let count = 0;
  let coveredUntil = -Infinity;
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    if (end <= coveredUntil) continue;
    coveredUntil = end;
    if (end <= meta.ts || task.ts >= full.ts) continue;
    busyUs += Math.min(end, full.ts) - Math.max(task.ts, meta.ts);
    longestUs = Math.max(longestUs, task.dur ?? 0);
    if ((task.dur ?? 0) > 1_000) count++;
  }
  const ms = (us: number) => Math.round(us / 100) / 10;
  return { wallMs: ms(full.ts - meta.ts), busyMs: ms(busyUs), longestTaskMs: ms(longestUs), tasks: count };
}
