/**
 * The static report site (SPEC §7): built once from the fixture reports, then opened from file:// (and
 * from a static host under a sub-path) in Chromium. Checks what a reader relies on: every session is
 * listed, each session page shows every finding kind of its report, the player jumps to a finding, the
 * pages are keyboard-usable and fit a phone, no console error, and no request leaves the site folder.
 *
 * The README screenshots come from scripts/screenshots.ts, not from this test.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite, parseNarrativeCsv, writeSiteData } from "../../cli/report/site-data.ts";
import {
  FIXTURE_FRICTION,
  FIXTURE_SESSIONS,
  FIXTURE_SITE_DATA,
  GENERATED_AT,
} from "../fixtures/reports/sessions.ts";
import { launchChromium, type RunningChromium } from "../helpers/chromium.ts";
import { serveStatic } from "../helpers/static-server.ts";
import { makeTempDir, type TempDir } from "../helpers/tmp.ts";

const REPLAY_ID = "chk_9f2c4a7be1d04c55";

/** The part of rrweb's serialized node this suite edits. */
type SnapshotNode = {
  type: number;
  tagName?: string;
  attributes?: Record<string, string>;
  childNodes?: SnapshotNode[];
  id: number;
};

let tmp: TempDir;
let outDir: string;
let outUrl: string;
let browser: RunningChromium;
const requests: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  tmp = await makeTempDir("rerun-site-test-");
  const dataDir = join(tmp.path, "data");
  // A sub-folder of the served root, so the static-host test also proves the links are relative.
  outDir = join(tmp.path, "www", "report");
  await writeSiteData(dataDir, FIXTURE_SITE_DATA);
  await buildSite({ dataDir, outDir });
  outUrl = pathToFileURL(outDir).href + "/";
  browser = await launchChromium();
  browser.context.on("request", (r) => requests.push(r.url()));
  browser.context.on("page", (page) => {
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  });
});

afterAll(async () => {
  await browser?.close();
  await tmp?.[Symbol.asyncDispose]();
});

async function open(path: string, width = 1280): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.goto(new URL(path, outUrl).href);
  return page;
}

describe("writeSiteData", () => {
  it("reads the narrative CSV with quoted fields", () => {
    const rows = parseNarrativeCsv(
      't_ms,page,kind,target,detail\n6400,/p,click,#a,"slow, 5.5 s"\n7000,/p,note,,"say ""hi"""\n',
    );
    expect(rows).toEqual([
      { t_ms: 6400, page: "/p", kind: "click", target: "#a", detail: "slow, 5.5 s" },
      { t_ms: 7000, page: "/p", kind: "note", target: "", detail: 'say "hi"' },
    ]);
  });

  it("refuses a session id that could name a path", async () => {
    const [first] = FIXTURE_SESSIONS;
    const bad = {
      ...first!,
      report: { ...first!.report, sessionId: "../../etc" },
      summary: { ...first!.summary, sessionId: "../../etc" },
    };
    const failure = writeSiteData(join(tmp.path, "bad"), { generatedAt: "x", sessions: [bad] });
    await expect(failure).rejects.toThrow(/session id/);
    // The CLI prints it as one line and exits 1, never as an unexpected error.
    await expect(failure).rejects.toMatchObject({ name: "CliError", code: "build_failed" });
  });
});

describe("buildSite", () => {
  it("fails with Astro's own one-line reason when the data does not match the schema", async () => {
    const dataDir = join(tmp.path, "bad-data");
    await mkdir(dataDir, { recursive: true });
    await writeFile(
      join(dataDir, "site.json"),
      JSON.stringify({ version: 1, generatedAt: "x", sessions: [{ summary: {} }] }),
    );
    const failure = buildSite({ dataDir, outDir: join(tmp.path, "bad-out") });
    await expect(failure).rejects.toThrow(
      /astro build of the report site failed \(exit \d+\): .*site\.json: sessions\.0\.summary/,
    );
    await expect(failure).rejects.toMatchObject({ name: "CliError", code: "build_failed" });
  });
});

