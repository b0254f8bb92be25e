import { describe, expect, it } from "vitest";
import { createCorsPolicy } from "./cors.ts";

describe("createCorsPolicy", () => {
  it("allows listed origins, ignoring a trailing slash in the list", () => {
    const cors = createCorsPolicy(["https://shop.example/"]);
    expect(cors.allows("https://shop.example")).toBe(true);
    expect(cors.allows("https://shop.example.evil.test")).toBe(false);
    expect(cors.allows("http://shop.example")).toBe(false);
  });

  it("allows any origin with *", () => {
    expect(createCorsPolicy(["*"]).allows("https://anything.example")).toBe(true);
  });

  it("echoes the origin and varies on it", () => {
    expect(createCorsPolicy([]).headers("https://a.example")).toEqual({
      "access-control-allow-origin": "https://a.example",
      vary: "Origin",
    });
  });
});
