/**
 * Friction issues across sessions, as a team meets them (SPEC §8): a small orders app of our own loads the
 * script-tag SDK in real Chromium and records into the real collector, which settles each session at once
 * (`SESSION_SETTLE_MINUTES=0`); the `rerun friction` CLI reads the result.
 *
 * Release "a" ships a working "Apply coupon" control; release "b" ships it dead, and each build of "b" hashes
 * its CSS class differently. Two "b" sessions click it on /orders/123 and /orders/456, one "a" session uses
 * the working one on /orders/789 → one dead_click issue on /orders/:id with 2 sessions, share 2/3, new in
 * "b". Resolved in "b", the fault shipped again in "c" regresses it.
 */
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FrictionIssue, FrictionIssueDetail } from "../../shared/friction.ts";
import { launchChromium, type RunningChromium } from "../helpers/chromium.ts";
import { type RunningCollector, startCollector } from "../helpers/collector.ts";
import { runCli } from "../helpers/run-cli.ts";
import { ensureSdkBuilt, REPO_ROOT } from "./sdk-page.ts";

/** The dead control's class per build: a CSS-in-JS hash that changes whenever the styles are rebuilt. */
const BUILD_CLASS: Record<string, string> = { b1: "css-1x2y3z", b2: "css-9q8w7e", c1: "css-4k5l6m" };

/** An order page; `?build=` picks the hashed class, `?working` makes the control respond. */
function orderPage(url: URL): string {
  const hashed = BUILD_CLASS[url.searchParams.get("build") ?? ""] ?? "css-000000";
  const working = url.searchParams.has("working");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Order</title>
<script src="/dist/rerun.global.js"></script></head>
<body><main><h1>Order</h1><p id="status">Pending</p>
<div class="order-actions"><div class="${hashed} apply-coupon" role="button">Apply coupon</div></div></main>
<script>
const settings = JSON.parse(decodeURIComponent(location.hash.slice(1)));
window.replay = Rerun.init({ appId: "app_orders", publicKey: settings.publicKey,
  ingestBaseUrl: settings.ingestBaseUrl, consent: "granted", flushIntervalMs: 500, release: settings.release });
${
    working
      ? `document.querySelector(".apply-coupon").addEventListener("click", () => {
  document.getElementById("status").textContent = "Coupon applied"; });`
      : ""
  }
</script></body></html>`;
}

let app: Server;
let appUrl: string;
let collector: RunningCollector;
let chromium: RunningChromium;

beforeAll(async () => {
  ensureSdkBuilt();
  app = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (/^\/orders\/\d+$/.test(url.pathname)) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(orderPage(url));
      return;
    }
    const file = /^\/dist\/(rerun[\w.-]*\.js)$/.exec(url.pathname)?.[1];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/javascript" }).end(
      await readFile(join(REPO_ROOT, "dist", file)),
    );
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  collector = await startCollector({ env: { CORS_ORIGINS: appUrl, SESSION_SETTLE_MINUTES: "0" } });
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await collector?.stop();
  await new Promise((resolve) => app?.close(resolve));
});

type Visit = { sessionId: string; clickAt: number | null };

/** One session in its own tab: load, optionally click the coupon control, wait out the dead-click window. */
async function visit(path: string, opts: { release: string; click: boolean }): Promise<Visit> {
  const page = await chromium.newPage();
  const settings = { publicKey: collector.publicKey, ingestBaseUrl: collector.url, release: opts.release };
  await page.goto(`${appUrl}${path}#${encodeURIComponent(JSON.stringify(settings))}`);
  await page.waitForFunction("window.replay.getStatus().state === 'recording'");
  await page.waitForTimeout(300);
  let clickAt: number | null = null;
  if (opts.click) {
    clickAt = (await page.evaluate("Date.now()")) as number;
    await page.click(".apply-coupon");
  }
  // Past the 2.5 s a click has to get a response, so the click is judged dead (or not).
  await page.waitForTimeout(3_000);
  const sessionId = (await page.evaluate("window.replay.getStatus().sessionId")) as string;
  await page.evaluate("window.replay.flush({ final: true })");
  await page.waitForFunction("window.replay.getStatus().queuedBatches === 0");
  await page.close();
  return { sessionId, clickAt };
}

const target = () => ["--url", collector.url, "--read-key", collector.readKey];

