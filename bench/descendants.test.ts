import { describe, expect, it } from "vitest";
import { descendantsOf, parentFromStat } from "./descendants.ts";

describe("descendantsOf", () => {
  it("finds children and their children, and nothing beside or above the root", () => {
    const table = [
      { pid: 10, ppid: 1 }, // the run
      { pid: 11, ppid: 10 }, // a Deno server
      { pid: 12, ppid: 10 }, // Chromium
      { pid: 13, ppid: 12 }, // Chromium's renderer
      { pid: 14, ppid: 13 },
      { pid: 20, ppid: 1 }, // another program
      { pid: 21, ppid: 20 },
    ];
    expect(descendantsOf(10, table)).toEqual([11, 12, 13, 14]);
    expect(descendantsOf(14, table)).toEqual([]);
  });

  it("ends on a table with a cycle (read while pids were reused)", () => {
    expect(descendantsOf(1, [{ pid: 2, ppid: 1 }, { pid: 3, ppid: 2 }, { pid: 2, ppid: 3 }])).toEqual([2, 3]);
  });
});

describe("parentFromStat", () => {
  it("reads the parent after the command name, even a name with spaces and parentheses", () => {
    expect(parentFromStat("4242 (deno) S 4200 4242 4200 0 -1 4194560")).toBe(4200);
    expect(parentFromStat("77 (a b) (c)) R 12 77 12 0")).toBe(12);
  });

  it("answers null for a line that is not a stat line", () => {
    expect(parentFromStat("")).toBeNull();
    expect(parentFromStat("12 (x) S")).toBeNull();
  });
});
