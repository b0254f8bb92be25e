import { describe, expect, it } from "vitest";
import {
  addHashes,
  decodeSketch,
  emptySketch,
  encodeSketch,
  estimateUsers,
  hashUserKey,
  mergeSketches,
  SPARSE_MAX,
} from "./users-sketch.ts";

const keys = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => hashUserKey(`${prefix}${i}`));

describe("users sketch", () => {
  it("counts small sets exactly, and adding a user again changes nothing", () => {
    let sketch = addHashes(emptySketch(), keys("u", 3));
    sketch = addHashes(sketch, keys("u", 3));
    expect(estimateUsers(sketch)).toBe(3);
    const merged = mergeSketches(sketch, addHashes(emptySketch(), keys("u", 5)));
    expect(estimateUsers(merged)).toBe(5);
  });

  it("estimates large sets within 5 %, and merging days counts a returning user once", () => {
    const monday = addHashes(emptySketch(), keys("u", 60_000));
    const tuesday = addHashes(emptySketch(), keys("u", 60_000).slice(30_000).concat(keys("v", 30_000)));
    const week = mergeSketches(monday, tuesday);
    expect(Math.abs(estimateUsers(week) - 90_000) / 90_000).toBeLessThan(0.05);
    expect(estimateUsers(monday)).toBeGreaterThan(57_000);
  });

  it("round-trips through bytes, sparse and dense", () => {
    const sparse = addHashes(emptySketch(), keys("a", 10));
    const dense = addHashes(emptySketch(), keys("b", SPARSE_MAX * 4));
    expect(estimateUsers(decodeSketch(encodeSketch(sparse)))).toBe(10);
    expect(estimateUsers(decodeSketch(encodeSketch(dense)))).toBe(estimateUsers(dense));
    expect(encodeSketch(dense).length).toBe(2_049);
    expect(estimateUsers(decodeSketch(new Uint8Array([9, 9, 9])))).toBe(0);
  });
});
