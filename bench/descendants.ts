/**
 * The processes a benchmark run started, to stop them with it. A run starts Deno servers, collectors and
 * Chromium; a signal sent to the run's own process alone (`kill <pid>`, as the run lock's message says)
 * ends that process and leaves them running, and a collector left running is a server nobody stops, which
 * would then share the cores with the next run.
 */
import { readdirSync, readFileSync } from "node:fs";

export type ProcessEntry = { pid: number; ppid: number };

/** Every process below `root` in `table`, children before their own children. */
export function descendantsOf(root: number, table: readonly ProcessEntry[]): number[] {
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of table) {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const found: number[] = [];
  const seen = new Set<number>([root]);
  const queue = [root];
  for (let at = 0; at < queue.length; at++) {
    for (const child of children.get(queue[at]!) ?? []) {
      // A pid seen twice would be a table read while processes came and went; count it once.
      if (seen.has(child)) continue;
      seen.add(child);
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * The parent of a process from its `/proc/<pid>/stat` line: the field after the state, which follows the
 * command name in parentheses (a name may itself hold spaces and parentheses, so the last `)` ends it).
 */
export function parentFromStat(stat: string): number | null {
  const end = stat.lastIndexOf(")");
  if (end < 0) return null;
  const ppid = Number(stat.slice(end + 2).split(" ")[1]);
  return Number.isInteger(ppid) && ppid >= 0 ? ppid : null;
}

/** The machine's processes from `/proc`; empty where there is none (not Linux). */
export function readProcessTable(): ProcessEntry[] {
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return [];
  }
  const table: ProcessEntry[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const ppid = parentFromStat(readFileSync(`/proc/${name}/stat`, "utf8"));
      if (ppid !== null) table.push({ pid: Number(name), ppid });
    } catch {
      // The process exited while the table was read.
    }
  }
  return table;
}

/** Sends `signal` to every process this one started, directly or not; returns how many were signalled. */
export function signalDescendants(signal: NodeJS.Signals): number {
  let sent = 0;
  for (const pid of descendantsOf(process.pid, readProcessTable())) {
    try {
      process.kill(pid, signal);
      sent++;
    } catch {
      // Already gone.
    }
  }
  return sent;
}
