/**
 * Plays the corpus's flows against the real collector in Chromium and measures what the issue asks: page
 * views made vs stored, the friction report, and replay fidelity of rerun's stored recording next to plain
 * rrweb's (its own `record`, unmasked, running in the same page over the same flow, as the reference).
 *
 * Every page, ours or Debian's, gets the SDK's script tag (consent granted, default batching) and plain
 * rrweb's recorder through the server's head injection, as a site adding a tag to its template would.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import type { RecordedEvent } from "../../shared/batch.ts";
import { SDK_EVENT_TAG } from "../../shared/events.ts";
import type { StitchedEvents } from "../../shared/replay.ts";
import type { FrictionReport } from "../../shared/report.ts";
import { ensureSdkBuilt, REPO_ROOT } from "../browser/sdk-page.ts";
import { launchChromium, type RunningChromium } from "../helpers/chromium.ts";
import { type RunningCollector, startCollector } from "../helpers/collector.ts";
import { PYTHON_DOCS } from "../browser/doc-site.ts";
import { serveStatic, type StaticServer } from "../helpers/static-server.ts";
import { wheelAtCentre } from "../scenarios/run-scenario.ts";
import { buildApps } from "./build-apps.ts";
import { compareLayouts, type Fidelity, type Layout, maskLiveText, readLayout } from "./layout.ts";

/** One scripted user action; `mark` names the moment a finding is expected near (the input's dispatch). */
export type Step =
  | { do: "open"; path: string; mark?: string }
  | { do: "click"; selector: string; times?: number; gapMs?: number; load?: boolean; mark?: string }
  | { do: "type"; selector: string; text: string; enter?: boolean; load?: boolean; mark?: string }
  | { do: "wheel"; deltas: number[]; gapMs: number; mark?: string }
  | { do: "back"; mark?: string }
  | { do: "wait"; ms: number }
  /** The next request matching `url` (a glob) answers `status`: a backend failing once. */
  | { do: "failOnce"; url: string; status: number };

/** Who a flow's session says it is: the SDK's `appId` (default "real_apps") and `release` options. */
export type FlowTags = { appId?: string; release?: string };

export type FlowResult = {
  sessionId: string;
  report: FrictionReport | null;
  /** Offsets (ms from the session's recorded start) of the marked actions. */
  marks: Record<string, number>;
  /** Routes the person saw (a new path, or a new `#/…` route) and documents loaded. */
  viewsMade: number;
  loadsMade: number;
  /** The routes seen and the stored `rerun.navigation` URLs, to explain a difference. */
  routes: string[];
  storedRoutes: string[];
  /** `rerun.navigation` events and windows in the stored session. */
  viewsStored: number;
  windowsStored: number;
  fidelity: { rerun: Fidelity; plain: Fidelity };
};

export type Corpus = {
  url: string;
  collector: RunningCollector;
  chromium: RunningChromium;
  runFlow(steps: readonly Step[], tags?: FlowTags): Promise<FlowResult>;
  close(): Promise<void>;
  [Symbol.asyncDispose]: () => Promise<void>;
};

const POLL_MS = 100;
const ARRIVE_TIMEOUT_MS = 30_000;
const REPORT_TIMEOUT_MS = 30_000;
const RECORDING = "window.replay !== undefined && window.replay.getStatus().state === 'recording'";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds the apps, serves them with the Python docs, and starts the collector (with `collectorEnv` added to
 * its environment) and Chromium.
 */