describe("report site from file://", () => {
  it("writes the overview, one page per issue and per session, the sessions list and the player, and nothing else", async () => {
    const pages = (await readdir(join(outDir, "replays"))).sort();
    expect(pages).toEqual(FIXTURE_SESSIONS.map((s) => `${s.report.sessionId}.html`).sort());
    expect((await readdir(join(outDir, "issues"))).sort()).toEqual(
      FIXTURE_FRICTION.issues.map((i) => `${i.fingerprint}.html`).sort(),
    );
    expect(await readdir(join(outDir, "sessions"))).toEqual(["index.html"]);
    expect((await readdir(outDir)).sort()).toEqual(["index.html", "issues", "replays", "sessions", "vendor"]);
    for (
      const file of [
        "index.html",
        "sessions/index.html",
        `issues/${FIXTURE_FRICTION.issues[0]!.fingerprint}.html`,
      ]
    ) {
      const html = await readFile(join(outDir, file), "utf8");
      expect(html, file).not.toMatch(/(?:href|src)="\/(?!\/)/); // no root-relative URL
      expect(html, file).not.toMatch(/(?:href|src)="(?:https?:)?\/\//); // no other host
    }
  });

  it("opens on the friction overview, filterable by app, kind, route and release without a server", async () => {
    const page = await open("index.html");
    const rows = page.locator("#issues tbody tr");
    const fingerprints = await rows.evaluateAll((els) =>
      els.map((r) => (r as HTMLElement).dataset.fingerprint)
    );
    expect(fingerprints).toEqual(FIXTURE_FRICTION.issues.map((i) => i.fingerprint));
    const first = rows.first();
    for (
      const text of [
        "Rage clicks on #pay-now on /checkout",
        "/checkout",
        "#pay-now",
        "12",
        "40 %",
        "regressed",
        "2.4.0",
      ]
    ) {
      await expect(first.getByText(text, { exact: true }).count(), text).resolves.toBeGreaterThan(0);
    }
    await expect(first.locator("svg.spark rect").count()).resolves.toBe(7);

    const visible = () =>
      page.locator("#issues tbody tr:visible").evaluateAll((els) =>
        els.map((r) => (r as HTMLElement).dataset.fingerprint)
      );
    await page.selectOption("#f-app", "docs-site");
    expect(await visible()).toEqual(["fp_3c4d5e6f7a8b9c0d"]);
    await page.selectOption("#f-app", "");
    await page.selectOption("#f-kind", "dead_click");
    expect(await visible()).toEqual(["fp_2b3c4d5e6f7a8b9c"]);
    await page.selectOption("#f-kind", "");
    await page.selectOption("#f-route", "/checkout");
    expect(await visible()).toEqual(["fp_1a2b3c4d5e6f7a8b"]);
    await page.selectOption("#f-route", "");
    await page.selectOption("#f-release", "2.4.0");
    expect(await visible()).toEqual(["fp_1a2b3c4d5e6f7a8b"]);
    // In one release, the counts are that release's.
    await expect(first.locator("[data-cell=sessions]").textContent()).resolves.toBe("3");
    await expect(first.locator("[data-cell=share]").textContent()).resolves.toBe("20 %");
    await page.selectOption("#f-release", "");
    await expect(first.locator("[data-cell=sessions]").textContent()).resolves.toBe("12");

    // The sessions list is one click away.
    await page.click("a[href='sessions/index.html'] >> nth=0");
    await page.waitForURL(new URL("sessions/index.html", outUrl).href);
    await page.close();
  });

  it("has one page per issue whose examples open the session's player at the finding's moment", async () => {
    const issue = FIXTURE_FRICTION.issues[0]!;
    const page = await open(`issues/${issue.fingerprint}.html`);
    await expect(page.locator("h1").textContent()).resolves.toBe(issue.title);
    await expect(page.locator("figure.chart svg rect").count()).resolves.toBe(issue.trend.length);
    const releases = await page.locator("#releases tbody tr td:first-child").allTextContents();
    expect(releases).toEqual(issue.releases.map((r) => r.release));
    const example = issue.examples[0]!;
    await page.click(`li[data-session="${example.sessionId}"] a`);
    await page.waitForURL(new URL(`replays/${example.sessionId}.html#t=${example.startMs}`, outUrl).href);
    await page.locator("#rerun-player[data-ready=true]").waitFor();
    const at = Number(await page.locator("#rerun-player").getAttribute("data-current-ms"));
    expect(Math.abs(at - example.startMs)).toBeLessThan(1_500);
    await expect(page.locator("li.finding.current").getAttribute("data-kind")).resolves.toBe(issue.kind);
    await page.close();
  });

  it("lists every session on the sessions page, with score, filters and sorting", async () => {
    const page = await open("sessions/index.html");
    const ids = await page.locator("#sessions tbody tr").evaluateAll((rows) =>
      rows.map((r) => (r as HTMLElement).dataset.session)
    );
    expect(ids.sort()).toEqual(FIXTURE_SESSIONS.map((s) => s.report.sessionId).sort());
    await expect(page.locator("figure.chart svg").count()).resolves.toBe(2);

    await page.selectOption("#f-kind", "form_abandon");
    await expect(page.locator("#sessions tbody tr:visible").count()).resolves.toBe(1);
    await page.selectOption("#f-kind", "");
    await page.selectOption("#f-score", "30");
    const visible = await page.locator("#sessions tbody tr:visible").evaluateAll((rows) =>
      rows.map((r) => Number((r as HTMLElement).dataset.score))
    );
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((s) => s >= 30)).toBe(true);
    await page.selectOption("#f-score", "0");

    await page.click("button.sort[data-key=score]"); // descending first
    const scores = await page.locator("#sessions tbody tr").evaluateAll((rows) =>
      rows.map((r) => Number((r as HTMLElement).dataset.score))
    );
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    await page.click(`a[href="../replays/${REPLAY_ID}.html"]`);
    await page.waitForURL(new URL(`replays/${REPLAY_ID}.html`, outUrl).href);
    await page.close();
  });

  it("shows every finding kind of each report, with evidence and selectors, and the narrative", async () => {
    for (const { report, narrative } of FIXTURE_SESSIONS) {
      const page = await open(`replays/${report.sessionId}.html`);
      const kinds = await page.locator("li.finding").evaluateAll((els) =>
        els.map((e) => (e as HTMLElement).dataset.kind)
      );
      expect(new Set(kinds), report.sessionId).toEqual(new Set(report.findings.map((f) => f.kind)));
      await expect(page.locator(".timeline .marker").count()).resolves.toBe(report.findings.length);
      for (const f of report.findings) {
        await expect(page.getByText(f.evidence, { exact: true }).count()).resolves.toBe(1);
        if (f.target) {
          await expect(page.locator("li.finding code", { hasText: f.target.selector }).count()).resolves
            .toBeGreaterThan(0);
        }
      }
      const rows = typeof narrative === "string" ? parseNarrativeCsv(narrative).length : narrative.length;
      await expect(page.locator("table.narrative tbody tr").count()).resolves.toBe(rows);
      await page.close();
    }
  });

  it("replays the session and jumps to a finding from the keyboard", async () => {
    const page = await open(`replays/${REPLAY_ID}.html`);
    await page.frameLocator("#rerun-stage iframe").locator("#pay-now").waitFor();
    const rage = FIXTURE_SESSIONS[0]!.report.findings.find((f) => f.kind === "rage_click")!;

    // Tab from the top of the page until a timeline marker has focus, then press Enter on the rage click.
    await page.locator("body").focus();
    let focused = "";
    for (let i = 0; i < 40 && !focused.includes("marker"); i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate("document.activeElement?.className ?? ''");
    }
    expect(focused).toContain("marker");
    const marker = page.locator(`.marker[data-kind=rage_click]`);
    await marker.focus();
    await page.keyboard.press("Enter");
    const at = Number(await page.locator("#rerun-player").getAttribute("data-current-ms"));
    expect(Math.abs(at - rage.startMs)).toBeLessThan(1_500);
    await expect(page.locator("#rerun-play").getAttribute("aria-pressed")).resolves.toBe("true");

    // The finding's own button does the same, and is a real, focusable button.
    const error = FIXTURE_SESSIONS[0]!.report.findings.find((f) => f.kind === "form_error_loop")!;
    const button = page.locator("li.finding[data-kind=form_error_loop] button[data-seek-ms]");
    await button.focus();
    await expect(button.evaluate((b) => b === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press("Enter");
    const at2 = Number(await page.locator("#rerun-player").getAttribute("data-current-ms"));
    expect(Math.abs(at2 - error.startMs)).toBeLessThan(1_500);
    await page.close();
  });

  it("without a replay, timeline markers link to their finding", async () => {
    const page = await open("replays/sgn_41d7e0a2c93b4f8e.html");
    await expect(page.locator("#rerun-player").count()).resolves.toBe(0);
    await page.locator(".marker[data-kind=form_abandon]").focus();
    await page.keyboard.press("Enter");
    expect(new URL(page.url()).hash).toMatch(/^#finding-\d+$/);
    await page.close();
  });

  it("fits a phone width without horizontal page scrolling", async () => {
    for (
      const path of [
        "index.html",
        "sessions/index.html",
        `issues/${FIXTURE_FRICTION.issues[0]!.fingerprint}.html`,
        `replays/${REPLAY_ID}.html`,
      ]
    ) {
      const page = await open(path, 375);
      const overflow = await page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth",
      );
      expect(overflow, path).toBeLessThanOrEqual(1);
      await expect(page.locator("main, header, footer, nav").count()).resolves.toBeGreaterThanOrEqual(4);
      await page.close();
    }
  });

  it("also works from a static host under a sub-path", async () => {
    await using server = await serveStatic({ root: dirname(outDir) });
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on("response", (r) => r.status() >= 400 && failed.push(r.url()));
    await page.goto(`${server.url}/report/index.html`);
    await page.click(`a[href="issues/${FIXTURE_FRICTION.issues[0]!.fingerprint}.html"]`);
    await page.click(`a[href^="../replays/${REPLAY_ID}.html"]`);
    await page.frameLocator("#rerun-stage iframe").locator("#pay-now").waitFor();
    expect(failed).toEqual([]);
    await page.close();
    // Requests to the test server are not file:// — keep them out of the file:// check below.
    for (let i = requests.length - 1; i >= 0; i--) {
      if (requests[i]!.startsWith(server.url)) requests.splice(i, 1);
    }
  });

  it("blocks a replayed snapshot's own external resources with its Content Security Policy", async () => {
    // A snapshot may still name an image or stylesheet of the recorded site; the replay must not fetch it.
    let hits = 0;
    const server = createServer((_req, res) => (hits++, res.end()));
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const session = structuredClone(FIXTURE_SESSIONS[0]!);
      const snapshot = session.events!.find((e) => e.type === 2) as { data: { node: SnapshotNode } };
      const body = snapshot.data.node.childNodes![1]!.childNodes![1]!;
      body.childNodes!.push(
        { type: 2, tagName: "img", attributes: { src: `${origin}/logo.png` }, childNodes: [], id: 900 },
        {
          type: 2,
          tagName: "link",
          attributes: { rel: "stylesheet", href: `${origin}/site.css` },
          childNodes: [],
          id: 901,
        },
      );
      const dataDir = join(tmp.path, "leak-data");
      const leakOut = join(tmp.path, "leak-out");
      await writeSiteData(dataDir, { generatedAt: GENERATED_AT, sessions: [session] });
      await buildSite({ dataDir, outDir: leakOut });
      const page = await browser.newPage();
      await page.goto(pathToFileURL(join(leakOut, "replays", `${REPLAY_ID}.html`)).href);
      await page.frameLocator("#rerun-stage iframe").locator("#pay-now").waitFor();
      await page.frameLocator("#rerun-stage iframe").locator("img").waitFor({ state: "attached" });
      await page.close();
      expect(hits).toBe(0);
    } finally {
      server.close();
      // This page's CSP violation reports are the expected outcome, not errors of the site.
      const leakUrl = pathToFileURL(join(tmp.path, "leak-out")).href;
      for (let i = consoleErrors.length - 1; i >= 0; i--) {
        if (consoleErrors[i]!.startsWith(leakUrl)) consoleErrors.splice(i, 1);
      }
      for (let i = requests.length - 1; i >= 0; i--) {
        if (requests[i]!.startsWith(leakUrl) || requests[i]!.startsWith(origin)) requests.splice(i, 1);
      }
    }
  });

  it("makes no request outside its own folder and logs no console error", () => {
    const outside = requests.filter((u) => !u.startsWith(outUrl) && !/^(data|blob|about):/.test(u));
    expect(outside).toEqual([]);
    expect(requests.some((u) => u.endsWith("vendor/rrweb.js"))).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});
