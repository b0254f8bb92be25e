import { describe, expect, it } from "vitest";
import { cssEscape, formSelector, type SelectorDom } from "./form-selector.ts";

type Fake = { tag: string; id?: string; name?: string; parent?: Fake; children: Fake[] };
const node = (tag: string, attrs: { id?: string; name?: string } = {}, children: Fake[] = []): Fake => {
  const out: Fake = { tag, ...attrs, children };
  for (const child of children) child.parent = out;
  return out;
};
const DOM: SelectorDom<Fake> = {
  tag: (e) => e.tag,
  id: (e) => e.id ?? "",
  name: (e) => e.name ?? null,
  parent: (e) => e.parent ?? null,
  position: (e) => {
    const same = (e.parent?.children ?? [e]).filter((c) => c.tag === e.tag);
    return { index: same.indexOf(e) + 1, of: same.length };
  },
};

describe("formSelector", () => {
  it("names a form by id, then name, then a path of at most four steps that stops at an id", () => {
    const byId = node("form", { id: "sign up" });
    const byName = node("form", { name: 'a"b' });
    const second = node("form");
    const deep = node("form");
    node("html", {}, [node("body", {}, [
      node("div", { id: "root" }, [node("main", {}, [node("div", {}, [node("form"), second])])]),
      node("div", {}, [node("div", {}, [node("div", {}, [node("div", {}, [deep])])])]),
      byId,
      byName,
    ])]);
    expect(formSelector(byId, DOM)).toBe("#sign\\ up");
    expect(formSelector(byName, DOM)).toBe('form[name="a\\"b"]');
    expect(formSelector(second, DOM)).toBe("#root > main > div > form:nth-of-type(2)");
    expect(formSelector(deep, DOM)).toBe("div > div > div > form");
  });
});

describe("cssEscape", () => {
  it("serializes identifiers as CSS.escape does", () => {
    expect(cssEscape("a-b_c")).toBe("a-b_c");
    expect(cssEscape("1a")).toBe("\\31 a");
    expect(cssEscape("-1")).toBe("-\\31 ");
    expect(cssEscape("-")).toBe("\\-");
    expect(cssEscape("a:b.c")).toBe("a\\:b\\.c");
    expect(cssEscape("\u0000\u001f")).toBe("\uFFFD\\1f ");
    expect(cssEscape("café")).toBe("café");
  });
});
