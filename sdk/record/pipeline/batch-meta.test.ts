import { afterEach, describe, expect, it, vi } from "vitest";
import { createRedactionRules } from "../../../shared/redact.ts";
import { SDK_VERSION } from "../../version.ts";
import { createBatchMeta } from "./batch-meta.ts";

describe("createBatchMeta", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("says which page, user, consent, trigger and release the batch belongs to, with the URL stripped and PII redacted", () => {
    vi.stubGlobal("location", { href: "https://shop.example/cart?email=a@b.example#pay" });
    vi.stubGlobal("navigator", { userAgent: "Test/1.0" });
    vi.stubGlobal("innerWidth", 1280.4);
    vi.stubGlobal("innerHeight", 719.6);
    const meta = createBatchMeta({
      user: { userId: "ada@example.com", traits: { plan: "pro" }, tags: { note: "call 555-123-4567" } },
      consent: { source: "banner", at: 1 },
      trigger: "error",
      release: "2026.12.1",
    }, createRedactionRules([]));
    expect(meta).toMatchObject({
      sdkVersion: SDK_VERSION,
      url: "https://shop.example/cart",
      userAgent: "Test/1.0",
      viewport: { width: 1280, height: 720 },
      traits: { plan: "pro" },
      consent: { source: "banner", at: 1 },
      trigger: "error",
      release: "2026.12.1",
    });
    expect(meta.userId).not.toContain("ada@example.com");
    expect(JSON.stringify(meta.tags)).not.toContain("555-123-4567");
  });

  it("leaves out what is not known", () => {
    vi.stubGlobal("navigator", undefined);
    const meta = createBatchMeta({ user: {}, consent: null, trigger: undefined }, []);
    expect(Object.keys(meta).sort()).toEqual(["sdkVersion", "url"]);
  });
});
