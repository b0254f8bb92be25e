import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRouteTemplates, MAX_ROUTE_SEGMENTS, pathSegments, templateRoute } from "./route-template.ts";

describe("templateRoute", () => {
  it("scrubs numeric segments: /orders/8812/items/3 and /orders/97/items/1 are one route", () => {
    expect(templateRoute("https://shop.example/orders/8812/items/3")).toBe("/orders/:id/items/:id");
    expect(templateRoute("https://shop.example/orders/97/items/1")).toBe("/orders/:id/items/:id");
  });

  it("scrubs UUIDs, hex strings of 12 or more characters and dates, and keeps words and short hex", () => {
    expect(templateRoute("/u/550e8400-e29b-41d4-a716-446655440000/edit")).toBe("/u/:id/edit");
    expect(templateRoute("/obj/507f1f77bcf86cd799439011")).toBe("/obj/:id");
    expect(templateRoute("/report/2026-05-04")).toBe("/report/:id");
    expect(templateRoute("/report/2026-05-04T10:30:00Z/x")).toBe("/report/:id/x");
    expect(templateRoute("/report/04.05.2026")).toBe("/report/:id");
    expect(templateRoute("/color/beef")).toBe("/color/beef");
    expect(templateRoute("/docs/getting-started")).toBe("/docs/getting-started");
    expect(templateRoute("/api/v2/items")).toBe("/api/v2/items");
  });

  it("reads the path only: query, hash, host and a trailing slash do not make another route", () => {
    expect(templateRoute("https://a.example/checkout/?step=2#pay")).toBe("/checkout");
    expect(templateRoute("/checkout")).toBe("/checkout");
    expect(templateRoute("https://b.example/")).toBe("/");
    expect(templateRoute("")).toBe("/");
  });

  it("keeps a hash route (#/, #!/) as the app's route, templated like a path", () => {
    expect(templateRoute("https://todo.example/#/active")).toBe("#/active");
    expect(templateRoute("https://todo.example/#/completed")).toBe("#/completed");
    expect(templateRoute("https://a.example/app/#!/users/7/edit")).toBe("/app#!/users/:id/edit");
    // The root view of a hash-routed app is the page as loaded: one route, not two.
    expect(templateRoute("https://a.example/app/#/")).toBe("/app");
    expect(templateRoute("https://a.example/#!/")).toBe("/");
    expect(templateRoute("https://a.example/app#pay")).toBe("/app");
    expect(templateRoute("https://a.example/#/a|b")).not.toContain("|");
    const templates = compileRouteTemplates(["/u/:handle"]);
    expect(templateRoute("https://a.example/#/u/ada", templates)).toBe("#/u/:handle");
  });

  it("lets ROUTE_TEMPLATES win, first match first, with :name* taking the rest", () => {
    const templates = compileRouteTemplates(["/u/:handle", "/docs/:slug*", "/u/:handle/settings"]);
    expect(templateRoute("/u/alice", templates)).toBe("/u/:handle");
    expect(templateRoute("/u/alice/settings", templates)).toBe("/u/:handle/settings");
    expect(templateRoute("/docs/guide/install/linux", templates)).toBe("/docs/:slug*");
    expect(templateRoute("/docs", templates)).toBe("/docs/:slug*");
    expect(templateRoute("/users/42", templates)).toBe("/users/:id");
  });

  it("resolves dot segments, also percent-encoded ones, and never climbs above the root", () => {
    expect(templateRoute("/a/b/../c")).toBe("/a/c");
    expect(templateRoute("/a/%2e%2e/c")).toBe("/c");
    expect(templateRoute("/../../../etc/passwd")).toBe("/etc/passwd");
    expect(templateRoute("/a/./b")).toBe("/a/b");
  });

  it("keeps an encoded slash inside its segment instead of splitting the path", () => {
    expect(pathSegments("/files/a%2Fb/x")).toEqual(["files", "a%2Fb", "x"]);
    expect(templateRoute("/files/a%2Fb/x")).toBe("/files/a%2Fb/x");
    expect(templateRoute("/files/a%2F..%2Fb")).toBe("/files/a%2F..%2Fb");
  });

  it("reads unicode paths, raw or percent-encoded, as the same route", () => {
    expect(templateRoute("/商品/123")).toBe("/商品/:id");
    expect(templateRoute("/%E5%95%86%E5%93%81/123")).toBe("/商品/:id");
    expect(templateRoute("/caf%C3%A9")).toBe(templateRoute("/café"));
    expect(templateRoute("/bad%E5%95")).toBe("/bad%E5%95");
  });

  it("bounds a 10,000-character path: long segments are ids and deep paths end in /:rest*", () => {
    expect(templateRoute("/t/" + "x".repeat(10_000))).toBe("/t/:id");
    const deep = "/" + Array.from({ length: 5_000 }, (_, i) => `s${i % 7}`).join("/");
    const route = templateRoute(deep);
    expect(route.split("/").length).toBe(MAX_ROUTE_SEGMENTS + 2);
    expect(route.endsWith("/:rest*")).toBe(true);
  });

  it("never throws, never holds a | (the fingerprint separator) and stays short, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12_000, unit: "grapheme" }), (input) => {
        const route = templateRoute(input);
        expect(route.startsWith("/")).toBe(true);
        expect(route.includes("|")).toBe(false);
        expect(route.length).toBeLessThanOrEqual(MAX_ROUTE_SEGMENTS * 65 * 4 + 16);
      }),
      { numRuns: 300 },
    );
    expect(templateRoute("/a|b/c")).toBe("/a%7Cb/c");
  });
});
