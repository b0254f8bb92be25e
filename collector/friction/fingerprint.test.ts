import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FINGERPRINT_VERSION, fingerprintOf } from "./fingerprint.ts";

describe("fingerprintOf", () => {
  it("is fp_ and the first 16 hex of SHA-256 over version|appId|kind|route|key", () => {
    const parts = { appId: "shop-web", kind: "dead_click" as const, route: "/orders/:id", key: "#pay" };
    const expected = createHash("sha256").update("1|shop-web|dead_click|/orders/:id|#pay").digest("hex");
    expect(FINGERPRINT_VERSION).toBe("1");
    expect(fingerprintOf(parts)).toBe(`fp_${expected.slice(0, 16)}`);
    expect(fingerprintOf(parts)).toMatch(/^fp_[0-9a-f]{16}$/);
  });

  it("changes with any part and with the version", () => {
    const base = { appId: "shop-web", kind: "dead_click" as const, route: "/a", key: "#b" };
    const all = new Set([
      fingerprintOf(base),
      fingerprintOf({ ...base, appId: "shop-app" }),
      fingerprintOf({ ...base, kind: "rage_click" }),
      fingerprintOf({ ...base, route: "/b" }),
      fingerprintOf({ ...base, key: "#c" }),
      fingerprintOf(base, "2"),
    ]);
    expect(all.size).toBe(6);
  });

  it("hashes unicode and 10,000-character keys", () => {
    const fp = fingerprintOf({ appId: "a", kind: "js_error", route: "/商品", key: "ü".repeat(10_000) });
    expect(fp).toMatch(/^fp_[0-9a-f]{16}$/);
  });
});
