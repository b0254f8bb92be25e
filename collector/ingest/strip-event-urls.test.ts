import { describe, expect, it } from "vitest";
import { stripEventUrls } from "./strip-event-urls.ts";

describe("stripEventUrls", () => {
  it("strips the query and hash of Meta hrefs and SDK event URLs", () => {
    expect(
      stripEventUrls({ type: 4, data: { href: "https://a.example/p?t=1#h", width: 1 }, timestamp: 1 }).data,
    )
      .toEqual({ href: "https://a.example/p", width: 1 });
    expect(
      stripEventUrls({
        type: 5,
        data: { tag: "rerun.network", payload: { url: "https://api.example/x?k=v", status: 200 } },
        timestamp: 1,
      })
        .data,
    ).toEqual({ tag: "rerun.network", payload: { url: "https://api.example/x", status: 200 } });
  });

  it("returns an event whose URL has nothing to strip as it is", () => {
    const event = { type: 4, data: { href: "https://a.example/p", width: 1 }, timestamp: 1 };
    expect(stripEventUrls(event)).toBe(event);
  });

  it("leaves other events untouched", () => {
    const event = {
      type: 5,
      data: { tag: "checkout", payload: { url: "https://a.example/?keep=1" } },
      timestamp: 1,
    };
    expect(stripEventUrls(event)).toBe(event);
  });
});
