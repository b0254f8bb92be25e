/**
 * Small apps built here on real UI libraries from npm, each in its library's own idiom (issue 25): Material
 * UI with Emotion, React Router's data APIs, a Next.js-style `#__next` root and a hash-routed SPA.
 */
import { afterAll, beforeAll } from "vitest";
import { HASH_TODOS_APP, MUI_SIGNUP_APP, NEXT_ROOT_APP, ROUTER_CONTACTS_APP } from "./corpus.ts";
import { describeCorpusApp } from "./expectations.ts";
import { type Corpus, startCorpus } from "./harness.ts";

let corpus: Corpus;
beforeAll(async () => {
  corpus = await startCorpus();
});
afterAll(() => corpus?.close());

for (const app of [MUI_SIGNUP_APP, ROUTER_CONTACTS_APP, NEXT_ROOT_APP, HASH_TODOS_APP]) {
  describeCorpusApp(app, () => corpus);
}
