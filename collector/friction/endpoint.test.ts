import { describe, expect, it } from "vitest";
import { endpointKey, normalizeMethod, statusClass, templateEndpoint } from "./endpoint.ts";

describe("endpointKey", () => {
  it("templates the path and classes the status: two failing order reads are one key", () => {
    const page = "https://shop.example/orders/1";
    const a = endpointKey({ method: "get", url: "https://shop.example/api/orders/8812", cls: "5xx" }, page);
    const b = endpointKey({ method: "GET", url: "/api/orders/97", cls: "5xx" }, page);
    expect(a).toBe("GET /api/orders/:id 5xx");
    expect(b).toBe(a);
  });

  it("keeps another host in front of the path", () => {
    expect(templateEndpoint("https://api.pay.example/v1/charges/123", "https://shop.example/pay"))
      .toBe("api.pay.example/v1/charges/:id");
  });

  it("classes statuses and methods", () => {
    expect([statusClass(0), statusClass(404), statusClass(503)]).toEqual(["failed", "4xx", "5xx"]);
    expect(normalizeMethod("d3l ete")).toBe("OTHER");
  });

  it("bounds hostile URLs", () => {
    const key = endpointKey({ method: "POST", url: "/x/" + "%2F..".repeat(3_000), cls: "4xx" }, "/");
    expect(key.length).toBeLessThan(300);
  });
});
