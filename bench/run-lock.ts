/**
 * One benchmark run at a time on a machine. Two runs on the same cores measure each other: a second run
 * started while the first was still going (its terminal closed, or a kill that missed the child process)
 * once produced a 51 ms "longest rerun task" and an ingest figure taken beside another run's sustained
 * load, and both looked like ordinary results. The lock is a file in the system's temporary folder, so it
 * also covers a run from another checkout of the repository; it names the process that holds it, and a
 * lock whose process is gone is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { isAlive } from "../cli/process-control.ts";

export const RUN_LOCK_PATH = join(tmpdir(), "rerun-bench.lock");

const HolderSchema = z.object({ pid: z.number().int(), startedAt: z.string(), command: z.string() });
export type RunLockHolder = z.infer<typeof HolderSchema>;

export type RunLock = { release(): void };

export type RunLockDeps = {
  path?: string;
  pid?: number;
  command?: string;
  isAlive?: (pid: number) => boolean;
};

/**
 * Takes the lock, or answers who holds it. A lock file that cannot be read as a holder (cut short by a
 * crash, or written by hand) or whose process has exited is stale, and is replaced.
 */
export function acquireRunLock(deps: RunLockDeps = {}): RunLock | { heldBy: RunLockHolder } {
  const path = deps.path ?? RUN_LOCK_PATH;
  const alive = deps.isAlive ?? isAlive;
  const me: RunLockHolder = {
    pid: deps.pid ?? process.pid,
    startedAt: new Date().toISOString(),
    command: deps.command ?? process.argv.slice(2).join(" "),
  };
  // Twice at most: once as it is, and once more after removing a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(path);
      if (holder && holder.pid !== me.pid && alive(holder.pid)) return { heldBy: holder };
      rmSync(path, { force: true });
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me));
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        // Only our own lock: a run that found ours stale (it cannot be, while we run) must keep its own.
        if (readHolder(path)?.pid === me.pid) rmSync(path, { force: true });
      },
    };
  }
  throw new Error(`could not take the benchmark lock ${path}; remove it if no benchmark is running`);
}

function readHolder(path: string): RunLockHolder | null {
  try {
    const parsed = HolderSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The one line `npm run bench` prints when another run holds the lock. */
export function describeHolder(holder: RunLockHolder, path = RUN_LOCK_PATH): string {
  const what = holder.command ? `"npm run bench -- ${holder.command}"` : '"npm run bench"';
  return `another benchmark run (${what}, pid ${holder.pid}, started ${holder.startedAt}) is still running, ` +
    `and two runs on the same cores measure each other; wait for it, or stop it (kill ${holder.pid}). ` +
    `If no benchmark is running, remove ${path}`;
}
