import { afterEach, describe, expect, it, vi } from "vitest";
import { pageSettled } from "./page-settled.ts";

type FakeDoc = Document & { fire(): void };

function fakeDocument(readyState: DocumentReadyState, visibilityState: DocumentVisibilityState): FakeDoc {
  let listener: (() => void) | null = null;
  return {
    readyState,
    visibilityState,
    addEventListener: (_type: string, fn: () => void) => {
      listener = fn;
    },
    fire: () => listener?.(),
  } as unknown as FakeDoc;
}

const settledYet = async (promise: Promise<void>): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
};

describe("pageSettled", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("waits for DOMContentLoaded, then for the frame after it", async () => {
    vi.useFakeTimers();
    const frames: Array<() => void> = [];
    vi.stubGlobal("requestAnimationFrame", (fn: () => void) => frames.push(fn));
    const doc = fakeDocument("loading", "visible");
    const settled = pageSettled(doc);
    expect(await settledYet(settled)).toBe(false);
    doc.fire();
    expect(await settledYet(settled)).toBe(false);
    frames.shift()?.();
    expect(await settledYet(settled)).toBe(true);
  });

  it("starts anyway when no frame comes within the cap", async () => {
    vi.useFakeTimers();
    vi.stubGlobal("requestAnimationFrame", () => 0);
    const settled = pageSettled(fakeDocument("complete", "visible"));
    expect(await settledYet(settled)).toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    expect(await settledYet(settled)).toBe(true);
  });

  it("does not wait for frames in a hidden tab", async () => {
    vi.useFakeTimers();
    vi.stubGlobal("requestAnimationFrame", () => 0);
    expect(await settledYet(pageSettled(fakeDocument("interactive", "hidden")))).toBe(true);
  });
});