export async function startCorpus(collectorEnv: Record<string, string> = {}): Promise<Corpus> {
  ensureSdkBuilt();
  const outDir = await mkdtemp(join(tmpdir(), "rerun-real-apps-"));
  await buildApps(outDir);
  let head = "";
  const site: StaticServer = await serveStatic({
    root: outDir,
    mounts: {
      "/docs/": PYTHON_DOCS,
      "/dist/": join(REPO_ROOT, "dist"),
      "/rrweb/": join(REPO_ROOT, "node_modules", "rrweb", "dist"),
    },
    // Read per request: the collector the tags name starts after the server. The replay harness is no app:
    // recorded, each fidelity check would add two sessions of a replayer's iframe to the collector.
    transformHtml: (html, path) =>
      path.startsWith("/harness/") ? html : html.replace(/<\/head>/i, (end) => head + end),
  });
  const collector = await startCollector({ env: { ...collectorEnv, CORS_ORIGINS: site.url } });
  head = recorderTags({ publicKey: collector.publicKey, ingestBaseUrl: collector.url });
  const chromium = await launchChromium();
  let closed: Promise<void> | null = null;
  const close = () => (closed ??= (async () => {
    await chromium.close();
    await collector.stop();
    await site.close();
    await rm(outDir, { recursive: true, force: true });
  })());
  return {
    url: site.url,
    collector,
    chromium,
    runFlow: (steps, tags = {}) => runFlow({ site: site.url, collector, chromium }, steps, tags),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/**
 * The head tags every page gets: plain rrweb recording unmasked into the test (the reference), then the
 * SDK's script tag with consent granted and otherwise default settings (5 s batches). A flow's tags
 * (`window.__rerunFlow`, set by an init script before the page's own) override the app and release.
 */
function recorderTags(settings: { publicKey: string; ingestBaseUrl: string }): string {
  const init = JSON.stringify({
    appId: "real_apps",
    ...settings,
    consent: "granted",
    errors: true,
    network: { enabled: true },
  });
  return `<script src="/rrweb/rrweb.umd.min.cjs"></script>
<script>window.__plainStop = rrweb.record({ emit: function (e) { window.__plainEmit(e); } });</script>
<script src="/dist/rerun.global.js"></script>
<script>window.replay = Rerun.init(Object.assign(${init}, window.__rerunFlow));</script>
`;
}

/** A route as a person sees it: the path, plus a hash route (`#/active`; `#/` is the path's own). */
function routeOf(url: string): string {
  const { pathname, hash } = new URL(url);
  return hash.startsWith("#/") && hash !== "#/" ? pathname + hash : pathname;
}

async function until(page: Page, expression: string, what: string): Promise<void> {
  const deadline = Date.now() + ARRIVE_TIMEOUT_MS;
  while (!(await page.evaluate(expression).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} on ${page.url()}`);
    await sleep(POLL_MS);
  }
}

/** Clicks the middle of `selector` (through shadow roots) `times` times at one spot, as a hand would. */
async function clickAt(
  page: Page,
  selector: string,
  times: number,
  gapMs: number,
  mark: () => Promise<void>,
) {
  const element = page.locator(selector).filter({ visible: true }).first();
  await element.scrollIntoViewIfNeeded();
  const box = await element.boundingBox();
  if (!box) throw new Error(`${selector} is not visible on ${page.url()}`);
  await mark();
  for (let i = 0; i < times; i++) {
    if (i > 0) await page.waitForTimeout(gapMs);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }
}

async function play(page: Page, site: string, step: Step, mark: () => Promise<void>): Promise<void> {
  const loaded = "load" in step && step.load
    ? page.waitForEvent("load", { timeout: ARRIVE_TIMEOUT_MS })
    : null;
  // Observed at once, so a step that fails before the page loads does not leave this rejection unhandled.
  loaded?.catch(() => undefined);
  switch (step.do) {
    case "open":
      await page.goto(site + step.path);
      await until(page, RECORDING, `${step.path} to record`);
      return mark();
    case "click":
      await clickAt(page, step.selector, step.times ?? 1, step.gapMs ?? 150, mark);
      break;
    case "type":
      await clickAt(page, step.selector, 1, 0, mark);
      await page.keyboard.type(step.text, { delay: 30 });
      if (step.enter) await page.keyboard.press("Enter");
      break;
    case "wheel":
      return wheelAtCentre(page, { deltas: step.deltas, gapMs: step.gapMs, mark });
    case "back":
      await mark();
      await page.goBack();
      return until(page, RECORDING, `${page.url()} to record after going back`);
    case "wait":
      return page.waitForTimeout(step.ms);
    case "failOnce":
      await page.route(step.url, (route) => route.fulfill({ status: step.status, body: "" }), { times: 1 });
      return;
    default: {
      const never: never = step;
      throw new Error(`unknown step ${JSON.stringify(never)}`);
    }
  }
  if (loaded) {
    await loaded;
    await until(page, RECORDING, `${page.url()} to record`);
  }
}

async function readReplay<T>(
  collector: RunningCollector,
  procedure: string,
  sessionId: string,
): Promise<T | null> {
  const input = encodeURIComponent(JSON.stringify({ sessionId }));
  const res = await fetch(`${collector.url}/trpc/replays.${procedure}?input=${input}`, {
    headers: { authorization: `Bearer ${collector.readKey}` },
  });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`replays.${procedure} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

type Target = { site: string; collector: RunningCollector; chromium: RunningChromium };

async function runFlow(target: Target, steps: readonly Step[], tags: FlowTags): Promise<FlowResult> {
  const page = await target.chromium.newPage();
  await page.addInitScript(`window.__rerunFlow = ${JSON.stringify(tags)};`);
  const plainEvents: unknown[] = [];
  let recordingPlain = true;
  // Binding calls arrive in order, so the "end" call comes after every event emitted before it.
  await page.exposeBinding("__plainEmit", (_source, event: unknown) => {
    if (event === "end") recordingPlain = false;
    else if (recordingPlain) plainEvents.push(event);
  });
  // A view is a new document or, within one, a new route.
  const routes: string[] = [];
  let lastRoute = "";
  let loadsMade = 0;
  let freshDocument = false;
  page.on("load", () => {
    loadsMade++;
    freshDocument = true;
  });
  const epochMarks: Record<string, number> = {};
  let live: Layout;
  let liveMasked: Layout;
  let endEpoch: number;
  let sessionId: string;
  try {
    for (const step of steps) {
      const name = step.do === "wait" || step.do === "failOnce" ? undefined : step.mark;
      const mark = async () => {
        if (name !== undefined) epochMarks[name] = await page.evaluate("Date.now()") as number;
      };
      await play(page, target.site, step, mark).catch((error: Error) => {
        throw new Error(`step ${JSON.stringify(step)} failed on ${page.url()}: ${error.message}`);
      });
      if (!page.url().startsWith("http")) continue;
      const route = routeOf(page.url());
      if (freshDocument || route !== lastRoute) routes.push(route);
      freshDocument = false;
      lastRoute = route;
    }
    // Let the last action's answer land, then read the page as the person last saw it.
    await page.waitForTimeout(500);
    live = await page.evaluate(`(${readLayout})(document, true)`) as Layout;
    endEpoch = await page.evaluate("Date.now()") as number;
    await page.evaluate("window.replay.addCustomEvent('flow_end', {})");
    sessionId = await page.evaluate("window.replay.getStatus().sessionId") as string;
    await page.evaluate("window.replay.flush({ final: true })");
    await page.evaluate("window.replay.stop(); window.__plainStop(); window.__plainEmit('end')");
    await page.evaluate(`(${maskLiveText})(document)`);
    liveMasked = await page.evaluate(`(${readLayout})(document, true)`) as Layout;
  } finally {
    await page.close();
  }
  const report = await waitForReport(target.collector, sessionId, endEpoch);
  const stored = await readReplay<StitchedEvents>(target.collector, "events", sessionId);
  const storedEvents = stored?.events ?? [];
  const start = report ? Date.parse(report.startedAt) : 0;
  // Both event streams, to look into a low fidelity figure: REAL_APPS_DUMP=<file prefix>.
  const dump = process.env.REAL_APPS_DUMP;
  if (dump) {
    await writeFile(`${dump}-${sessionId}-rerun.json`, JSON.stringify(storedEvents));
    await writeFile(`${dump}-${sessionId}-plain.json`, JSON.stringify(plainEvents));
  }
  return {
    sessionId,
    report,
    marks: Object.fromEntries(Object.entries(epochMarks).map(([name, t]) => [name, t - start])),
    viewsMade: routes.length,
    routes,
    storedRoutes: storedEvents.filter(isNavigation).map((e) =>
      String((e.data as { payload: { url: string } }).payload.url)
    ),
    loadsMade,
    viewsStored: storedEvents.filter(isNavigation).length,
    windowsStored: stored?.windows.length ?? 0,
    fidelity: {
      rerun: compareLayouts(liveMasked, await replayLayout(target, storedEvents)),
      plain: compareLayouts(live, await replayLayout(target, plainEvents)),
    },
  };
}

const isNavigation = (event: RecordedEvent): boolean => {
  const data = (event as { type: number; data?: { tag?: unknown } }).data;
  return event.type === 5 && data?.tag === SDK_EVENT_TAG.navigation;
};

/** The session's report once it reaches the flow's last moment (or the latest one after the timeout). */
async function waitForReport(
  collector: RunningCollector,
  sessionId: string,
  endEpoch: number,
): Promise<FrictionReport | null> {
  const deadline = Date.now() + REPORT_TIMEOUT_MS;
  for (;;) {
    const report = await readReplay<FrictionReport>(collector, "analyze", sessionId);
    if (report && Date.parse(report.startedAt) + report.durationMs >= endEpoch) return report;
    if (Date.now() > deadline) return report;
    await sleep(200);
  }
}

/**
 * Replays `events` with rrweb's Replayer in a fresh tab, seeks to the end, lets images and fonts settle,
 * and reads the replayed document's layout (empty when there is nothing to replay).
 */
async function replayLayout(target: Target, events: readonly unknown[]): Promise<Layout> {
  if (events.length < 2) return [];
  const page = await target.chromium.newPage();
  try {
    await page.goto(`${target.site}/harness/replay.html`);
    await page.evaluate((all) => {
      const w = window as unknown as {
        rrweb: {
          Replayer: new (e: unknown[], o: object) => { pause(t: number): void; iframe: HTMLIFrameElement };
        };
        __replayer: unknown;
      };
      const replayer = new w.rrweb.Replayer(all as unknown[], {
        root: document.getElementById("stage"),
        mouseTail: false,
        showWarning: false,
        showDebug: false,
        triggerFocus: false,
        UNSAFE_replayCanvas: false,
        skipInactive: false,
      });
      const times = (all as Array<{ timestamp: number }>).map((e) => e.timestamp);
      // rrweb applies events strictly before the offset: one past the last event shows the final state.
      replayer.pause(Math.max(...times) - Math.min(...times) + 1);
      w.__replayer = replayer;
    }, events);
    await page.waitForFunction(
      () => {
        const doc = (window as unknown as { __replayer: { iframe: HTMLIFrameElement } }).__replayer.iframe
          .contentDocument;
        return doc !== null && [...doc.images].every((img) => img.complete) && doc.fonts.status === "loaded";
      },
      undefined,
      { timeout: 10_000 },
    ).catch(() => undefined);
    await page.waitForTimeout(300);
    return await page.evaluate(`(${readLayout})(window.__replayer.iframe.contentDocument, false)`) as Layout;
  } finally {
    await page.close();
  }
}
