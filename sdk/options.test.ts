import { describe, expect, it } from "vitest";
import { DEFAULTS, resolveOptions } from "./options.ts";
import { SdkError } from "./errors.ts";

const required = { appId: "app_test1", publicKey: "pk_test", ingestBaseUrl: "https://rerun.example/" };

describe("resolveOptions", () => {
  it("applies the protective defaults", () => {
    const resolved = resolveOptions(required);
    expect(resolved.consent).toBe("deferred");
    expect(resolved.privacy).toEqual(DEFAULTS.privacy);
    expect(resolved.privacy.maskAllInputs && resolved.privacy.maskAllText && resolved.privacy.maskAttributes)
      .toBe(true);
    expect(resolved.flushIntervalMs).toBe(5_000);
    expect(resolved.flushMaxBytes).toBe(1_000_000);
    expect(resolved.network.enabled).toBe(false);
    expect(resolved.errors).toBe(false);
    expect(resolved.console.enabled).toBe(false);
    expect(resolved.ingestBaseUrl).toBe("https://rerun.example");
  });
  it("merges partial privacy options over the defaults", () => {
    const resolved = resolveOptions({ ...required, privacy: { maskAllText: false } });
    expect(resolved.privacy.maskAllText).toBe(false);
    expect(resolved.privacy.maskAllInputs).toBe(true);
  });
  it("accepts boolean shorthands for network and console", () => {
    const resolved = resolveOptions({ ...required, network: true, console: { levels: ["error"] } });
    expect(resolved.network).toEqual({
      enabled: true,
      recordHeaders: { request: false, response: false },
      recordBody: [],
      bodyMaxBytes: 10_000,
      urlDenyList: [],
    });
    expect(resolved.console).toEqual({ enabled: true, levels: ["error"] });
  });
  it("refuses a bad appId, a missing key or a non-http base URL with invalid_options", () => {
    for (
      const bad of [{ ...required, appId: "a b" }, { ...required, publicKey: "" }, {
        ...required,
        ingestBaseUrl: "ftp://x",
      }]
    ) {
      expect(() => resolveOptions(bad)).toThrow(SdkError);
    }
  });
  it("takes the team's own appId label (SPEC §2) and refuses anything a path could misread", () => {
    for (const appId of ["my-app", "a", "shop.web_2", "A".repeat(64)]) {
      expect(resolveOptions({ ...required, appId }).appId).toBe(appId);
    }
    for (const appId of ["", ".hidden", "-x", "my app", "a/b", "A".repeat(65), "..", "é"]) {
      expect(() => resolveOptions({ ...required, appId }), appId).toThrow(/appId .* must be/);
    }
  });
  it("accepts the seed's shapes: behavioral { enabled } and recordHeaders { request, response }", () => {
    const seed = resolveOptions({
      ...required,
      behavioral: { enabled: true },
      network: { enabled: true, recordHeaders: { request: true, response: false } },
    });
    expect(seed.behavioral).toBe(true);
    expect(seed.network.recordHeaders).toEqual({ request: true, response: false });
    expect(resolveOptions({ ...required, behavioral: { enabled: false } }).behavioral).toBe(false);
    const both = resolveOptions({ ...required, network: { enabled: true, recordHeaders: true } });
    expect(both.network.recordHeaders).toEqual({ request: true, response: true });
  });

  it("keeps a release of up to 64 characters and refuses any other", () => {
    expect(resolveOptions(required).release).toBeNull();
    expect(resolveOptions({ ...required, release: "web@2.5.0+build.7" }).release).toBe("web@2.5.0+build.7");
    for (const release of ["", "has space", "x".repeat(65), "-leading-dash"]) {
      expect(() => resolveOptions({ ...required, release }), release).toThrow(/release must be/);
    }
  });
});

describe("resolveOptions sampling", () => {
  it("defaults to recording every consented session, with no triggers", () => {
    const resolved = resolveOptions(required);
    expect(resolved.sampling).toEqual({ sessionRate: 1, onErrorRate: 0, minDurationMs: 0 });
    expect(resolved.triggers).toEqual({ urls: [], events: [] });
  });
  it("ignores rates outside [0, 1]", () => {
    expect(resolveOptions({ ...required, sampling: { sessionRate: 2, onErrorRate: -1 } }).sampling)
      .toMatchObject({ sessionRate: 1, onErrorRate: 0 });
  });
});
