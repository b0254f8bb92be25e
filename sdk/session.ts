/**
 * Session model (SPEC §2). A session id lives in `sessionStorage`, so reloads and same-tab navigations
 * continue it; a new one starts after 30 min without user activity or 12 h in total. Each page load gets
 * its own window id. When a session rotates mid-page, the window id is renewed too, so every
 * (session, window) pair starts its batch sequence at 0 (the transport numbers batches per window).
 *
 * The rotation rule is the pure {@link resolveSession}; {@link createSessionTracker} is the thin adapter
 * that reads and writes storage.
 */
import { isValidId } from "../shared/ids.ts";
import { SESSION_IDLE_MS, SESSION_MAX_MS } from "../shared/limits.ts";

/** What is kept in `sessionStorage` for the tab. */
export type StoredSession = { id: string; startedAt: number; lastActivity: number };

/** Write `lastActivity` at most this often, so busy pages do not hit storage on every event. */
const ACTIVITY_WRITE_INTERVAL_MS = 5_000;

/** 16 random bytes = 128 bits, above the 122 bits of a v4 UUID the SPEC asks for. */
const ID_BYTES = 16;

/** Returns a random id of 16 bytes as base64url (22 characters, matches `ID_PATTERN`). */
export function createId(): string {
  const bytes = new Uint8Array(ID_BYTES);
  crypto.getRandomValues(bytes);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Reads a stored session, or `null` when the value is missing or malformed. */
export function parseStoredSession(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== "object" || value === null) return null;
    const { id, startedAt, lastActivity } = value as Record<string, unknown>;
    if (!isValidId(id) || typeof startedAt !== "number" || typeof lastActivity !== "number") return null;
    return { id, startedAt, lastActivity };
  } catch {
    return null;
  }
}

/** Limits of the session model; the defaults are SPEC §2's. */
export type SessionLimits = { idleMs: number; maxMs: number };

/** Whether `stored` may continue at `now`, or a new session must begin. */
export function resolveSession(
  stored: StoredSession | null,
  now: number,
  opts: SessionLimits & { createId: () => string },
): { session: StoredSession; isNew: boolean } {
  const expired = stored === null ||
    now - stored.lastActivity > opts.idleMs ||
    now - stored.startedAt > opts.maxMs ||
    // A clock that went backwards (or a tampered value) cannot be trusted to measure idle time.
    stored.lastActivity > now + opts.idleMs;
  if (expired) return { session: { id: opts.createId(), startedAt: now, lastActivity: now }, isNew: true };
  return { session: { ...stored, lastActivity: now }, isNew: false };
}

/** The ids one batch is addressed with. */
export type SessionIds = { sessionId: string; windowId: string };

/** Tracks the tab's session and this page's window; `touch` on user activity may rotate both. */
export type SessionTracker = {
  /** Current ids; the first call starts or continues the stored session. */
  current(now: number): SessionIds & { rotated: boolean; startedAt: number };
  /** Records user activity at `now`; returns true when it started a new session. */
  touch(now: number): boolean;
};

/** Minimal `Storage` surface, so tests and private-mode browsers (where storage throws) both work. */
export type SessionStore = Pick<Storage, "getItem" | "setItem">;

/** Creates the tracker; storage failures (private mode, quota) degrade to an in-memory session. */
export function createSessionTracker(opts: {
  appId: string;
  storage: SessionStore | null;
  limits?: SessionLimits;
}): SessionTracker {
  const key = `rerun.session.${opts.appId}`;
  const limits = opts.limits ?? { idleMs: SESSION_IDLE_MS, maxMs: SESSION_MAX_MS };
  let stored: StoredSession | null = null;
  try {
    stored = parseStoredSession(opts.storage?.getItem(key) ?? null);
  } catch {
    stored = null;
  }
  let session: StoredSession | null = null;
  let windowId = createId();
  let lastWrite = 0;

  const write = (s: StoredSession, now: number): void => {
    lastWrite = now;
    try {
      opts.storage?.setItem(key, JSON.stringify(s));
    } catch {
      // Storage may be full or disabled; the session then lasts for this page only.
    }
  };

  const advance = (now: number, activity: boolean): boolean => {
    const base = session ?? stored;
    if (session && !activity) return false;
    const next = resolveSession(base, now, { ...limits, createId });
    const rotated = session !== null && next.isNew;
    if (rotated) windowId = createId();
    session = next.session;
    if (next.isNew || now - lastWrite >= ACTIVITY_WRITE_INTERVAL_MS) write(session, now);
    return rotated;
  };

  return {
    current(now) {
      const rotated = advance(now, false);
      const { id, startedAt } = session as StoredSession;
      return { sessionId: id, windowId, rotated, startedAt };
    },
    touch: (now) => advance(now, true),
  };
}
