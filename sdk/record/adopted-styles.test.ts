import { describe, expect, it } from "vitest";
import { RRWEB_EVENT, RRWEB_SOURCE } from "../../shared/events.ts";
import { createAdoptedStyleCompleter } from "./adopted-styles.ts";

const rules = [{ rule: ":host { display: block; }" }, { rule: "li { padding: 14px; }" }];
const adopted = (id: number, styleIds: number[], styles?: unknown[]) => ({
  type: RRWEB_EVENT.IncrementalSnapshot,
  timestamp: id,
  data: { source: RRWEB_SOURCE.AdoptedStyleSheet, id, styleIds, ...(styles ? { styles } : {}) },
});

describe("createAdoptedStyleCompleter", () => {
  it("adds the rules of a sheet sent earlier to every later host that adopts it", () => {
    const complete = createAdoptedStyleCompleter();
    expect(complete(adopted(69, [2], [{ styleId: 2, rules }]))).toEqual(
      adopted(69, [2], [{ styleId: 2, rules }]),
    );
    expect(complete(adopted(84, [2]))).toEqual(adopted(84, [2], [{ styleId: 2, rules }]));
    expect(complete(adopted(99, [1, 2], [{ styleId: 1, rules: [] }]))).toEqual(
      adopted(99, [1, 2], [{ styleId: 1, rules: [] }, { styleId: 2, rules }]),
    );
  });

  it("leaves sheets changed after adoption, unknown ids and other events as rrweb sent them", () => {
    const complete = createAdoptedStyleCompleter();
    complete(adopted(69, [2], [{ styleId: 2, rules }]));
    const change = {
      type: RRWEB_EVENT.IncrementalSnapshot,
      timestamp: 1,
      data: { source: 8, styleId: 2, adds: [] },
    };
    expect(complete(change)).toBe(change);
    expect(complete(adopted(84, [2]))).toEqual(adopted(84, [2]));
    expect(complete(adopted(85, [7]))).toEqual(adopted(85, [7]));
  });

  it("forgets every sheet at a full snapshot, which renumbers them", () => {
    const complete = createAdoptedStyleCompleter();
    complete(adopted(69, [2], [{ styleId: 2, rules }]));
    complete({ type: RRWEB_EVENT.FullSnapshot, timestamp: 2, data: {} });
    expect(complete(adopted(84, [2]))).toEqual(adopted(84, [2]));
  });
});
