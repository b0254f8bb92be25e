import { afterEach, describe, expect, it, vi } from "vitest";
import { resolveOptions } from "../options.ts";
import { openSession } from "./open-session.ts";

const options = (sessionRate: number) =>
  resolveOptions({
    appId: "shop",
    publicKey: "pk_test",
    ingestBaseUrl: "http://127.0.0.1:1",
    sampling: { sessionRate },
  });

/** `sessionStorage`'s interface over a Map. */
function memoryStorage(): Pick<Storage, "getItem" | "setItem" | "removeItem"> {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe("openSession", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("continues the tab's session with the decision made for it, as a reload does", () => {
    vi.stubGlobal("sessionStorage", memoryStorage());
    const first = openSession(options(1));
    expect(first.decision).toMatchObject({
      mode: "record",
      sessionId: first.tracker.current(Date.now()).sessionId,
    });
    // A later page with other options keeps the session's decision: it is made once per session.
    const reload = openSession(options(0));
    expect(reload.decision).toEqual(first.decision);
    reload.keepDecision({ ...reload.decision, trigger: "error" });
    expect(openSession(options(1)).decision.trigger).toBe("error");
  });

  it("decides in memory where storage is blocked", () => {
    vi.stubGlobal("sessionStorage", undefined);
    Object.defineProperty(globalThis, "sessionStorage", {
      configurable: true,
      get() {
        throw new DOMException("blocked", "SecurityError");
      },
    });
    const session = openSession(options(0));
    expect([session.storage, session.decision.mode]).toEqual([null, "sampled_out"]);
  });
});
