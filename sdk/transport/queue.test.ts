import { describe, expect, it } from "vitest";
import { createBoundedQueue } from "./queue.ts";

describe("createBoundedQueue", () => {
  it("drops the oldest items past the limit and counts them", () => {
    const queue = createBoundedQueue<number>(3);
    expect([1, 2, 3].map((n) => queue.push(n))).toEqual([0, 0, 0]);
    expect(queue.push(4)).toBe(1);
    expect(queue.items()).toEqual([2, 3, 4]);
    expect(queue.peek()).toBe(2);
  });
  it("removes a specific item once", () => {
    const queue = createBoundedQueue<{ n: number }>(5);
    const a = { n: 1 };
    queue.push(a);
    queue.push({ n: 2 });
    expect(queue.remove(a)).toBe(true);
    expect(queue.remove(a)).toBe(false);
    expect(queue.size).toBe(1);
  });
  it("keeps room for the newest item even with a limit below one", () => {
    const queue = createBoundedQueue<number>(0);
    queue.push(1);
    expect(queue.push(2)).toBe(1);
    expect(queue.items()).toEqual([2]);
  });
});
