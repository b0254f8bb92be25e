// What the fast path writes is compared with rrweb's own output in Chromium
// (`tests/browser/sdk-fast-serialize.test.ts`); here, only when it is offered at all.
import { describe, expect, it } from "vitest";
import { createFastSerialize } from "./fast-serialize.ts";
import { hasToken } from "./serialize-plan.ts";

describe("createFastSerialize", () => {
  it("is not offered without rrweb's id counter, attribute transform and input masking", () => {
    expect(createFastSerialize({})).toBeUndefined();
    expect(createFastSerialize({ genId: () => 1 })).toBeUndefined();
    expect(createFastSerialize({ genId: () => 1, transformAttribute: (_d, _t, _n, v) => v })).toBeUndefined();
  });

  it("is not offered outside a browser, where there is no DOM to read", () => {
    expect(typeof Node).toBe("undefined");
    expect(createFastSerialize({
      genId: () => 1,
      transformAttribute: (_d, _t, _n, v) => v,
      maskInputValue: ({ value }) => value ?? "",
      getInputType: () => null,
    })).toBeUndefined();
  });
});

describe("hasToken", () => {
  it("finds a class name among whitespace-separated names, as classList.contains does", () => {
    expect(hasToken("rr-block", "rr-block")).toBe(true);
    expect(hasToken("card rr-block", "rr-block")).toBe(true);
    expect(hasToken("rr-block card", "rr-block")).toBe(true);
    expect(hasToken("a\trr-block\nb", "rr-block")).toBe(true);
    expect(hasToken("rr-blocker rr-block", "rr-block")).toBe(true);
  });

  it("does not find a part of a longer name, or the name in another case", () => {
    expect(hasToken("rr-blocker", "rr-block")).toBe(false);
    expect(hasToken("not-rr-block", "rr-block")).toBe(false);
    expect(hasToken("RR-BLOCK", "rr-block")).toBe(false);
    expect(hasToken("", "rr-block")).toBe(false);
  });
});
