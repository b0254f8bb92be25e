/**
 * Batches that could not leave a page going away wait in `sessionStorage`, and the tab's next page sends them
 * first: a page may hand the browser only 64 KiB of keepalive and beacon bodies as it unloads, and a
 * documentation page's first batch is 15–93 KB gzipped (Python 3.11 docs). One key per app holds the bodies
 * (gzip as base64, else JSON) and a note of the batches lost, which the next page reports in `getStatus()`.
 */

import { clearOutbox, outboxKey } from "./outbox-key.ts";

/** One waiting batch: its body, gzipped or as JSON. */
export type OutboxEntry = { gzip: Uint8Array } | { json: string };

/** What an earlier page left: batches to send, and how many it had to drop and why. */
export type OutboxContents = { entries: OutboxEntry[]; dropped: number; message: string };

/**
 * Characters of `sessionStorage` the outbox may use: a fifth of Chromium's 10 MiB (5 M UTF-16 characters)
 * per origin, room for about ten gzipped documentation pages.
 */
export const MAX_OUTBOX_CHARS = 1_000_000;

/** The outbox of one app in one tab; every method is safe where storage is blocked or full. */
export type Outbox = {
  /** Stores a copy; false when storage refused it or the outbox is full. */
  put(entry: OutboxEntry): boolean;
  /** Adds `count` dropped batches to the note the next page reports. */
  noteDropped(count: number, message: string): void;
  /** Removes and returns everything stored. */
  take(): OutboxContents;
  /** Removes everything (opt-out drops unsent data, SPEC §2). */
  clear(): void;
};

/** As stored: entries as "g" + base64 gzip or "j" + JSON, `d` the dropped count, `m` its message. */
type Stored = { e: string[]; d?: number; m?: string };

/** Opens the outbox of `appId` in `storage`; with no storage nothing is kept. */
export function openOutbox(storage: Storage | null, appId: string): Outbox {
  const key = outboxKey(appId);
  const read = (): Stored => {
    try {
      const value = JSON.parse(storage?.getItem(key) ?? "null") as Stored | null;
      return value && Array.isArray(value.e) ? value : { e: [] };
    } catch {
      return { e: [] }; // Another version's or a tampered value: nothing to resume.
    }
  };
  const write = (value: Stored): boolean => {
    try {
      const text = JSON.stringify(value);
      if (text.length > MAX_OUTBOX_CHARS || !storage) return false;
      storage.setItem(key, text);
      return true;
    } catch {
      return false; // QuotaExceededError: the host page's own data fills the storage.
    }
  };

  return {
    put(entry) {
      const stored = read();
      let binary = "";
      if ("gzip" in entry) {
        // Chunks keep `fromCharCode`'s argument list well below engines' limits.
        for (let i = 0; i < entry.gzip.length; i += 0x8000) {
          binary += String.fromCharCode(...entry.gzip.subarray(i, i + 0x8000));
        }
      }
      stored.e.push("gzip" in entry ? `g${btoa(binary)}` : `j${entry.json}`);
      return write(stored);
    },
    noteDropped(count, message) {
      const stored = read();
      write({ ...stored, d: (stored.d ?? 0) + count, m: message });
    },
    take() {
      const { e, d, m } = read();
      clearOutbox(storage, appId);
      const entries: OutboxEntry[] = [];
      for (const text of e) {
        try {
          const body = String(text).slice(1);
          if (text[0] === "g") entries.push({ gzip: Uint8Array.from(atob(body), (c) => c.charCodeAt(0)) });
          else if (text[0] === "j") entries.push({ json: body });
        } catch {
          // Not base64: skip what cannot be sent.
        }
      }
      return {
        entries,
        dropped: typeof d === "number" && d > 0 ? Math.floor(d) : 0,
        message: String(m ?? ""),
      };
    },
    clear: () => clearOutbox(storage, appId),
  };
}
