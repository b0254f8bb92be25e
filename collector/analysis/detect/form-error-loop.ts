/**
 * form_error_loop (SPEC §4): ≥ 2 submit attempts of the same form, each within 120 s of the previous, with
 * field edits in between, none of them followed within 3 s by leaving the page, a 2xx to a captured
 * request or the page emptying the form's fields: the user keeps fixing and resubmitting a form that keeps
 * refusing. A successful attempt ends the chain. High.
 */
import type { Finding } from "../../../shared/report.ts";
import type { Detector } from "../context.ts";
import { submitsForm } from "../form-match.ts";
import { formatDurationHuman } from "../../../shared/duration.ts";
import { formatClock } from "../format.ts";
import type { SubmitRecord } from "../records.ts";

export const detectFormErrorLoops: Detector = (ctx) => {
  const { rules, timeline } = ctx;
  const byForm = new Map<string, SubmitRecord[]>();
  for (const submit of timeline.submits) {
    const key = submit.formKey ?? `selector:${submit.selector}`;
    const list = byForm.get(key);
    if (list) list.push(submit);
    else byForm.set(key, [submit]);
  }
  const editedBetween = (a: SubmitRecord, b: SubmitRecord): boolean =>
    timeline.inputs.some((input) => {
      const form = input.target.form;
      return input.t > a.t && input.t < b.t && form !== undefined && submitsForm(a, form);
    });
  const findings: Finding[] = [];
  const report = (chain: SubmitRecord[]): void => {
    if (chain.length < rules.formErrorLoop.minSubmits) return;
    const first = chain[0]!;
    const last = chain[chain.length - 1]!;
    findings.push({
      kind: "form_error_loop",
      startMs: first.t,
      endMs: last.t,
      severity: "high",
      url: first.page,
      target: { selector: first.selector || "form", tag: "form" },
      count: chain.length,
      evidence: `${chain.length} submit attempts of ${first.selector || "a form"} in ${
        formatDurationHuman(last.t - first.t)
      } from ${formatClock(first.t)}, with edits between and no success`,
    });
  };
  for (const submits of byForm.values()) {
    let chain: SubmitRecord[] = [];
    for (const submit of submits) {
      if (ctx.submitSucceeded(submit)) {
        report(chain);
        chain = [];
        continue;
      }
      const prev = chain[chain.length - 1];
      const joins = prev !== undefined && submit.t - prev.t <= rules.formErrorLoop.withinMs &&
        editedBetween(prev, submit);
      if (!joins) {
        report(chain);
        chain = [];
      }
      chain.push(submit);
    }
    report(chain);
  }
  return findings;
};
