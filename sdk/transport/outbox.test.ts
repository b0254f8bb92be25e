import { describe, expect, it } from "vitest";
import { clearOutbox } from "./outbox-key.ts";
import { MAX_OUTBOX_CHARS, openOutbox } from "./outbox.ts";

/** `sessionStorage`'s interface over a Map, with an optional quota in characters, as browsers count it. */
class MemoryStorage implements Storage {
  readonly items = new Map<string, string>();
  constructor(private readonly quota = Infinity) {}
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    let used = key.length + value.length;
    for (const [k, v] of this.items) if (k !== key) used += k.length + v.length;
    if (used > this.quota) throw new DOMException("quota", "QuotaExceededError");
    this.items.set(key, value);
  }
}

describe("openOutbox", () => {
  it("gives back gzip and JSON bodies in the order they were stored, once", () => {
    const storage = new MemoryStorage();
    const outbox = openOutbox(storage, "app_one");
    const gzip = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256);
    expect(outbox.put({ gzip })).toBe(true);
    expect(outbox.put({ json: '{"sequence":1}' })).toBe(true);
    const taken = openOutbox(storage, "app_one").take();
    expect(taken.entries).toEqual([{ gzip }, { json: '{"sequence":1}' }]);
    expect(taken.dropped).toBe(0);
    expect(openOutbox(storage, "app_one").take().entries).toEqual([]);
  });

  it("keeps each app's outbox apart", () => {
    const storage = new MemoryStorage();
    openOutbox(storage, "app_one").put({ json: "{}" });
    expect(openOutbox(storage, "app_two").take().entries).toEqual([]);
    expect(openOutbox(storage, "app_one").take().entries).toHaveLength(1);
  });

  it("refuses what would pass its own cap or the storage quota, keeping what it had", () => {
    const storage = new MemoryStorage(50_000);
    const outbox = openOutbox(storage, "app_one");
    expect(outbox.put({ json: "x".repeat(MAX_OUTBOX_CHARS) })).toBe(false);
    expect(outbox.put({ json: "a".repeat(30_000) })).toBe(true);
    expect(outbox.put({ json: "b".repeat(30_000) })).toBe(false); // Over the 50,000-character quota.
    expect(outbox.take().entries).toEqual([{ json: "a".repeat(30_000) }]);
  });

  it("adds up drop notes for the next page and reports them once", () => {
    const storage = new MemoryStorage();
    openOutbox(storage, "app_one").noteDropped(1, "first");
    openOutbox(storage, "app_one").noteDropped(2, "lost at unload");
    const taken = openOutbox(storage, "app_one").take();
    expect(taken).toMatchObject({ dropped: 3, message: "lost at unload" });
    expect(openOutbox(storage, "app_one").take().dropped).toBe(0);
  });

  it("resumes nothing from a value it did not write, and never throws without storage", () => {
    const storage = new MemoryStorage();
    storage.setItem("rerun.outbox.app_one", "{not json");
    expect(openOutbox(storage, "app_one").take()).toEqual({ entries: [], dropped: 0, message: "" });
    storage.setItem(
      "rerun.outbox.app_one",
      JSON.stringify({ e: ["g%%%", 5, "x{}", "j{}"], d: "9" }),
    );
    expect(openOutbox(storage, "app_one").take()).toEqual({
      entries: [{ json: "{}" }],
      dropped: 0,
      message: "",
    });
    const none = openOutbox(null, "app_one");
    expect(none.put({ json: "{}" })).toBe(false);
    expect(none.take().entries).toEqual([]);
  });
});

describe("clearOutbox", () => {
  it("removes the entries and the drop note", () => {
    const storage = new MemoryStorage();
    const outbox = openOutbox(storage, "app_one");
    outbox.put({ json: "{}" });
    outbox.noteDropped(1, "lost");
    clearOutbox(storage, "app_one");
    expect(storage.length).toBe(0);
  });
});
