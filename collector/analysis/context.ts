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
   * Whether the page took a submit attempt: within `formErrorLoop.outcomeWithinMs` it left the page, a
   * captured request answered 2xx, or a script emptied one of the form's fields (how a client-side form such
   * as TodoMVC's new-item box says it took the entry; a refusing form keeps what was typed).
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
    ) || timeline.fieldResets.some((r) => r.t >= submit.t && r.t <= until && submitsForm(submit, r.form));
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
