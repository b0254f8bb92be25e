import { describe, expect, it } from "vitest";
import { elementKey, isGeneratedId, isHashedClass, looksRandom } from "./element-key.ts";

describe("elementKey", () => {
  it("prefers a test id, keeping the path below it", () => {
    expect(elementKey('div.css-1x2y3z[data-testid="cart"] > button.btn', "button"))
      .toBe('[data-testid="cart"] > button.btn');
    expect(elementKey('#main > button[data-testid="pay"]')).toBe('[data-testid="pay"]');
  });

  it("uses a hand-written #id and drops generated ones", () => {
    expect(elementKey("#apply-coupon", "button")).toBe("#apply-coupon");
    expect(elementKey("#react-aria-12", "button")).toBe("button");
    expect(elementKey('[id=":r3:"]', "button")).toBe("button");
    expect(elementKey("#checkout > div > #ember1234", "a")).toBe("#checkout > div > a");
  });

  it("gives the same key when a build changes hashed class names", () => {
    const a = elementKey("div.css-1x2y3z > button.sc-AbCd.primary:nth-of-type(2)", "button");
    const b = elementKey("div.css-9q8w7e > button.sc-XyZw.primary:nth-of-type(3)", "button");
    expect(a).toBe("div > button.primary");
    expect(b).toBe(a);
    expect(elementKey("main > div.card > button.jsx-123")).toBe("main > div.card > button");
    expect(elementKey("main > div.card > button.jsx-987")).toBe("main > div.card > button");
  });

  it("keeps [name] on form controls and falls back to the tag when nothing is stable", () => {
    expect(elementKey('form[name="checkout"]', "form")).toBe('form[name="checkout"]');
    expect(elementKey("", "div")).toBe("div");
    expect(elementKey("")).toBe("*");
  });

  it("stays bounded and parses hostile selectors without throwing", () => {
    const long = Array.from({ length: 2_000 }, (_, i) => `div.c${i}`).join(" > ");
    expect(elementKey(long).split(" > ").length).toBeLessThanOrEqual(4);
    expect(() => elementKey('[data-testid="unterminated', "b")).not.toThrow();
    expect(elementKey('button[data-testid="a\\"b"]')).toBe('[data-testid="a\\"b"]');
    expect(elementKey("#ünïcödé")).toBe("*");
    expect(elementKey('[id="ünïcödé"]')).toBe('[id="ünïcödé"]');
  });
});

describe("isHashedClass", () => {
  it("knows the hashes of CSS-in-JS and CSS modules", () => {
    for (
      const c of ["css-1x2y3z", "sc-AbCd", "jsx-123", "svelte-1abc2de", "Button_primary__x7yZ1", "kVcaEo"]
    ) {
      expect(isHashedClass(c), c).toBe(true);
    }
  });

  it("keeps class names people write", () => {
    for (
      const c of ["btn-primary", "MuiButton-root", "col-md-6", "navItem", "is-active", "h1", "mp3player"]
    ) {
      expect(isHashedClass(c), c).toBe(false);
    }
  });
});

describe("isGeneratedId", () => {
  it("flags library, counter and random ids", () => {
    for (
      const id of [
        ":r1:",
        "react-aria-7",
        "ember123",
        "headlessui-menu-button-1",
        "550e8400-e29b-41d4-a716-446655440000",
      ]
    ) {
      expect(isGeneratedId(id), id).toBe(true);
    }
  });

  it("keeps hand-written ids", () => {
    for (const id of ["apply-coupon", "main", "step-2", "checkout-form", "nav"]) {
      expect(isGeneratedId(id), id).toBe(false);
    }
  });
});

describe("looksRandom", () => {
  it("tells hashes from camel-case words", () => {
    expect(["bdVaJa", "fXfGhT", "1x2y3z", "x7yZ1q"].map(looksRandom)).toEqual([true, true, true, true]);
    expect(["MuiButtonBase", "btnPrimary", "iPhone", "myXMLParser", "col12"].map(looksRandom))
      .toEqual([false, false, false, false, false]);
  });
});
