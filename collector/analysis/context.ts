/**
 * What every detector receives: the normalised timeline, the rules, the options, and the few facts that
 * more than one detector needs (click bursts, submit outcomes, the collector's own URLs), computed once.
 */
import type { Finding } from "../../shared/report.ts";
import type { ClickRecord, SubmitRecord, Timeline } from "./records.ts";
import { submitsForm } from "./form-match.ts";
import { lowerBound } from "./response.ts";
import { RULES, type Rules } from "./rules.ts";

export type AnalysisOptions = {
  /** Origin of this collector (e.g. `https://rerun.example.com`); requests to it are never findings. */
  collectorOrigin?: string;
};

/** ≥ 3 clicks, each < 1 s after the previous, within 30 px of the first, on one target (SPEC §4). */
export type ClickBurst = { clicks: ClickRecord[] };

export type AnalysisContext = {
  timeline: Timeline;
  rules: Rules;
  options: AnalysisOptions;
  bursts: ClickBurst[];
  isCollectorUrl(url: string): boolean;
  /**
   * Whether the page took a submit attempt: within `formErrorLoop.outcomeWithinMs` it left the page or a
   * captured request answered 2xx, or it emptied every field that was filled (how a client-side form such as
   * TodoMVC's new-item box says it took the entry; a refusing form keeps what was typed, or clears only the
   * password).
   */
  submitSucceeded(submit: SubmitRecord): boolean;
};

/** Every detector has this shape; `report.ts` lists them in one array. */
export type Detector = (ctx: AnalysisContext) => Finding[];

// The SDK's own calls end in these tRPC paths even when no collector origin is configured.
const COLLECTOR_PATH = /\/trpc\/ingest\.(batch|behavioral|check)\b/;

function findBursts(clicks: readonly ClickRecord[], rules: Rules): ClickBurst[] {
  const bursts: ClickBurst[] = [];
  let run: ClickRecord[] = [];
  const close = () => {
    if (run.length >= rules.rageClick.minClicks) bursts.push({ clicks: run });
  };
  for (const click of clicks) {
    const first = run[0];
    const prev = run[run.length - 1];
    const joins = first !== undefined && prev !== undefined &&
      click.target.key === first.target.key &&
      click.t - prev.t < rules.rageClick.maxGapMs &&
      Math.hypot(click.x - first.x, click.y - first.y) <= rules.rageClick.maxDistancePx;
    if (joins) {
      run.push(click);
    } else {
      close();
      run = [click];
    }
  }
  close();
  return bursts;
}

export function createAnalysisContext(timeline: Timeline, options: AnalysisOptions = {}): AnalysisContext {
  const rules = RULES;
  const origin = options.collectorOrigin?.replace(/\/+$/, "");
  const isCollectorUrl = (url: string): boolean =>
    (origin !== undefined && origin !== "" && (url === origin || url.startsWith(origin + "/"))) ||
    COLLECTOR_PATH.test(url);
  const navs = timeline.navigations;
  const navTimes = navs.map((n) => n.t);
  const submitSucceeded = (submit: SubmitRecord): boolean => {
    const until = submit.t + rules.formErrorLoop.outcomeWithinMs;
    for (let i = lowerBound(navTimes, submit.t); i < navs.length && navs[i]!.t <= until; i++) {
      if (navs[i]!.url !== submit.page) return true;
    }
    return timeline.network.some((r) =>
      r.t >= submit.t && r.t <= until && r.status >= 200 && r.status < 300 && !isCollectorUrl(r.url)
    ) || emptiedFilledFields(timeline, submit, until);
  };
  return {
    timeline,
    rules,
    options,
    bursts: findBursts(timeline.clicks, rules),
    isCollectorUrl,
    submitSucceeded,
  };
}

/**
 * Whether every field of `submit`'s form that held text when it was submitted was emptied afterwards: a
 * script set it to "" within `until` (rrweb sees that unless a framework such as React tracked the field
 * before the recorder loaded, and then calls the browser's own setter), or the person's next edit of it, before
 * the form's next submit, left one character or none, so it started from empty.
 */
function emptiedFilledFields(timeline: Timeline, submit: SubmitRecord, until: number): boolean {
  const filled = new Map<string, boolean>(); // field key → emptied since the submit
  for (const input of timeline.inputs) {
    if (input.t > submit.t) break;
    const form = input.target.form;
    if (form === undefined || !submitsForm(submit, form)) continue;
    if (input.length > 0) filled.set(input.target.key, false);
    else filled.delete(input.target.key);
  }
  if (filled.size === 0) return false;
  for (const reset of timeline.fieldResets) {
    if (reset.t >= submit.t && reset.t <= until && filled.has(reset.target.key)) {
      filled.set(reset.target.key, true);
    }
  }
  const form = submit.formKey ?? submit.selector;
  const nextSubmit = timeline.submits.find((s) => s.t > submit.t && (s.formKey ?? s.selector) === form)?.t ??
    Infinity;
  const seen = new Set<string>();
  for (const input of timeline.inputs) {
    if (input.t <= submit.t) continue;
    if (input.t >= nextSubmit) break;
    const key = input.target.key;
    if (!filled.has(key) || seen.has(key)) continue;
    seen.add(key);
    if (input.length <= 1) filled.set(key, true);
  }
  return [...filled.values()].every(Boolean);
}
