/**
 * Plays one scripted scenario in a fresh tab of the scenario app (a new tab is a new `sessionStorage`, so a
 * new session), ends it with the SDK's final flush, and reads the session's friction report from the
 * collector through `replays.analyze`. Every action that a finding is expected near is marked with the
 * page's own clock just before it happens, so times are compared as offsets from the recorded session start.
 */
import type { Page } from "playwright-core";
import type { FrictionReport } from "../../shared/report.ts";
import type { RunningChromium } from "../helpers/chromium.ts";

/**
 * One scripted user action. `mark` names a moment for expected findings to refer to: for a click, a typed
 * text or a wheel, the instant the input is dispatched (after the element was found); for `open`,
 * `follow` and `back`, the arrival — when the new page is recording.
 */
export type Step =
  | { do: "open"; page: string; mark?: string }
  | { do: "click"; selector: string; times?: number; gapMs?: number; mark?: string }
  | { do: "type"; selector: string; text: string; mark?: string }
  | { do: "follow"; selector: string; arrive: string; mark?: string }
  | { do: "back"; arrive: string; mark?: string }
  | { do: "wheel"; deltas: number[]; gapMs: number; mark?: string }
  | { do: "wait"; ms: number };

export type ScenarioRun = { report: FrictionReport; marks: Record<string, number> };

type Target = { appUrl: string; collector: { url: string; readKey: string } };

const POLL_MS = 50;
const ARRIVE_TIMEOUT_MS = 20_000;
const REPORT_TIMEOUT_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `expression` in the page until it is truthy, across navigations (which destroy the context). */
async function until(page: Page, expression: string, what: string): Promise<void> {
  const deadline = Date.now() + ARRIVE_TIMEOUT_MS;
  for (;;) {
    const ok = await page.evaluate(expression).catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what} (${expression}) on ${page.url()}`);
    }
    await sleep(POLL_MS);
  }
}

const RECORDING = "window.replay !== undefined && window.replay.getStatus().state === 'recording'";
/** A new document (the marker set on the old one is gone) at `path`, recording. */
const arrived = (path: string, fresh: boolean) =>
  `${fresh ? "!window.__scenarioLeft && " : ""}location.pathname === ${
    JSON.stringify(`/app/${path}`)
  } && ${RECORDING}`;

/** Clicks the middle of `selector` `times` times at one spot, as a hand hammering one place would. */
async function clickAt(
  page: Page,
  opts: { selector: string; times: number; gapMs: number; mark: () => Promise<void> },
) {
  const element = page.locator(opts.selector);
  await element.scrollIntoViewIfNeeded();
  const box = await element.boundingBox();
  if (!box) throw new Error(`${opts.selector} is not visible`);
  await opts.mark();
  for (let i = 0; i < opts.times; i++) {
    if (i > 0) await page.waitForTimeout(opts.gapMs);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }
}

/** Turns the wheel at the middle of the viewport, one delta every `gapMs`, marking the first. */
export async function wheelAtCentre(
  page: Page,
  opts: { deltas: readonly number[]; gapMs: number; mark: () => Promise<void> },
): Promise<void> {
  // Wheel acks and scroll events wait for rendering frames, produced at full rate only for the front tab.
  await page.bringToFront();
  const viewport = page.viewportSize() ?? { width: 800, height: 600 };
  await page.mouse.move(viewport.width / 2, viewport.height / 2);
  await opts.mark();
  for (let i = 0; i < opts.deltas.length; i++) {
    if (i > 0) await page.waitForTimeout(opts.gapMs);
    await page.mouse.wheel(0, opts.deltas[i]!);
  }
}

async function play(page: Page, step: Step, ctx: Target & { mark: () => Promise<void> }): Promise<void> {
  const { mark } = ctx;
  switch (step.do) {
    case "open":
      await page.goto(`${ctx.appUrl}/app/${step.page}`);
      await until(page, arrived(step.page, false), `${step.page} to record`);
      return mark();
    case "click":
      return clickAt(page, {
        selector: step.selector,
        times: step.times ?? 1,
        gapMs: step.gapMs ?? 150,
        mark,
      });
    case "type":
      await clickAt(page, { selector: step.selector, times: 1, gapMs: 0, mark });
      return page.keyboard.type(step.text, { delay: 20 });
    case "follow":
      await page.evaluate("window.__scenarioLeft = true");
      await clickAt(page, { selector: step.selector, times: 1, gapMs: 0, mark: async () => {} });
      await until(
        page,
        arrived(step.arrive, true),
        `${step.arrive} to record after clicking ${step.selector}`,
      );
      return mark();
    case "back":
      await page.evaluate("window.__scenarioLeft = true");
      await page.goBack();
      // A page restored from the back/forward cache keeps its old globals, so only the path is checked.
      await until(page, arrived(step.arrive, false), `${step.arrive} after going back`);
      return mark();
    case "wheel":
      return wheelAtCentre(page, { deltas: step.deltas, gapMs: step.gapMs, mark });
    case "wait":
      return page.waitForTimeout(step.ms);
    default: {
      const never: never = step;
      throw new Error(`unknown step ${JSON.stringify(never)}`);
    }
  }
}

/** GET `/trpc/replays.<procedure>` for one session with the read key; null when there is no such session yet. */
async function readReplay<TData>(
  target: Target,
  procedure: "analyze" | "narrative",
  sessionId: string,
): Promise<TData | null> {
  const input = encodeURIComponent(JSON.stringify({ sessionId }));
  const res = await fetch(`${target.collector.url}/trpc/replays.${procedure}?input=${input}`, {
    headers: { authorization: `Bearer ${target.collector.readKey}` },
  });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`replays.${procedure} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { result: { data: TData } }).result.data;
}