async function frictionJson(args: string[]): Promise<{ issues: FrictionIssue[]; sessions: number }> {
  const result = await runCli(["friction", ...args, "--json", ...target()]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as { issues: FrictionIssue[]; sessions: number };
}

/** Polls `rerun friction --json` until `done` holds: sessions settle in the background. */
async function waitForIssues(
  args: string[],
  done: (r: { issues: FrictionIssue[]; sessions: number }) => boolean,
): Promise<{ issues: FrictionIssue[]; sessions: number }> {
  let last = await frictionJson(args);
  for (let i = 0; i < 60 && !done(last); i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    last = await frictionJson(args);
  }
  return last;
}

async function sessionStart(sessionId: string): Promise<number> {
  const result = await runCli(["replays", "--json", "--limit", "50", ...target()]);
  const replays = JSON.parse(result.stdout) as Array<{ sessionId: string; startedAt: string }>;
  return Date.parse(replays.find((r) => r.sessionId === sessionId)!.startedAt);
}

let deadIssue: FrictionIssue;

describe("rerun friction over recorded sessions", () => {
  it("groups one dead button on two order pages and two builds into one issue, new in the release that broke it", async () => {
    const [clean, first, second] = await Promise.all([
      visit("/orders/789?working", { release: "a", click: true }),
      visit("/orders/123?build=b1", { release: "b", click: true }),
      visit("/orders/456?build=b2", { release: "b", click: true }),
    ]);
    const { issues, sessions } = await waitForIssues(
      ["--since", "24h"],
      (r) => r.sessions === 3 && r.issues.some((i) => i.kind === "dead_click" && i.sessions === 2),
    );
    expect(sessions).toBe(3);
    const dead = issues.filter((i) => i.kind === "dead_click");
    expect(dead).toHaveLength(1);
    deadIssue = dead[0]!;
    expect(deadIssue).toMatchObject({
      route: "/orders/:id",
      sessions: 2,
      users: 2,
      status: "new",
      firstRelease: "b",
      target: { selector: "body > main > div.order-actions > div.apply-coupon", tag: "div" },
    });
    expect(deadIssue.share).toBeCloseTo(2 / 3, 5);
    // Both dead clicks are examples, each at its scripted moment; the working "a" session is not.
    const examples = new Map(deadIssue.examples.map((e) => [e.sessionId, e.startMs]));
    expect([...examples.keys()].sort()).toEqual([first.sessionId, second.sessionId].sort());
    expect(examples.has(clean.sessionId)).toBe(false);
    for (const v of [first, second]) {
      const expected = v.clickAt! - await sessionStart(v.sessionId);
      expect(Math.abs(examples.get(v.sessionId)! - expected)).toBeLessThan(2_000);
    }

    const inB = await frictionJson(["--since", "24h", "--release", "b", "--kind", "dead_click"]);
    expect(inB.issues.map((i) => [i.fingerprint, i.status, i.sessions])).toEqual([[
      deadIssue.fingerprint,
      "new",
      2,
    ]]);
    expect(inB.issues[0]!.share).toBe(1);
    const compared = await frictionJson(["--since", "24h", "--release", "b", "--compare", "a"]);
    expect(compared.issues[0]).toMatchObject({
      fingerprint: deadIssue.fingerprint,
      compare: { release: "a", sessions: 0 },
    });

    const failInB = await runCli([
      "friction",
      "check",
      "--release",
      "b",
      "--fail-on",
      "new",
      "--json",
      ...target(),
    ]);
    expect(failInB.code).toBe(1);
    expect(JSON.parse(failInB.stdout)).toMatchObject({
      ok: false,
      issues: [{ fingerprint: deadIssue.fingerprint }],
    });
    const passInA = await runCli([
      "friction",
      "check",
      "--release",
      "a",
      "--fail-on",
      "new",
      "--json",
      ...target(),
    ]);
    expect(passInA.code).toBe(0);
    expect(JSON.parse(passInA.stdout)).toEqual({ ok: true, issues: [] });
  });

  it("regresses an issue resolved in b when the fault ships again in c", async () => {
    const admin = ["--url", collector.url, "--admin-key", collector.adminKey];
    const resolved = await runCli([
      "friction",
      "resolve",
      deadIssue.fingerprint,
      "--release",
      "b",
      "--json",
      ...admin,
    ]);
    expect(resolved.code).toBe(0);
    expect(JSON.parse(resolved.stdout)).toEqual({ fingerprint: deadIssue.fingerprint, status: "resolved" });

    await visit("/orders/321?build=c1", { release: "c", click: true });
    const show = async () => {
      const result = await runCli(["friction", "show", deadIssue.fingerprint, "--json", ...target()]);
      expect(result.code).toBe(0);
      return JSON.parse(result.stdout) as FrictionIssueDetail;
    };
    let issue = await show();
    for (let i = 0; i < 60 && issue.status !== "regressed"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      issue = await show();
    }
    expect(issue).toMatchObject({ status: "regressed", sessions: 3, lastRelease: "c" });
    expect(issue.releases.map((r) => [r.release, r.sessions])).toEqual([["c", 1], ["b", 2]]);
    const check = await runCli(["friction", "check", "--fail-on", "regressed", ...target()]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(deadIssue.fingerprint);
  });
});
