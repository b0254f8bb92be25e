/**
 * Small, careful process helpers for quickstart/stop: is a pid alive, is it our collector (so a recycled pid
 * is never signalled), and wait for it to exit.
 */
import { readFileSync } from "node:fs";

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether `pid` runs rerun's collector; true where /proc is unavailable (we cannot tell). */
export function isCollectorProcess(pid: number): boolean {
  try {
    // collector/main.ts in a source checkout, collector/main.js in the fetched collector part.
    return /collector[\\/]main\.[jt]s\b/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
  } catch {
    return isAlive(pid);
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}
