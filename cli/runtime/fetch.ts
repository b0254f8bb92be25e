/**
 * Fetching a runtime part (parts.ts) on first use, through npm itself: the CLI writes a package.json that
 * pins the part's packages to this release's versions into a fresh folder under the cache (cache-dir.ts),
 * runs `npm install` there as a child process, copies the part's files from the installed rerun package
 * beside it, and renames the folder into place. The rename makes a half-done install invisible, and two
 * commands fetching at once each build their own folder; the first rename wins.
 *
 * A `.rerun-runtime.json` stamp records what was installed; a folder whose stamp differs (another
 * release's pins, a rebuilt bundle) is fetched again.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { CliError } from "../errors.ts";
import { endProgress, note, progress } from "../output.ts";
import { cacheRoot } from "./cache-dir.ts";
import { readNpmFailure } from "./npm-failure.ts";
import { PACKAGE_ROOT, readManifest } from "./package-root.ts";
import { pinnedDependencies, type RuntimePart, runtimePart, type RuntimePartName } from "./parts.ts";

const STAMP_FILE = ".rerun-runtime.json";

type Stamp = { rerun: string; dependencies: Record<string, string>; assets: string };

/** Files of a copied asset that are not needed at run time. */
const isTestFile = (path: string) => /\.test\.tsx?$/.test(path);

/** How npm is run: the npm that ran `npx` (its `npm_execpath`), else `npm` from the PATH. */
export function npmCommand(
  env: Readonly<Record<string, string | undefined>>,
  execPath: string,
  platform: string,
): { command: string; args: string[]; shell: boolean } {
  const execpath = env.npm_execpath;
  if (execpath && /npm-cli\.c?js$/.test(execpath)) {
    return { command: execPath, args: [execpath], shell: false };
  }
  if (execpath && /npx-cli\.c?js$/.test(execpath)) {
    return { command: execPath, args: [join(dirname(execpath), "npm-cli.js")], shell: false };
  }
  return { command: platform === "win32" ? "npm.cmd" : "npm", args: [], shell: platform === "win32" };
}

/** The folder a part of this release lives in. */
export function runtimeDir(name: RuntimePartName, version: string): string {
  return join(cacheRoot(process.env, process.platform, homedir()), version, name);
}

/**
 * Returns the folder holding part `name` of this release, fetching it first when it is missing or stale.
 * Progress goes to stderr; failures are one-line {@link CliError}s.
 */
