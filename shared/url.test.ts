import { describe, expect, it } from "vitest";
import { MAX_URL_CHARS } from "./limits.ts";
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
  it("keeps a hash route's path, without the query inside the hash", () => {
    expect(stripUrl("https://todo.example/#/active")).toBe("https://todo.example/#/active");
    expect(stripUrl("https://todo.example/app?x=1#/completed?token=abc")).toBe(
      "https://todo.example/app#/completed",
    );
    expect(stripUrl("https://a.example/#!/users/7/edit")).toBe("https://a.example/#!/users/7/edit");
    expect(stripUrl("https://a.example/#/")).toBe("https://a.example/#/");
    expect(stripUrl("/app#/filter/done#done-list")).toBe("/app#/filter/done");
    expect(stripUrl("#/completed")).toBe("#/completed");
  });
  it("strips every fragment that is not a route", () => {
    expect(stripUrl("https://a.example/cb#access_token=SECRET&token_type=bearer")).toBe(
      "https://a.example/cb",
    );
    expect(stripUrl("https://a.example/docs#section-2")).toBe("https://a.example/docs");
    expect(stripUrl("https://a.example/x#!not-a-route")).toBe("https://a.example/x");
    expect(stripUrl("https://a.example/x#")).toBe("https://a.example/x");
    expect(stripUrl("https://a.example/x#?/a")).toBe("https://a.example/x");
  });
  it("drops a hash route that carries parameters, as OAuth returns do to hash-routed apps", () => {
    expect(stripUrl("https://a.example/#/access_token=SECRET&expires_in=3600")).toBe("https://a.example/");
    expect(stripUrl("https://a.example/#/cb&code=SECRET")).toBe("https://a.example/");
    expect(stripUrl("https://a.example/#/reset;sid=SECRET")).toBe("https://a.example/");
    expect(stripUrl("https://a.example/#/%3Ftoken=SECRET")).toBe("https://a.example/");
  });
  it("strips credentials and queries around a hash route whatever they contain", () => {
    expect(stripUrl("https://alice:hunter2@a.example#/inbox")).toBe("https://a.example#/inbox");
    expect(stripUrl("https://a.example/p?next=#/a@b:c@d")).toBe("https://a.example/p#/a@b:c@d");
    expect(stripUrl("https://a.example/p?q=#x#/route")).toBe("https://a.example/p");
  });
  it("cuts a URL longer than MAX_URL_CHARS and marks the cut, so the wire schema accepts it", () => {
    const long = "https://a.example/app/" + "segment/".repeat(1_000);
    const stripped = stripUrl(`${long}?q=1#/route`);
    expect(stripped).toHaveLength(MAX_URL_CHARS);
    expect(stripped.endsWith("…")).toBe(true);
    expect(long.startsWith(stripped.slice(0, -1))).toBe(true);
    const atLimit = "https://a.example/" + "a".repeat(MAX_URL_CHARS - 18);
    expect(stripUrl(atLimit)).toBe(atLimit);
  });
});
