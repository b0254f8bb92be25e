/**
 * Opens a fixture page that loads the built script-tag SDK, with the collector settings passed in the URL
 * hash (which the SDK strips, so they are never recorded), and records every request the page makes.
 */
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page, Request } from "playwright-core";
import { launchChromium, type RunningChromium } from "../helpers/chromium.ts";
import { type RunningCollector, startCollector } from "../helpers/collector.ts";
import { serveStatic, type StaticServer } from "../helpers/static-server.ts";

/** Repository root: the static server serves test pages and dist/ from here. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Builds dist/ when it is missing (`npm test` builds it first; a lone `vitest run` may not have). */
export function ensureSdkBuilt(): void {
  if (existsSync(join(REPO_ROOT, "dist", "rerun.global.js"))) return;
  execFileSync(join(REPO_ROOT, "node_modules", ".bin", "tsx"), [join(REPO_ROOT, "scripts", "build-sdk.ts")], {
    stdio: "inherit",
  });
}

/** A fixture page plus every request URL it made, in order. */
export type SdkPage = { page: Page; requests: Request[] };

/** Opens `tests/fixtures/pages/<name>` with these SDK settings. */
export async function openSdkPage(opts: {
  chromium: RunningChromium;
  siteUrl: string;
  name: string;
  /** `page`: what the fixture page itself reads (see the fixture). */
  settings: {
    publicKey: string;
    ingestBaseUrl: string;
    options?: Record<string, unknown>;
    page?: Record<string, unknown>;
  };
  query?: string;
  /** Slows the page's CPU this many times (CDP), from before it loads. */
  cpuThrottle?: number;
}): Promise<SdkPage> {
  const page = await opts.chromium.newPage();
  if (opts.cpuThrottle) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: opts.cpuThrottle });
  }
  const requests: Request[] = [];
  page.on("request", (request) => requests.push(request));
  const hash = encodeURIComponent(JSON.stringify(opts.settings));
  await page.goto(`${opts.siteUrl}/tests/fixtures/pages/${opts.name}${opts.query ?? ""}#${hash}`);
  return { page, requests };
}

/**
 * Opens `tests/fixtures/pages/<name>` from the harness's site, in its Chromium, with the SDK pointed at its
 * collector.
 */
export function openHarnessPage(
  harness: SdkHarness,
  page: { name: string; query?: string; cpuThrottle?: number; options?: Record<string, unknown> },
): Promise<SdkPage> {
  return openSdkPage({
    chromium: harness.chromium,
    siteUrl: harness.site.url,
    name: page.name,
    query: page.query,
    cpuThrottle: page.cpuThrottle,
    settings: {
      publicKey: harness.collector.publicKey,
      ingestBaseUrl: harness.collector.url,
      options: page.options,
    },
  });
}

/** What a browser test of the SDK runs against: pages on a static server, the real collector, Chromium. */
export type SdkHarness = {
  site: StaticServer;
  collector: RunningCollector;
  chromium: RunningChromium;
  close(): Promise<void>;
};

/**
 * Builds the SDK if needed, serves the repository (test pages and dist/), starts the collector with the
 * site's origin allowed (plus `collectorEnv`) and launches Chromium; `close()` stops all three.
 */
export async function startSdkHarness(collectorEnv: Record<string, string> = {}): Promise<SdkHarness> {
  ensureSdkBuilt();
  const site = await serveStatic({ root: REPO_ROOT });
  const collector = await startCollector({ env: { CORS_ORIGINS: site.url, ...collectorEnv } });
  const chromium = await launchChromium();
  return {
    site,
    collector,
    chromium,
    async close() {
      await chromium.close();
      await collector.stop();
      await site.close();
    },
  };
}
