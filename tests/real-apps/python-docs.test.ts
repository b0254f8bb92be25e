/**
 * Pages nobody here wrote: Debian's Python 3.11 documentation (python3.11-doc), with the SDK's script tag
 * added to every page, read through quickly (about 1.2 s a page), searched, scrolled and left (issue 25).
 */
import { afterAll, beforeAll } from "vitest";
import { PYTHON_DOCS_APP } from "./corpus.ts";
import { describeCorpusApp } from "./expectations.ts";
import { type Corpus, startCorpus } from "./harness.ts";

let corpus: Corpus;
beforeAll(async () => {
  corpus = await startCorpus();
});
afterAll(() => corpus?.close());

describeCorpusApp(PYTHON_DOCS_APP, () => corpus);
