import { describe, expect, it } from "vitest";
import { RRWEB_EVENT, SDK_EVENT_TAG } from "../../../shared/events.ts";
import { createCustomEvent } from "../custom-event.ts";
import { matchesUrl, triggerOf } from "./triggers.ts";

const opts = { onError: true, urls: ["/checkout", /\/orders\/\d+$/], events: ["refund_requested"] };

describe("matchesUrl", () => {
  it("matches a substring or a RegExp", () => {
    expect(matchesUrl("https://shop.example/checkout/pay", opts.urls)).toBe(true);
    expect(matchesUrl("https://shop.example/orders/42", opts.urls)).toBe(true);
    expect(matchesUrl("https://shop.example/orders/42/items", opts.urls)).toBe(false);
  });
});

describe("triggerOf", () => {
  const event = (tag: string, payload: unknown) => createCustomEvent(tag, payload, 0);

  it("fires on a page error only when errors were picked, never on the SDK's own", () => {
    expect(triggerOf(event(SDK_EVENT_TAG.error, { message: "x" }), opts)).toBe("error");
    expect(triggerOf(event(SDK_EVENT_TAG.error, { message: "x", sdk: true }), opts)).toBeNull();
    expect(triggerOf(event(SDK_EVENT_TAG.error, { message: "x" }), { ...opts, onError: false })).toBeNull();
  });

  it("fires on a listed page or custom event, and on nothing else", () => {
    expect(triggerOf(event(SDK_EVENT_TAG.navigation, { url: "https://shop.example/checkout" }), opts)).toBe(
      "url",
    );
    expect(triggerOf(event(SDK_EVENT_TAG.navigation, { url: "https://shop.example/" }), opts)).toBeNull();
    expect(triggerOf(event("refund_requested", {}), opts)).toBe("event:refund_requested");
    expect(triggerOf(event("other", {}), opts)).toBeNull();
    expect(triggerOf({ type: RRWEB_EVENT.IncrementalSnapshot, data: { source: 2 }, timestamp: 0 }, opts))
      .toBeNull();
  });
});
