/**
 * The friction quality bar: real sessions in Chromium on a small shop app with deliberate faults, recorded
 * by the built script-tag SDK, stored by the real collector and analysed through `replays.analyze`. Each
 * scenario lists the findings it must produce, near which scripted action, and every other kind counts as a
 * false positive; clean sessions and SPEC §4's "not counted" cases must produce nothing. Grow this table
 * whenever a false positive or a miss turns up in the field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSdkBuilt } from "../browser/sdk-page.ts";
import { launchChromium, type RunningChromium } from "../helpers/chromium.ts";
import { type RunningCollector, startCollector } from "../helpers/collector.ts";
import { type AppServer, serveScenarioApp } from "./app-server.ts";
import { readNarrative, runScenario, type ScenarioRun, type Step } from "./run-scenario.ts";
import {
  type ExpectedFinding,
  formatSuiteScore,
  type ScenarioScore,
  scoreScenario,
  scoreSuite,
} from "./score.ts";

type Scenario = { name: string; steps: Step[]; expect: ExpectedFinding[] };

/** Long enough after a click for dead_click's 2.5 s without a response to have passed. */
const PAST_DEAD_MS = 2_800;

// name → steps → expected findings (kind, near which mark, on which target). An empty list: a clean session.
const SCENARIOS: Scenario[] = [
  // ── Faults ────────────────────────────────────────────────────────────────────────────────────────────
  {
    name: "a button-like div that does nothing is a dead click",
    steps: [{ do: "open", page: "index.html" }, { do: "click", selector: "#promo", mark: "click" }, {
      do: "wait",
      ms: PAST_DEAD_MS,
    }],
    expect: [{ kind: "dead_click", at: "click", selector: "#promo" }],
  },
  {
    name: "a button nobody wired up is a dead click",
    steps: [{ do: "open", page: "index.html" }, { do: "click", selector: "#coupon", mark: "click" }, {
      do: "wait",
      ms: PAST_DEAD_MS,
    }],
    expect: [{ kind: "dead_click", at: "click", selector: "#coupon" }],
  },
  {
    name: "hammering the dead div is a rage click (and not also a dead click)",
    steps: [
      { do: "open", page: "index.html" },
      { do: "click", selector: "#promo", times: 5, gapMs: 150, mark: "burst" },
      { do: "wait", ms: PAST_DEAD_MS },
    ],
    expect: [{ kind: "rage_click", at: "burst", selector: "#promo" }],
  },
  {
    name: "a button that throws is an error click and a JS error",
    steps: [{ do: "open", page: "index.html" }, { do: "click", selector: "#pay", mark: "click" }, {
      do: "wait",
      ms: 500,
    }],
    expect: [{ kind: "error_click", at: "click", selector: "#pay" }, { kind: "js_error", at: "click" }],
  },
  {
    name: "a request that answers 500 is a network error",
    steps: [{ do: "open", page: "index.html" }, { do: "click", selector: "#reviews", mark: "click" }, {
      do: "wait",
      ms: 800,
    }],
    expect: [{ kind: "network_error", at: "click" }],
  },
  {
    name: "a slow request clicked repeatedly is a rage click and a slow response",
    steps: [
      { do: "open", page: "index.html" },
      { do: "click", selector: "#stock", times: 3, gapMs: 400, mark: "burst" },
      { do: "wait", ms: 4_000 },
    ],
    expect: [{ kind: "rage_click", at: "burst", selector: "#stock" }, { kind: "slow_response", at: "burst" }],
  },
  {
    name: "a button that answers after 3.5 s is a slow response",
    steps: [{ do: "open", page: "index.html" }, { do: "click", selector: "#recommend", mark: "click" }, {
      do: "wait",
      ms: 4_000,
    }],
    expect: [{ kind: "slow_response", at: "click", selector: "#recommend" }],
  },
  {
    name: "a form that keeps rejecting the card number is a form error loop",
    steps: [
      { do: "open", page: "checkout.html" },
      { do: "type", selector: "#name", text: "Ada" },
      { do: "type", selector: "#card", text: "4111" },
      { do: "click", selector: "#place-order", mark: "first-submit" },
      { do: "type", selector: "#card", text: "1111" },
      { do: "click", selector: "#place-order" },
      { do: "type", selector: "#card", text: "22" },
      { do: "click", selector: "#place-order" },
      { do: "wait", ms: 500 },
    ],
    expect: [{ kind: "form_error_loop", at: "first-submit", selector: "#checkout" }],
  },
  {
    name: "a form with classes but no id or name that keeps refusing is a form error loop",
    steps: [
      { do: "open", page: "signup.html" },
      { do: "type", selector: "#su-email", text: "ada" },
      { do: "click", selector: "#su-submit", mark: "first-submit" },
      { do: "type", selector: "#su-email", text: "@example" },
      { do: "click", selector: "#su-submit" },
      { do: "type", selector: "#su-password", text: "1234" },
      { do: "click", selector: "#su-submit" },
      { do: "wait", ms: 500 },
    ],
    expect: [{ kind: "form_error_loop", at: "first-submit", selector: "body > form" }],
  },
  {
    name: "a form left half-filled is a form abandon",
    steps: [
      { do: "open", page: "form.html" },
      { do: "type", selector: "#nl-name", text: "Grace", mark: "first-edit" },
      { do: "type", selector: "#nl-email", text: "grace@" },
      { do: "follow", selector: "#form-home", arrive: "index.html" },
      { do: "wait", ms: 300 },
    ],
    expect: [{ kind: "form_abandon", at: "first-edit", selector: "#newsletter" }],
  },
  {
    name: "going back within a second of arriving is a quick back",
    steps: [
      { do: "open", page: "index.html" },
      { do: "follow", selector: "#nav-cart", arrive: "cart.html", mark: "to-cart" },
      { do: "wait", ms: 800 },
      { do: "back", arrive: "index.html" },
      { do: "wait", ms: 300 },
    ],
    expect: [{ kind: "quick_back", at: "to-cart" }],
  },
  {
    name: "shop ↔ cart twice is a navigation loop, each quick return a quick back",
    steps: [
      { do: "open", page: "index.html", mark: "start" },
      { do: "follow", selector: "#nav-cart", arrive: "cart.html", mark: "to-cart" },
      { do: "follow", selector: "#to-home", arrive: "index.html" },
      { do: "follow", selector: "#nav-cart", arrive: "cart.html" },
      { do: "follow", selector: "#to-home", arrive: "index.html" },
      { do: "wait", ms: 300 },
    ],
    expect: [{ kind: "navigation_loop", at: "start" }, { kind: "quick_back", at: "to-cart" }],
  },
  {
    name: "scrolling up and down fast is an excessive scroll",
    steps: [
      { do: "open", page: "long.html" },
      { do: "wheel", deltas: [800], gapMs: 0 },
      { do: "wait", ms: 400 },
      // Eight flicks 150 ms apart: the rule needs 4 reversals, each < 500 ms after the previous scroll.
      { do: "wheel", deltas: [-300, 300, -300, 300, -300, 300, -300, 300], gapMs: 150, mark: "frantic" },
      { do: "wait", ms: 400 },
    ],
    expect: [{ kind: "excessive_scroll", at: "frantic" }],
  },
  // ── Clean sessions ────────────────────────────────────────────────────────────────────────────────────
  {
    name: "browsing, adding to cart and paying with a valid card is clean",
    steps: [
      { do: "open", page: "index.html" },
      { do: "click", selector: "#add" },
      { do: "follow", selector: "#nav-cart", arrive: "cart.html" },
      { do: "follow", selector: "#to-checkout", arrive: "checkout.html" },
      { do: "type", selector: "#name", text: "Ada" },
      { do: "type", selector: "#card", text: "4111111111111111" },
      { do: "follow", selector: "#place-order", arrive: "thanks.html" },
      { do: "wait", ms: 300 },
    ],
    expect: [],
  },
  {
    name: "a quick request that shows its result is clean",
    steps: [{ do: "open", page: "index.html" }, { do: "click", selector: "#offers" }, {
      do: "wait",
      ms: PAST_DEAD_MS,
    }],
    expect: [],
  },
  {
    name: "subscribing to the newsletter is clean",
    steps: [
      { do: "open", page: "form.html" },
      { do: "type", selector: "#nl-name", text: "Grace" },
      { do: "type", selector: "#nl-email", text: "grace@example.com" },
      { do: "click", selector: "#subscribe" },
      { do: "wait", ms: 500 },
    ],
    expect: [],
  },
  {
    name: "leaving a form whose fields scripts filled is clean",
    steps: [
      { do: "open", page: "prefilled.html" },
      { do: "wait", ms: 400 },
      { do: "click", selector: "#c-name" },
      { do: "wait", ms: 300 },
      { do: "follow", selector: "#prefilled-home", arrive: "index.html" },
      { do: "wait", ms: 300 },
    ],
    expect: [],
  },
  // ── SPEC §4 "not counted" ─────────────────────────────────────────────────────────────────────────────
  {
    name: "two clicks 3 s apart are not a rage click",
    steps: [
      { do: "open", page: "index.html" },
      { do: "click", selector: "#add" },
      { do: "wait", ms: 3_000 },
      { do: "click", selector: "#add" },
      { do: "wait", ms: 300 },
    ],
    expect: [],
  },
  {
    name: "a link that navigates is not a dead click",
    steps: [
      { do: "open", page: "index.html" },
      { do: "follow", selector: "#nav-long", arrive: "long.html" },
      { do: "wait", ms: PAST_DEAD_MS },
    ],
    expect: [],
  },
  {
    name: "clicking into and typing in a text field is not a rage or dead click",
    steps: [
      { do: "open", page: "index.html" },
      { do: "click", selector: "#filter", times: 3, gapMs: 150 },
      { do: "type", selector: "#filter", text: "shoes" },
      { do: "wait", ms: PAST_DEAD_MS },
    ],
    expect: [],
  },
  {
    name: "a redirect page that sends the visitor straight back is not a quick back or a loop",
    steps: [
      { do: "open", page: "index.html" },
      { do: "follow", selector: "#nav-bounce", arrive: "index.html" },
      { do: "wait", ms: 300 },
    ],
    expect: [],
  },
  {
    name: "an SPA route guard that sends the visitor straight back is not a quick back",
    steps: [
      { do: "open", page: "index.html" },
      { do: "click", selector: "#nav-orders" },
      { do: "wait", ms: 500 },
    ],
    expect: [],
  },
  {
    name: "a steady slow scroll with one step back is not an excessive scroll",
    steps: [
      { do: "open", page: "long.html" },
      { do: "wheel", deltas: [300, 300, 300, 300, -200, 300, 300], gapMs: 600 },
      { do: "wait", ms: 300 },
    ],
    expect: [],
  },
];

