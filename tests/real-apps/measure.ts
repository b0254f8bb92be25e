/**
 * Prints the corpus's figures per app (issue 25): page views stored / made, findings and friction score of
 * the clean and friction flows, and replay fidelity of rerun's stored recording vs plain rrweb's.
 *
 *   npx tsx tests/real-apps/measure.ts [app…]
 *
 * Apps are named as in `corpus.ts` (python-docs, mui-signup, router-contacts, next-root, lit-todos,
 * hash-todos). REAL_APPS_DUMP=<file prefix> also writes each flow's rerun and plain rrweb events as JSON.
 * REAL_APPS_COLLECTOR_ENV='{"MAX_STORED_STRING_BYTES":"1000000"}' runs the collector with those settings,
 * to tell which cause a figure comes from.
 */
import { scoreScenario } from "../scenarios/score.ts";
import { CORPUS } from "./corpus.ts";
import { type FlowResult, startCorpus } from "./harness.ts";

const FRICTION_TOLERANCE_MS = 2_000;

const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
const kinds = (r: FlowResult) =>
  r.report === null ? "no report" : r.report.findings.map((f) => f.kind).join(", ") || "none";

const wanted = process.argv.slice(2);
await using corpus = await startCorpus(JSON.parse(process.env.REAL_APPS_COLLECTOR_ENV ?? "{}"));
const rows: string[][] = [];
for (const app of CORPUS.filter((a) => wanted.length === 0 || wanted.includes(a.name))) {
  for (const flow of ["clean", "friction"] as const) {
    const r = await corpus.runFlow(app[flow]);
    const score = flow === "friction" && r.report
      ? scoreScenario({
        expected: app.expected,
        findings: r.report.findings,
        marks: r.marks,
        toleranceMs: FRICTION_TOLERANCE_MS,
      })
      : null;
    rows.push([
      app.name,
      flow,
      `${r.viewsStored}/${r.viewsMade}`,
      `${r.windowsStored}/${r.loadsMade}`,
      `${r.report?.findings.length ?? "-"} (${kinds(r)})`,
      String(r.report?.frictionScore ?? "-"),
      score ? `${score.found.length}/${app.expected.length}` : "",
      `${pct(r.fidelity.rerun.share)} of ${r.fidelity.rerun.elements}`,
      `${pct(r.fidelity.plain.share)} of ${r.fidelity.plain.elements}`,
    ]);
    for (const f of r.report?.findings ?? []) {
      console.error(`${app.name} ${flow}: ${f.kind} at ${f.startMs} ms: ${f.evidence}`);
    }
    if (r.viewsStored !== r.viewsMade) {
      console.error(
        `${app.name} ${flow}: views made ${r.routes.join(" ")}; stored ${r.storedRoutes.join(" ")}`,
      );
    }
    for (const who of ["rerun", "plain"] as const) {
      const misses = r.fidelity[who].examples;
      if (misses.length) console.error(`${app.name} ${flow}, ${who} replay: ${misses.join("; ")}`);
    }
    if (score?.missed.length) {
      console.error(`  missed: ${score.missed.map((m) => `${m.kind} (${m.why})`).join("; ")}`);
    }
  }
}
const header = [
  "app",
  "flow",
  "views stored/made",
  "windows stored/loads",
  "findings",
  "score",
  "expected found",
  "fidelity rerun",
  "fidelity plain rrweb",
];
console.log(`| ${header.join(" | ")} |\n|${header.map(() => " --- |").join("")}`);
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
