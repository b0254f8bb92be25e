import { describe, expect, it } from "vitest";
import { stripUrl } from "./url.ts";

describe("stripUrl", () => {
  it("drops the query string and the hash", () => {
    expect(stripUrl("https://shop.example/pay?card=4242424242424242#step-2")).toBe(
      "https://shop.example/pay",
    );
  });
  it("drops a hash that comes before a question mark", () => {
    expect(stripUrl("https://a.example/x#frag?y=1")).toBe("https://a.example/x");
  });
  it("drops credentials in the authority", () => {
    expect(stripUrl("https://alice:hunter2@a.example/p?q")).toBe("https://a.example/p");
  });
  it("keeps an @ that belongs to the path", () => {
    expect(stripUrl("https://a.example/users/@bob")).toBe("https://a.example/users/@bob");
  });
  it("leaves a plain URL and relative paths as they are", () => {
    expect(stripUrl("https://a.example/")).toBe("https://a.example/");
    expect(stripUrl("/checkout?step=2")).toBe("/checkout");
    expect(stripUrl("")).toBe("");
  });
});
