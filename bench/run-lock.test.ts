import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireRunLock, describeHolder, type RunLock, type RunLockHolder } from "./run-lock.ts";

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "rerun-bench-lock-"));
  path = join(dir, "bench.lock");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const holder = (pid: number): RunLockHolder => ({
  pid,
  startedAt: "2026-11-25T04:00:00.000Z",
  command: "ingest",
});
const writeHolder = (value: unknown) => writeFileSync(path, JSON.stringify(value));
const taken = (result: RunLock | { heldBy: RunLockHolder }): RunLock => {
  if ("heldBy" in result) throw new Error(`lock held by ${result.heldBy.pid}`);
  return result;
};

describe("the benchmark run lock", () => {
  it("is taken when free, names its holder, and is gone after release", () => {
    const lock = taken(
      acquireRunLock({ path, pid: 4242, command: "main-thread --full", isAlive: () => true }),
    );
    const written = JSON.parse(readFileSync(path, "utf8")) as RunLockHolder;
    expect(written).toMatchObject({ pid: 4242, command: "main-thread --full" });
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it("is refused while another live run holds it, and the holder's lock stays as it was", () => {
    writeHolder(holder(1111));
    const before = readFileSync(path, "utf8");
    const result = acquireRunLock({ path, pid: 2222, isAlive: (pid) => pid === 1111 });
    expect(result).toEqual({ heldBy: holder(1111) });
    expect(readFileSync(path, "utf8")).toBe(before);
  });

  it("is taken over when the run that held it has exited", () => {
    writeHolder(holder(1111));
    const lock = taken(acquireRunLock({ path, pid: 2222, isAlive: () => false }));
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ pid: 2222 });
    lock.release();
  });

  it("is taken over when the lock file is not a holder (cut short, or written by hand)", () => {
    for (const junk of ['{"pid":', '{"pid":"1111"}', "[]"]) {
      writeFileSync(path, junk);
      const lock = taken(acquireRunLock({ path, pid: 2222, isAlive: () => true }));
      expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ pid: 2222 });
      lock.release();
    }
  });

  it("on release leaves a lock that another run holds by then", () => {
    const lock = taken(acquireRunLock({ path, pid: 2222, isAlive: () => true }));
    writeHolder(holder(3333));
    lock.release();
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ pid: 3333 });
  });

  it("says who holds it, how to stop that run, and which file to remove when none is running", () => {
    const line = describeHolder(holder(1111), path);
    expect(line).toContain('"npm run bench -- ingest"');
    expect(line).toContain("pid 1111");
    expect(line).toContain("kill 1111");
    expect(line).toContain(path);
    expect(line).not.toContain("\n");
  });
});
