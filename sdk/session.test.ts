import { describe, expect, it } from "vitest";
import { ID_PATTERN } from "../shared/ids.ts";
import {
  createId,
  createSessionTracker,
  parseStoredSession,
  resolveSession,
  type SessionStore,
} from "./session.ts";

const limits = { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 };
const fixedId = () => "new-session-id";

describe("createId", () => {
  it("returns 22 url-safe characters that match the id pattern", () => {
    const ids = new Set(Array.from({ length: 200 }, createId));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(ID_PATTERN);
      expect(id).toHaveLength(22);
    }
  });
});

describe("resolveSession", () => {
  const stored = { id: "stored-session", startedAt: 1_000, lastActivity: 1_000 };

  it("starts a session when none is stored", () => {
    expect(resolveSession(null, 5_000, { ...limits, createId: fixedId })).toEqual({
      session: { id: "new-session-id", startedAt: 5_000, lastActivity: 5_000 },
      isNew: true,
    });
  });
  it("continues a session active within 30 minutes", () => {
    const now = 1_000 + limits.idleMs;
    expect(resolveSession(stored, now, { ...limits, createId: fixedId })).toEqual({
      session: { ...stored, lastActivity: now },
      isNew: false,
    });
  });
  it("starts a new session after 30 minutes idle", () => {
    expect(resolveSession(stored, 1_001 + limits.idleMs, { ...limits, createId: fixedId }).isNew).toBe(true);
  });
  it("starts a new session after 12 hours even when active", () => {
    const active = { ...stored, lastActivity: 1_000 + limits.maxMs };
    expect(resolveSession(active, 1_001 + limits.maxMs, { ...limits, createId: fixedId }).isNew).toBe(true);
  });
  it("starts a new session when the stored activity lies far in the future", () => {
    const future = { ...stored, lastActivity: 10 * limits.idleMs };
    expect(resolveSession(future, 2_000, { ...limits, createId: fixedId }).isNew).toBe(true);
  });
});

describe("parseStoredSession", () => {
  it("rejects malformed values and ids", () => {
    expect(parseStoredSession(null)).toBeNull();
    expect(parseStoredSession("not json")).toBeNull();
    expect(parseStoredSession(JSON.stringify({ id: "../../etc", startedAt: 1, lastActivity: 1 }))).toBeNull();
    expect(parseStoredSession(JSON.stringify({ id: "abcdefgh", startedAt: "1", lastActivity: 1 })))
      .toBeNull();
  });
});

function memoryStore(): SessionStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe("createSessionTracker", () => {
  it("continues the stored session across page loads with a new window id", () => {
    const storage = memoryStore();
    const first = createSessionTracker({ appId: "app_test1", storage, limits }).current(1_000);
    const second = createSessionTracker({ appId: "app_test1", storage, limits }).current(2_000);
    expect(second.sessionId).toBe(first.sessionId);
    expect(second.windowId).not.toBe(first.windowId);
  });
  it("rotates session and window on activity after the idle limit", () => {
    const tracker = createSessionTracker({ appId: "app_test1", storage: memoryStore(), limits });
    const before = tracker.current(1_000);
    expect(tracker.touch(2_000)).toBe(false);
    expect(tracker.touch(2_001 + limits.idleMs)).toBe(true);
    const after = tracker.current(2_002 + limits.idleMs);
    expect(after.sessionId).not.toBe(before.sessionId);
    expect(after.windowId).not.toBe(before.windowId);
  });
  it("keeps working when storage throws", () => {
    const storage: SessionStore = {
      getItem: () => {
        throw new Error("blocked");
      },
      setItem: () => {
        throw new Error("blocked");
      },
    };
    expect(createSessionTracker({ appId: "app_test1", storage, limits }).current(1).sessionId).toMatch(
      ID_PATTERN,
    );
  });
});
