/**
 * Install size: what `npm install <package>` puts into an empty app's node_modules for rerun (this
 * checkout, packed), Sentry's `@sentry/browser` and `posthog-js` (the versions this repository pins), each
 * installed the same way (`npm install <spec> --prefer-offline` in an empty folder). Then what rerun's CLI
 * fetches on first use: each runtime part installed exactly as `cli/runtime/fetch.ts` installs it (its
 * pinned package.json, `npm install --prefer-offline`) into a fresh folder.
 *
 * Sizes are the sum of file sizes (hard links once); packages are the package.json files under
 * node_modules. Times include npm's start-up and are taken with npm's cache already holding the packages
 * (this checkout's install put them there), so they measure the install, not the network.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pinnedDependencies, runtimePart, type RuntimePartName } from "../cli/runtime/parts.ts";
import { REPO_ROOT } from "./paths.ts";
import type { BenchOutput } from "./results.ts";

/** Issue 26's budget for an SDK user's install. */
const BUDGET_MB = 25;

type Installed = { mb: number; packages: number; seconds: number; engineWarnings: number };

/** The environment of a user's shell: none of the `npm run` variables that point npm at this checkout. */
function shellEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(npm_|INIT_CWD$)/i.test(name)) env[name] = value;
  }
  return env;
}

function npm(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", args, { cwd, env: shellEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

async function measure(dir: string): Promise<{ bytes: number; packages: number }> {
  const seen = new Set<number>();
  let bytes = 0;
  let packages = 0;
  for (const entry of await readdir(join(dir, "node_modules"), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const info = await stat(join(entry.parentPath, entry.name));
    if (
      entry.name === "package.json" && /node_modules[\\/](@[^\\/]+[\\/])?[^\\/@]+$/.test(entry.parentPath)
    ) {
      packages++;
    }
    if (seen.has(info.ino)) continue;
    seen.add(info.ino);
    bytes += info.size;
  }
  return { bytes, packages };
}

async function install(dir: string, args: string[]): Promise<Installed> {
  const started = performance.now();
  const result = await npm(["install", "--prefer-offline", "--no-audit", "--no-fund", ...args], dir);
  const seconds = (performance.now() - started) / 1000;
  if (result.code !== 0) {
    throw new Error(`npm install ${args.join(" ")} failed:\n${result.output.slice(-2000)}`);
  }
  const { bytes, packages } = await measure(dir);
  return {
    mb: Math.round((bytes / 1e6) * 10) / 10,
    packages,
    seconds: Math.round(seconds * 10) / 10,
    engineWarnings: result.output.split("\n").filter((l) => l.includes("EBADENGINE")).length,
  };
}

async function emptyApp(root: string, name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: `bench-${name}`, private: true }));
  return dir;
}

export async function benchInstall(ctx: { log: (line: string) => void }): Promise<BenchOutput> {
  const manifest = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  const work = await mkdtemp(join(tmpdir(), "rerun-bench-install-"));
  try {
    ctx.log("packing this checkout (builds the SDK, CLI, collector and types)");
    const packed = await npm(["pack", "--pack-destination", work], REPO_ROOT);
    if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.output.slice(-2000)}`);
    const tarball = join(work, packed.output.trim().split("\n").at(-1)!);

    const apps: Record<string, Installed> = {};
    const specs: Record<string, string> = {
      rerun: tarball,
      "@sentry/browser": `@sentry/browser@${manifest.devDependencies["@sentry/browser"]}`,
      "posthog-js": `posthog-js@${manifest.devDependencies["posthog-js"]}`,
    };
    for (const [name, spec] of Object.entries(specs)) {
      ctx.log(`npm install ${name}`);
      apps[name] = await install(await emptyApp(work, name.replace(/\W/g, "-")), [spec]);
    }

    const parts: Partial<Record<RuntimePartName, Installed>> = {};
    for (const name of ["collector", "report", "anthropic", "openai"] as const) {
      ctx.log(`first use: ${name}`);
      const dir = join(work, `part-${name}`);
      await mkdir(dir);
      const dependencies = pinnedDependencies(runtimePart(name), manifest.devDependencies);
      await writeFile(join(dir, "package.json"), JSON.stringify({ private: true, dependencies }));
      parts[name] = await install(dir, []);
    }

    const rerun = apps.rerun!;
    const sentry = apps["@sentry/browser"]!;
    const posthog = apps["posthog-js"]!;
    return {
      title: "Install size",
      method: [
        "`npm install <spec> --prefer-offline --no-audit --no-fund` into an empty folder per package, npm's",
        "cache already holding the packages: this checkout packed with `npm pack` (its prepack build included),",
        "and `@sentry/browser` and `posthog-js` at the versions this repository pins. Size is the sum of the",
        "files under node_modules (hard links once); packages count the package.json files of installed",
        "packages. The first-use parts are installed the way `cli/runtime/fetch.ts` installs them: a",
        "package.json with the release's pins, then `npm install --prefer-offline`.",
      ].join(" "),
      versionsOf: ["node", "@sentry/browser", "posthog-js", "rerun"],
      metrics: [
        {
          metric: "node_modules after `npm install @mimeticinc/rerun`",
          value: rerun.mb,
          unit: "MB",
          target: { kind: "max", value: BUDGET_MB },
          compare: { "@sentry/browser": sentry.mb, "posthog-js": posthog.mb },
          note: "issue 26 budget ≤ 25 MB; 338 MB before",
        },
        {
          metric: "packages installed",
          value: rerun.packages,
          unit: "",
          target: { kind: "none" },
          compare: { "@sentry/browser": sentry.packages, "posthog-js": posthog.packages },
          note: "329 before",
        },
        {
          metric: "EBADENGINE warnings",
          value: rerun.engineWarnings,
          unit: "",
          target: { kind: "max", value: 0 },
          note: "30 before",
        },
        ...(["collector", "report", "anthropic", "openai"] as const).map((name) => ({
          metric: `first use: ${runtimePart(name).purpose}`,
          value: parts[name]!.mb,
          unit: "MB",
          target: { kind: "none" } as const,
          compare: { seconds: parts[name]!.seconds, packages: parts[name]!.packages },
        })),
      ],
      details: { apps, parts },
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
