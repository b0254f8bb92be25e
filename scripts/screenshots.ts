/**
 * Writes the README's report-site screenshots (docs/images/report-friction.png, report-issue.png,
 * report-index.png, report-session.png) from the fixture sessions and issues: `npx tsx scripts/screenshots.ts`. A script, not a test, so `npm test` never rewrites
 * tracked files.
 */
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildSite, writeSiteData } from "../cli/report/site-data.ts";
import { FIXTURE_SITE_DATA } from "../tests/fixtures/reports/sessions.ts";
import { launchChromium } from "../tests/helpers/chromium.ts";
import { makeTempDir } from "../tests/helpers/tmp.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REPLAY_ID = "chk_9f2c4a7be1d04c55";

await using tmp = await makeTempDir("rerun-screenshots-");
const dataDir = join(tmp.path, "data");
const outDir = join(tmp.path, "report");
await writeSiteData(dataDir, FIXTURE_SITE_DATA);
await buildSite({ dataDir, outDir });
const outUrl = pathToFileURL(outDir).href + "/";
const images = join(ROOT, "docs", "images");
await mkdir(images, { recursive: true });

const browser = await launchChromium();
try {
  const shoot = async (path: string, image: string) => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(new URL(path, outUrl).href);
    await page.screenshot({ path: join(images, image), fullPage: true });
  };
  await shoot("index.html", "report-friction.png");
  await shoot(`issues/${FIXTURE_SITE_DATA.friction!.issues[0]!.fingerprint}.html`, "report-issue.png");
  await shoot("sessions/index.html", "report-index.png");
  const session = await browser.newPage();
  await session.setViewportSize({ width: 1280, height: 900 });
  await session.goto(new URL(`replays/${REPLAY_ID}.html`, outUrl).href);
  await session.frameLocator("#rerun-stage iframe").locator("#pay-now").waitFor();
  await session.locator(".marker[data-kind=rage_click]").click();
  await session.locator("#rerun-play").click(); // pause on the rage click
  await session.screenshot({ path: join(images, "report-session.png"), fullPage: true });
} finally {
  await browser.close();
}
console.log(
  "wrote docs/images/report-friction.png, report-issue.png, report-index.png and report-session.png",
);