export async function ensureRuntimePart(name: RuntimePartName): Promise<string> {
  const manifest = readManifest(PACKAGE_ROOT);
  const part = runtimePart(name);
  const dependencies = pinnedDependencies(part, manifest.devDependencies);
  const dir = runtimeDir(name, manifest.version);
  const stamp: Stamp = { rerun: manifest.version, dependencies, assets: await hashAssets(part) };

  const current = await readStamp(dir);
  if (current && sameDependencies(current, stamp)) {
    if (current.assets !== stamp.assets) {
      await copyAssets(part, dir);
      await writeFile(join(dir, STAMP_FILE), JSON.stringify(stamp, null, 2));
    }
    return dir;
  }

  const specs = Object.entries(dependencies).map(([pkg, version]) => `${pkg}@${version}`).join(", ");
  const work = `${dir}.partial-${process.pid}-${Date.now().toString(36)}`;
  await mkdir(work, { recursive: true });
  try {
    note(`rerun: first use of ${part.purpose} in rerun ${manifest.version}: installing ${specs} with npm`);
    note(`       into ${dir} (once per release)`);
    const started = Date.now();
    await writeFile(
      join(work, "package.json"),
      JSON.stringify(
        {
          name: `rerun-runtime-${name}`,
          private: true,
          description: `${part.purpose} for rerun ${manifest.version}, fetched on first use; safe to delete`,
          dependencies,
        },
        null,
        2,
      ),
    );
    await npmInstall(work, part, specs);
    await copyAssets(part, work);
    await writeFile(join(work, STAMP_FILE), JSON.stringify(stamp, null, 2));
    await rm(dir, { recursive: true, force: true });
    await rename(work, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another command finished the same fetch first: keep its folder.
      if (!(await readStamp(dir))) throw error;
    });
    const mb = (await folderBytes(dir)) / 1e6;
    note(
      `rerun: ${part.purpose} ready (${mb.toFixed(0)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    return dir;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Loads CommonJS package `name` from a fetched part's folder (or, in a source checkout, from its own). */
export function requireFrom(dir: string, name: string): unknown {
  return createRequire(join(dir, "package.json"))(name);
}

async function npmInstall(work: string, part: RuntimePart, specs: string): Promise<void> {
  const npm = npmCommand(process.env, process.execPath, process.platform);
  // The registry the user's npm uses here, project .npmrc included: `--prefix` alone would not read it.
  const registry = (await runNpm(npm, ["config", "get", "registry"], process.cwd())).output.trim();
  const args = [
    "install",
    "--prefix",
    work,
    "--no-audit",
    "--no-fund",
    "--no-update-notifier",
    // Every direct dependency is an exact version, so cached metadata is as good as fresh and a second
    // machine-wide fetch (another cache folder, a wiped one) needs no network when npm's cache has them.
    "--prefer-offline",
    ...(/^https?:\/\//.test(registry) ? ["--registry", registry] : []),
  ];
  const started = Date.now();
  const ticker = setInterval(
    () =>
      progress(`rerun: npm is installing ${part.purpose}… ${Math.round((Date.now() - started) / 1000)} s`),
    1_000,
  );
  let result;
  try {
    result = await runNpm(npm, args, work);
  } finally {
    clearInterval(ticker);
    endProgress();
  }
  if (result.code === 0) return;
  const failure = readNpmFailure(result.output);
  const where = registry || "the npm registry";
  if (failure.offline) {
    throw new CliError(
      "fetch_failed",
      `could not reach ${where} to fetch ${part.purpose} (${specs}): ${failure.code ?? "network error"}; ` +
        `connect to the network (or set npm's registry to one you can reach) and run the command again`,
    );
  }
  throw new CliError(
    "fetch_failed",
    `npm could not install ${part.purpose} (${specs}) from ${where}: ${
      failure.code ?? `exit ${result.code}`
    }` +
      `${failure.summary ? ` ${failure.summary}` : ""}${
        failure.logFile ? `; npm's log: ${failure.logFile}` : ""
      }`,
  );
}

function runNpm(
  npm: ReturnType<typeof npmCommand>,
  args: string[],
  cwd: string,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(npm.command, [...npm.args, ...args], {
      cwd,
      shell: npm.shell,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1", npm_config_color: "false", npm_config_progress: "false" },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on(
      "error",
      (error) => resolve({ code: 127, output: `npm error code ENOENT\nnpm error ${error.message}` }),
    );
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

async function readStamp(dir: string): Promise<Stamp | null> {
  try {
    return JSON.parse(await readFile(join(dir, STAMP_FILE), "utf8")) as Stamp;
  } catch {
    return null;
  }
}

function sameDependencies(a: Stamp, b: Stamp): boolean {
  return a.rerun === b.rerun && JSON.stringify(a.dependencies) === JSON.stringify(b.dependencies);
}

async function copyAssets(part: RuntimePart, dir: string): Promise<void> {
  for (const { from, to } of part.assets) {
    const source = join(PACKAGE_ROOT, from);
    if (!existsSync(source)) {
      throw new CliError("fetch_failed", `the rerun package is missing ${from}; reinstall @mimeticinc/rerun`);
    }
    await rm(join(dir, to), { recursive: true, force: true });
    await cp(source, join(dir, to), { recursive: true, filter: (path) => !isTestFile(path) });
  }
}

/** A digest of the part's assets as installed, so a rebuilt package is copied again. */
async function hashAssets(part: RuntimePart): Promise<string> {
  const hash = createHash("sha256");
  for (const { from } of part.assets) {
    for (const file of await listFiles(join(PACKAGE_ROOT, from))) {
      if (isTestFile(file)) continue;
      hash.update(file).update(await readFile(file));
    }
  }
  return hash.digest("hex").slice(0, 16);
}

async function listFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => null);
  if (!info) return [];
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).sort();
  return (await Promise.all(names.map((n) => listFiles(join(path, n))))).flat();
}

async function folderBytes(path: string): Promise<number> {
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  const seen = new Set<number>();
  let total = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    // npm hard-links some binaries (the deno package's `deno` is its platform package's file): count once.
    const info = await stat(join(entry.parentPath, entry.name));
    if (seen.has(info.ino)) continue;
    seen.add(info.ino);
    total += info.size;
  }
  return total;
}
