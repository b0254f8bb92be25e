import { describe, expect, it } from "vitest";
import { singleFlight } from "./single-flight.ts";

/** A task that runs until `finish` is called, counting its runs. */
function gatedTask() {
  let runs = 0;
  let finish: () => void = () => undefined;
  const task = () => {
    runs++;
    return new Promise<void>((resolve) => (finish = resolve));
  };
  return { task, runs: () => runs, finish: () => finish() };
}

describe("singleFlight", () => {
  it("gives a call made while the task runs the running promise, and starts anew once it settled", async () => {
    const gated = gatedTask();
    const run = singleFlight(gated.task, () => true);
    const first = run();
    expect(run()).toBe(first);
    expect(gated.runs()).toBe(1);
    gated.finish();
    await first;
    const second = run();
    expect(second).not.toBe(first);
    expect(gated.runs()).toBe(2);
    gated.finish();
    await second;
  });

  it("starts nothing while mayStart says no, but still joins a run already going", async () => {
    const gated = gatedTask();
    let may = true;
    const run = singleFlight(gated.task, () => may);
    const first = run();
    may = false;
    expect(run()).toBe(first);
    gated.finish();
    await first;
    await run();
    expect(gated.runs()).toBe(1);
  });

  it("starts again after a task that finished at once or failed", async () => {
    let runs = 0;
    const run = singleFlight(
      () => (++runs === 1 ? Promise.resolve() : Promise.reject(new Error("x"))),
      () => true,
    );
    await run();
    await expect(run()).rejects.toThrow("x");
    await expect(run()).rejects.toThrow("x");
    expect(runs).toBe(3);
  });
});
