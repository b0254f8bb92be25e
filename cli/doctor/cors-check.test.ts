import { describe, expect, it } from "vitest";
import { judgePreflight } from "./cors-check.ts";

const origin = "https://shop.example";
const good = new Headers({
  "access-control-allow-origin": origin,
  "access-control-allow-methods": "POST, GET, OPTIONS",
  "access-control-allow-headers": "content-type, content-encoding, x-rerun-key, authorization",
});

describe("judgePreflight", () => {
  it("passes a preflight that allows the origin, POST and the SDK's headers", () => {
    expect(judgePreflight(origin, 204, good).ok).toBe(true);
  });

  it("fails a 403 with the exact variable and flag to set", () => {
    const verdict = judgePreflight(origin, 403, new Headers());
    expect(verdict.ok).toBe(false);
    expect(verdict.ok === false && verdict.fix).toMatch(
      /CORS_ORIGINS.*--cors-origin https:\/\/shop\.example/,
    );
  });

  it("fails when the allowed origin is another one", () => {
    const headers = new Headers(good);
    headers.set("access-control-allow-origin", "https://other.example");
    const verdict = judgePreflight(origin, 204, headers);
    expect(verdict).toMatchObject({ ok: false, detail: expect.stringContaining("https://other.example") });
  });

  it("fails when a header the SDK sends is not allowed", () => {
    const headers = new Headers(good);
    headers.set("access-control-allow-headers", "content-type");
    const verdict = judgePreflight(origin, 204, headers);
    expect(verdict).toMatchObject({ ok: false, detail: expect.stringContaining("x-rerun-key") });
  });
});
