/**
 * form_abandon (SPEC §4): ≥ 2 fields (or ≥ 3 characters in one) edited in a form, then the page is left
 * or the session ends with no submit attempt of that form. A submit attempt clears the form's edits; edits
 * after it start over. Fields outside any form and forms marked `[data-rerun-ignore-abandon]` are not
 * counted. Medium.
 */
import type { Finding } from "../../../shared/report.ts";
import type { Detector } from "../context.ts";
import { submitsForm } from "../form-match.ts";
import { formatClock } from "../format.ts";
import type { FormRef } from "../records.ts";

type Edits = { form: FormRef; page: string; firstT: number; lengths: Map<string, number> };
type Step =
  | { kind: "input"; t: number; fieldKey: string; form: FormRef; page: string; length: number }
  | { kind: "submit"; t: number; index: number }
  | { kind: "leave"; t: number; why: "left the page" | "the session ended" };

export const detectFormAbandons: Detector = (ctx) => {
  const { rules, timeline } = ctx;
  const steps: Step[] = [];
  for (const input of timeline.inputs) {
    const form = input.target.form;
    if (!form || form.ignoreAbandon) continue;
    steps.push({
      kind: "input",
      t: input.t,
      fieldKey: input.target.key,
      form,
      page: input.page,
      length: input.length,
    });
  }
  timeline.submits.forEach((s, index) => steps.push({ kind: "submit", t: s.t, index }));
  for (const visit of timeline.visits.slice(1)) {
    steps.push({ kind: "leave", t: visit.t, why: "left the page" });
  }
  steps.push({ kind: "leave", t: timeline.durationMs, why: "the session ended" });
  // Stable sort keeps inputs before a submit or a leave at the same millisecond.
  steps.sort((a, b) => a.t - b.t);

  const open = new Map<string, Edits>();
  const findings: Finding[] = [];
  for (const step of steps) {
    switch (step.kind) {
      case "input": {
        let edits = open.get(step.form.key);
        if (!edits) {
          edits = { form: step.form, page: step.page, firstT: step.t, lengths: new Map() };
          open.set(step.form.key, edits);
        }
        edits.lengths.set(step.fieldKey, step.length);
        break;
      }
      case "submit": {
        const submit = timeline.submits[step.index]!;
        for (const [key, edits] of open) if (submitsForm(submit, edits.form)) open.delete(key);
        break;
      }
      case "leave": {
        for (const edits of open.values()) {
          const fields = edits.lengths.size;
          const chars = [...edits.lengths.values()].reduce((sum, n) => sum + n, 0);
          const longest = Math.max(0, ...edits.lengths.values());
          if (fields < rules.formAbandon.minFields && longest < rules.formAbandon.minChars) continue;
          findings.push({
            kind: "form_abandon",
            startMs: edits.firstT,
            endMs: step.t,
            severity: "medium",
            url: edits.page,
            target: { selector: edits.form.selector, tag: "form" },
            count: fields,
            evidence: `Edited ${fields} field${
              fields === 1 ? "" : "s"
            } (${chars} characters) in ${edits.form.selector} from ${
              formatClock(edits.firstT)
            }, then ${step.why} at ${formatClock(step.t)} without submitting`,
          });
        }
        open.clear();
        break;
      }
      default: {
        const never: never = step;
        throw new Error(`unknown step ${String(never)}`);
      }
    }
  }
  return findings;
};
