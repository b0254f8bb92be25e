import { describe, expect, it } from "vitest";
import { readTextPrefix } from "./read-prefix.ts";

const encoder = new TextEncoder();

/** A body that yields `chunk` forever and remembers whether it was cancelled. */
function endlessBody(chunk: string): { body: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { body, cancelled: () => cancelled };
}

describe("readTextPrefix", () => {
  it("stops a body that never ends after maxBytes and cancels the rest", async () => {
    const { body, cancelled } = endlessBody("data: tick\n\n");
    const text = await readTextPrefix(body, 100);
    expect(encoder.encode(text).length).toBe(100);
    expect(text.startsWith("data: tick\n\ndata: tick")).toBe(true);
    expect(cancelled()).toBe(true);
  });

  it("returns a short body whole, multi-byte characters across chunks intact", async () => {
    const bytes = encoder.encode("prix: 12 € — ok");
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    expect(await readTextPrefix(body, 1000)).toBe("prix: 12 € — ok");
  });

  it("reads nothing from a response without a body", async () => {
    expect(await readTextPrefix(null, 10)).toBe("");
  });
});
