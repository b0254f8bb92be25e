/**
 * Lit web components (issue 25, item 5): to-do items with their own shadow roots and adopted style sheets,
 * re-created by a filter change. Plain rrweb's recording replays them unstyled after a seek; rerun's
 * recording carries each sheet's rules with every adoption (sdk/record/adopted-styles.ts), so it must reach
 * the fidelity target on its own, whatever plain rrweb manages.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { LIT_TODOS_APP } from "./corpus.ts";
import { describeCorpusApp, FIDELITY_TARGET } from "./expectations.ts";
import { type Corpus, startCorpus } from "./harness.ts";

let corpus: Corpus;
beforeAll(async () => {
  corpus = await startCorpus();
});
afterAll(() => corpus?.close());

describeCorpusApp(LIT_TODOS_APP, () => corpus, (flows) => {
  it("replays items re-created after a filter change with their shadow-root styles", () => {
    const { rerun } = flows().clean.fidelity;
    expect(rerun.share, rerun.examples.join("; ")).toBeGreaterThanOrEqual(FIDELITY_TARGET);
  });
});
