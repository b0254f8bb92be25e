// What the plan says is checked here; that the fast path then writes what rrweb writes is checked in
// Chromium (`tests/browser/sdk-fast-serialize.test.ts`).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { maskText } from "../../privacy/mask-text.ts";
import { planOf } from "./serialize-plan.ts";
import type { NodeOptions } from "./serialized-node.ts";

/** Just enough of a Document: `createElement(…).matches` throws for a selector it cannot parse. */
class FakeDocument {
  createElement() {
    return {
      matches: (selector: string) => {
        if (selector.includes("((")) throw new SyntaxError(`not a selector: ${selector}`);
        return false;
      },
    };
  }
}

const mirror = (docId: number) => ({ getId: () => docId, add: () => undefined });
const options = (extra: Partial<NodeOptions> = {}): NodeOptions => ({
  doc: new FakeDocument(),
  mirror: mirror(1),
  blockClass: "rr-block",
  blockSelector: "[data-rerun-block]",
  needsMask: true,
  maskInputOptions: { password: true },
  defer: () => undefined,
  ...extra,
});

describe("planOf", () => {
  beforeEach(() => vi.stubGlobal("Document", FakeDocument));
  afterEach(() => vi.unstubAllGlobals());

  it("reads a `[name]` block selector as an attribute, masks text as the SDK does, and numbers the page as rrweb", () => {
    const plan = planOf(options())!;
    expect(plan).toMatchObject({
      blockClass: "rr-block",
      blockAttribute: "data-rerun-block",
      blockSelector: null,
      rootId: undefined,
      mask: maskText,
      maskInputOptions: { password: true },
      hidden: false,
    });
    expect(planOf(options({ mirror: mirror(7) }))!.rootId).toBe(7);
    expect(planOf(options({ blockSelector: ".ad, [hidden]" }))).toMatchObject({
      blockAttribute: null,
      blockSelector: ".ad, [hidden]",
    });
  });

  it("leaves to rrweb the options it does not know or that rrweb treats otherwise", () => {
    for (
      const extra of [
        { needsMask: false },
        { skipChild: true },
        { newlyAddedElement: true },
        { preserveWhiteSpace: false },
        { slimDOMOptions: { script: true } },
        { blockClass: "two words" },
        { blockClass: /ad/ },
        { blockSelector: "((" },
        { maskInputFn: "not a function" },
        { defer: undefined },
        { doc: {} },
      ] as Array<Partial<NodeOptions>>
    ) {
      expect(planOf(options(extra)), JSON.stringify(extra)).toBeNull();
    }
  });
});
