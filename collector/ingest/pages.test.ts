import { describe, expect, it } from "vitest";
import { eventPages, pagesOf } from "./pages.ts";

describe("eventPages and pagesOf", () => {
  it("collects Meta hrefs and SDK navigations, stripped, in first-visit order", () => {
    const events = eventPages([
      { type: 4, data: { href: "https://a.example/?q=1" }, timestamp: 10 },
      {
        type: 5,
        data: { tag: "rerun.navigation", payload: { url: "https://a.example/b#x" } },
        timestamp: 20,
      },
      { type: 5, data: { tag: "other", payload: { url: "https://a.example/ignored" } }, timestamp: 25 },
      { type: 4, data: { href: "https://a.example/" }, timestamp: 30 },
    ]);
    const pages = pagesOf(events, "https://a.example/c", 40);
    expect(pages).toEqual([
      { url: "https://a.example/", firstTs: 10 },
      { url: "https://a.example/b", firstTs: 20 },
      { url: "https://a.example/c", firstTs: 40 },
    ]);
  });
});
