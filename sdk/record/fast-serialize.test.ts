// What the fast path writes is compared with rrweb's own output in Chromium
// (`tests/browser/sdk-fast-serialize.test.ts`); here, only when it is offered at all.
import { describe, expect, it } from "vitest";
import { createFastSerialize } from "./fast-serialize.ts";

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
