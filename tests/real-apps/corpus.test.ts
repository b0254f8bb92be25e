/**
 * The real-app corpus against one collector, each flow played once:
 *
 * - per app (issue 25): pages nobody here wrote (Debian's Python 3.11 documentation, python3.11-doc, with
 *   the SDK's script tag added to every page, read through at about 1.2 s a page, searched, scrolled and
 *   left) and small apps built here on real UI libraries from npm, each in its library's own idiom (Material
 *   UI with Emotion, React Router's data APIs, a Next.js-style `#__next` root, Lit web components, a
 *   hash-routed SPA): views stored, no finding on the clean flow, the scripted trouble on the friction flow,
 *   replay fidelity;
 * - across sessions (issue 27): the collector settles every session at once (`SESSION_SETTLE_MINUTES=0`),
 *   and `rerun friction` must show exactly the issues the friction flows caused, each on its route, while
 *   the clean flows add none. Aggregates multiply whatever the per-session engine invents, so a finding a
 *   clean flow starts producing fails here as an issue of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { templateRoute } from "../../collector/friction/route-template.ts";
import type { FrictionIssue } from "../../shared/friction.ts";
import { waitForAllAnalysed } from "../helpers/friction.ts";
import { runCli } from "../helpers/run-cli.ts";
import {
  CORPUS,
  type CorpusApp,
  HASH_TODOS_APP,
  LIT_TODOS_APP,
  MUI_SIGNUP_APP,
  NEXT_ROOT_APP,
  PYTHON_DOCS_APP,
  ROUTER_CONTACTS_APP,
} from "./corpus.ts";
import {
  describeCorpusApp,
  FIDELITY_TARGET,
  FLOW_RELEASE,
  playCorpusApp,
  type PlayedFlows,
} from "./expectations.ts";
import { type Corpus, startCorpus } from "./harness.ts";

let corpus: Corpus;
beforeAll(async () => {
  corpus = await startCorpus({ SESSION_SETTLE_MINUTES: "0" });
});
afterAll(() => corpus?.close());

const plays = new Map<string, Promise<PlayedFlows>>();
/** The app's two flows, played the first time they are asked for (whichever tests a filter leaves). */
function played(app: CorpusApp): Promise<PlayedFlows> {
  let play = plays.get(app.name);
  if (play === undefined) plays.set(app.name, play = playCorpusApp(corpus, app));
  return play;
}

describeCorpusApp(PYTHON_DOCS_APP, () => played(PYTHON_DOCS_APP));
for (const app of [MUI_SIGNUP_APP, ROUTER_CONTACTS_APP, NEXT_ROOT_APP, HASH_TODOS_APP]) {
  describeCorpusApp(app, () => played(app));
}
// Lit's to-do items have their own shadow roots and adopted style sheets, re-created by a filter change.
// Plain rrweb's recording replays them unstyled after a seek; rerun's carries each sheet's rules with every
// adoption (sdk/record/adopted-styles.ts), so it must reach the target whatever plain rrweb manages.
describeCorpusApp(LIT_TODOS_APP, () => played(LIT_TODOS_APP), (flows) => {
  it("replays items re-created after a filter change with their shadow-root styles", () => {
    const { rerun } = flows().clean.fidelity;
    expect(rerun.share, rerun.examples.join("; ")).toBeGreaterThanOrEqual(FIDELITY_TARGET);
  });
});

type IssueList = { issues: FrictionIssue[]; sessions: number };

