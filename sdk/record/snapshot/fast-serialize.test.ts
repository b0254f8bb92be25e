// What the fast path writes is compared with rrweb's own output in Chromium
// (`tests/browser/sdk-fast-serialize.test.ts`); here, only when it is offered at all.
import { describe, expect, it } from "vitest";
import { type Attributes, createFastSerialize, inputSerializer } from "./fast-serialize.ts";
import { hasToken, type Plan } from "./serialize-plan.ts";

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

describe("inputSerializer", () => {
  const masked: string[] = [];
  const serializeInput = inputSerializer(({ value, tagName, type }) => {
    masked.push(`${tagName} ${type}`);
    return "*".repeat(value?.length ?? 0);
  }, (el) => (el as unknown as { type: string }).type);
  const plan = { maskInputOptions: { password: true }, maskInputFn: undefined } as unknown as Plan;
  const input = (type: string, value: string, checked = false) =>
    ({ type, value, checked }) as unknown as HTMLInputElement;

  it("writes a field's value masked, as rrweb's maskInputValue answers", () => {
    const attributes: Attributes = { type: "text" };
    serializeInput(input("text", "secret"), attributes, plan);
    expect(attributes).toEqual({ type: "text", value: "******" });
    expect(masked.at(-1)).toBe("input text");
  });

  it("writes `checked` instead of the value for a radio, a checkbox or a button, and nothing when empty", () => {
    const box: Attributes = { type: "checkbox" };
    serializeInput(input("checkbox", "on", true), box, plan);
    expect(box).toEqual({ type: "checkbox", checked: true });
    const empty: Attributes = {};
    serializeInput(input("text", ""), empty, plan);
    expect(empty).toEqual({});
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