/** The session's narrative CSV, to explain a failed expectation. */
export async function readNarrative(target: Target, sessionId: string): Promise<string> {
  return (await readReplay<{ csv: string }>(target, "narrative", sessionId))?.csv ?? "(no narrative)";
}

/** Plays `steps` in a new tab and returns the session's report with every mark as an offset from its start. */
export async function runScenario(
  opts: { chromium: RunningChromium; steps: readonly Step[] } & Target,
): Promise<ScenarioRun> {
  const page = await opts.chromium.newPage();
  try {
    const epochMarks: Record<string, number> = {};
    for (const step of opts.steps) {
      const name = step.do === "wait" ? undefined : step.mark;
      const mark = async (): Promise<void> => {
        if (name !== undefined) epochMarks[name] = await page.evaluate("Date.now()") as number;
      };
      await play(page, step, { appUrl: opts.appUrl, collector: opts.collector, mark });
    }
    // The session's last recorded moment: without it a recording would end at the last action, too soon to
    // know whether that action was ever answered.
    const endEpoch = await page.evaluate("Date.now()") as number;
    await page.evaluate("window.replay.addCustomEvent('scenario_end', {})");
    const sessionId = await page.evaluate("window.replay.getStatus().sessionId") as string;
    await page.evaluate("window.replay.flush({ final: true })");
    // Batches of earlier pages went out on pagehide; wait until the stored session reaches the last event.
    const deadline = Date.now() + REPORT_TIMEOUT_MS;
    for (;;) {
      const report = await readReplay<FrictionReport>(opts, "analyze", sessionId);
      const start = report ? Date.parse(report.startedAt) : NaN;
      if (report && start + report.durationMs >= endEpoch) {
        const marks = Object.fromEntries(Object.entries(epochMarks).map(([name, t]) => [name, t - start]));
        return { report, marks };
      }
      if (Date.now() > deadline) throw new Error(`session ${sessionId} did not reach its last event in time`);
      await sleep(200);
    }
  } finally {
    await page.close();
  }
}
