/**
 * Launches the system Chromium through playwright-core with a fresh profile, for browser tests. Hold it
 * with `await using` so a failing test still closes the browser and removes the profile.
 *
 *   await using chromium = await launchChromium();
 *   const page = await chromium.newPage();
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** Where Debian's `chromium` package installs the browser; override with CHROMIUM_PATH. */
const DEFAULT_EXECUTABLE = "/usr/bin/chromium";

/** The flags every Chromium run here uses (no GPU, no background traffic on a closed network). */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A running Chromium with its own profile folder. */
export type RunningChromium = {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
  [Symbol.asyncDispose]: () => Promise<void>;
};

/** Starts Chromium; every page gets a `__name` shim because tsx-compiled callbacks reference it. */
export async function launchChromium(): Promise<RunningChromium> {
  const profile = await mkdtemp(join(tmpdir(), "rerun-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? DEFAULT_EXECUTABLE,
      headless: true,
      args: [...CHROMIUM_ARGS],
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  // esbuild (under tsx) wraps named functions in __name(); functions passed to page.evaluate carry that call.
  await context.addInitScript({ content: "globalThis.__name = (f) => f;" });
  let closed: Promise<void> | null = null;
  const close = () => (closed ??= (async () => {
    await context.close().catch(() => undefined);
    await rm(profile, { recursive: true, force: true });
  })());
  return { context, newPage: () => context.newPage(), close, [Symbol.asyncDispose]: close };
}