describe("friction issues across the corpus (rerun friction)", () => {
  const flows = new Map<string, PlayedFlows>();
  let all: IssueList;
  const target = () => ["--url", corpus.collector.url, "--read-key", corpus.collector.readKey];

  async function friction(args: string[]): Promise<IssueList> {
    const result = await runCli(["friction", ...args, "--json", ...target()]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as IssueList;
  }

  const issueLine = (i: Pick<FrictionIssue, "appId" | "kind" | "route">) => `${i.appId} ${i.kind} ${i.route}`;
  const caused = CORPUS.flatMap((app) => app.expected.map((f) => issueLine({ appId: app.name, ...f })));
  const explain = (issues: readonly FrictionIssue[]) =>
    JSON.stringify(issues.map((i) => ({ issue: issueLine(i), sessions: i.sessions, title: i.title })));

  beforeAll(async () => {
    for (const app of CORPUS) flows.set(app.name, await played(app));
    const analysed = await waitForAllAnalysed(corpus.collector, CORPUS.length * 2);
    expect(analysed).toEqual({ sessions: CORPUS.length * 2, analysed: CORPUS.length * 2 });
    all = await friction(["--since", "24h", "--sort", "sessions", "--limit", "100"]);
    // Run on their own (a -t filter), these tests play all twelve flows in this hook.
  }, 12 * 60_000);

  it("files each friction flow's findings as issues of its app on the route they happened on", () => {
    expect(all.sessions).toBe(CORPUS.length * 2);
    for (const app of CORPUS) {
      const { clean, friction } = flows.get(app.name)!;
      for (const want of app.expected) {
        const issue = all.issues.find((i) => issueLine(i) === issueLine({ appId: app.name, ...want }));
        expect(issue, `${app.name} ${want.kind} on ${want.route} among ${explain(all.issues)}`).toBeDefined();
        expect(issue).toMatchObject({
          sessions: 1,
          users: 1,
          status: "new",
          firstRelease: FLOW_RELEASE.friction,
          lastRelease: FLOW_RELEASE.friction,
        });
        // The example is the friction flow's session, at its finding's moment (whose nearness to the
        // scripted action the app's own tests check).
        expect(issue!.examples.map((e) => e.sessionId)).toEqual([friction.sessionId]);
        const moments = friction.report!.findings.filter((f) => f.kind === want.kind).map((f) =>
          Math.round(f.startMs)
        );
        expect(moments, issue!.examples[0]!.evidence).toContain(issue!.examples[0]!.startMs);
        // Share is read against every session of the app that saw the route, the clean one included.
        const visited = [clean, friction].filter((r) =>
          r.routes.map((seen) => templateRoute(seen)).includes(want.route)
        ).length;
        expect(issue!.share, `${issueLine(issue!)}: visited by ${visited} of the app's 2 sessions`)
          .toBeCloseTo(1 / visited, 5);
      }
    }
  });

  it("files nothing of the clean flows: no issue names a clean session, and their release checks clean", async () => {
    const cleanSessions = new Set(CORPUS.map((app) => flows.get(app.name)!.clean.sessionId));
    for (const issue of all.issues) {
      // Every session of an issue this small is one of its examples.
      expect(issue.examples, issueLine(issue)).toHaveLength(issue.sessions);
      const named = issue.examples.filter((e) => cleanSessions.has(e.sessionId));
      expect(named, `${issueLine(issue)} has a clean flow's session`).toEqual([]);
    }
    const ofClean = await friction(["--since", "24h", "--release", FLOW_RELEASE.clean, "--limit", "100"]);
    expect(ofClean.sessions).toBe(CORPUS.length);
    expect(explain(ofClean.issues)).toBe("[]");

    const check = async (release: string) => {
      const result = await runCli([
        "friction",
        "check",
        "--release",
        release,
        "--fail-on",
        "new,regressed",
        "--json",
        ...target(),
      ]);
      return {
        code: result.code,
        ...(JSON.parse(result.stdout) as { ok: boolean; issues: FrictionIssue[] }),
      };
    };
    const cleanCheck = await check(FLOW_RELEASE.clean);
    expect({ ...cleanCheck, issues: explain(cleanCheck.issues) }).toEqual({
      code: 0,
      ok: true,
      issues: "[]",
    });
    // The friction flows' release fails the same check, on exactly the issues they caused.
    const frictionCheck = await check(FLOW_RELEASE.friction);
    expect(frictionCheck.code).toBe(1);
    expect(frictionCheck.issues.map(issueLine).sort()).toEqual([...caused].sort());
  });

  it("ranks exactly the issues the friction flows caused on top, and nothing else", async () => {
    expect(all.issues.map(issueLine).sort(), explain(all.issues)).toEqual([...caused].sort());
    const top = await friction(["--since", "24h", "--sort", "sessions", "--limit", String(caused.length)]);
    expect(top.issues.map(issueLine).sort()).toEqual([...caused].sort());
  });
});