/** Scenarios played at once: enough to keep the suite short, few enough for 2 CI cores. */
const PARALLEL_TABS = 4;

let collector: RunningCollector;
let app: AppServer;
let chromium: RunningChromium;
const runs = new Map<string, ScenarioRun | Error>();
const scores: ScenarioScore[] = [];

beforeAll(async () => {
  ensureSdkBuilt();
  app = await serveScenarioApp();
  collector = await startCollector({ env: { CORS_ORIGINS: app.url } });
  app.useCollector(collector);
  chromium = await launchChromium();
  const queue = [...SCENARIOS];
  await Promise.all(Array.from({ length: PARALLEL_TABS }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const scenario = next;
      try {
        runs.set(
          scenario.name,
          await runScenario({ chromium, steps: scenario.steps, appUrl: app.url, collector }),
        );
      } catch (error) {
        runs.set(scenario.name, error instanceof Error ? error : new Error(String(error)));
      }
    }
  }));
});

afterAll(async () => {
  if (scores.length > 0) console.log(formatSuiteScore(scoreSuite(scores), scores.length));
  await chromium?.close();
  await app?.close();
  await collector?.stop();
});

describe("friction analysis on scripted browser sessions", () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    const run = runs.get(scenario.name);
    if (run === undefined || run instanceof Error) throw run ?? new Error("scenario did not run");
    const score = scoreScenario({
      expected: scenario.expect,
      findings: run.report.findings,
      marks: run.marks,
    });
    scores.push(score);
    const found = run.report.findings.map((f) => `${f.kind} at ${f.startMs} ms: ${f.evidence}`).join("\n");
    const failed = score.missed.length > 0 || score.unexpected.length > 0;
    const narrative = failed ? await readNarrative({ appUrl: app.url, collector }, run.report.sessionId) : "";
    const context = `marks ${JSON.stringify(run.marks)}, pages ${
      run.report.pages.join(" → ")
    }, findings:\n${found}\n${narrative}`;
    expect(score.missed, context).toEqual([]);
    expect(score.unexpected, context).toEqual([]);
    if (scenario.expect.length === 0) expect(run.report).toMatchObject({ frictionScore: 0, findings: [] });
  });
});
