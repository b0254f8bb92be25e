/**
 * The React binding in a real browser against the real collector: a small app (built here with esbuild from
 * `tests/fixtures/pages/react-app.tsx` and the `sdk/react` sources) grants consent through `useConsent`,
 * re-renders on status changes, and records through `useReplay`. Also checks that the published
 * `dist/react.js` leaves React to the host (peer dependency).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type RunningChromium } from "../helpers/chromium.ts";
import { readStoredBytes, type RunningCollector, startCollector } from "../helpers/collector.ts";
import { serveStatic, type StaticServer } from "../helpers/static-server.ts";
import { ensureSdkBuilt, REPO_ROOT } from "./sdk-page.ts";

let appDir: string;
let site: StaticServer;
let collector: RunningCollector;
let chromium: RunningChromium;

beforeAll(async () => {
  ensureSdkBuilt();
  appDir = await mkdtemp(join(tmpdir(), "rerun-react-app-"));
  await build({
    entryPoints: [join(REPO_ROOT, "tests/fixtures/pages/react-app.tsx")],
    bundle: true,
    format: "iife",
    jsx: "automatic",
    outfile: join(appDir, "app.js"),
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
  await writeFile(
    join(appDir, "index.html"),
    `<!doctype html><meta charset="utf-8"><div id="root"></div><script src="app.js"></script>`,
  );
  site = await serveStatic({ root: appDir });
  collector = await startCollector({ env: { CORS_ORIGINS: site.url } });
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await collector?.stop();
  await site?.close();
  if (appDir) await rm(appDir, { recursive: true, force: true });
});

describe("SessionReplayProvider, useConsent, useReplay", () => {
  it("grants consent from a banner, re-renders the status and records through the handle", async () => {
    const page = await chromium.newPage();
    const hash = encodeURIComponent(
      JSON.stringify({ publicKey: collector.publicKey, ingestBaseUrl: collector.url }),
    );
    await page.goto(`${site.url}/index.html#${hash}`);
    await expect.poll(() => page.textContent("#state")).toBe("deferred/idle/consent_deferred");
    await page.click("#accept");
    await expect.poll(() => page.textContent("#state"), { timeout: 30_000 }).toBe(
      "granted/recording/recording",
    );
    await page.click("#checkout");
    await expect.poll(async () => (await readStoredBytes(collector.dataDir)).includes("react_checkout"), {
      timeout: 30_000,
      interval: 250,
    }).toBe(true);
    expect((await readStoredBytes(collector.dataDir)).toString("utf8")).toContain(`"source":"react-banner"`);
    await page.click("#decline");
    await expect.poll(() => page.textContent("#state")).toBe("denied/stopped/opted_out");
    await page.close();
  });

  it("leaves React out of dist/react.js", async () => {
    const text = await readFile(join(REPO_ROOT, "dist", "react.js"), "utf8");
    expect(text).toMatch(/from\s*"react"/);
    expect(text).not.toContain("react.production");
    expect(text.length).toBeLessThan(5_000);
  });
});
