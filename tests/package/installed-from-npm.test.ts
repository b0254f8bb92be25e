/**
 * Issue 26, as a user meets rerun: the packed tarball is published to a real registry on loopback
 * (Verdaccio), installed by name into empty folders and into a Vite + React + TypeScript app, and the
 * README's lines run from there — on the machine's Node 20 and on the `node` package's Node 22.
 *
 * Proves: the install is small with no engine warning; `npx @mimeticinc/rerun quickstart` starts a
 * collector whose Deno and libSQL addon npm fetches on first use (and says so in one line when offline);
 * the seed's snippets type-check under `bundler`, `node16` and `nodenext`; the built app records a session
 * with `appId: "my-app"` in Chromium; `replays`, `analyze` (with both LLM providers' clients fetched on
 * first use), `doctor`, `rerun-mcp`, `report build`, `smoke --stop-after` and `stop` work from the app
 * folder; `@arethetypeswrong/cli` and `publint` accept the tarball.
 *
 * The app's own packages (React, Vite, TypeScript) come from the registry npm is configured with, at the
 * versions this repository installs, so npm's cache serves them.
 */
import { execFileSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../helpers/chromium.ts";
import { startFakeLlm } from "../helpers/fake-llm.ts";
import { type NpmRegistry, startNpmRegistry } from "../helpers/npm-registry.ts";
import { type CliResult, REPO_ROOT, runProcess } from "../helpers/run-cli.ts";
import { serveStatic, type StaticServer } from "../helpers/static-server.ts";

/** What `npm pack` builds and packs from (package.json `files` and the build's inputs). */
const PACK_SOURCES = new Set([
  "package.json",
  "tsconfig.json",
  "deno.json",
  "README.md",
  "server.json",
  "docs",
  "scripts",
  "shared",
  "sdk",
  "cli",
  "collector",
  "site",
]);

/** Per test and hook: a cold npm cache or a loaded CI machine can make an install or first use slow. */
const LONG_MS = 300_000;

/** Issue 26's budget for `npm install @mimeticinc/rerun` into an empty app. */
const INSTALL_BUDGET_BYTES = 25 * 1000 * 1000;

const rootManifest = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as {
  version: string;
  devDependencies: Record<string, string>;
};

/** Each Node a user may have: the machine's (first `node` on the PATH outside this repository) and 22. */
function machineNode(): string {
  const repoBins = join(REPO_ROOT, "node_modules");
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "node");
    if (dir && !dir.startsWith(repoBins) && existsSync(candidate)) return realpathSync(candidate);
  }
  throw new Error("no node on the PATH outside node_modules");
}
const NODES = {
  machine: machineNode(),
  node22: join(REPO_ROOT, "node_modules", "node", "bin", "node"),
};

/** npm's own CLI files, run by whichever Node a step uses. */
function npmCliDir(): string {
  const execpath = process.env.npm_execpath;
  if (execpath && /np[mx]-cli\.js$/.test(execpath)) return dirname(execpath);
  const npm = execFileSync("sh", ["-c", "command -v npm"], { encoding: "utf8" }).trim();
  return dirname(realpathSync(npm));
}
const NPM_BIN = npmCliDir();

/**
 * A user's shell: that Node first on the PATH, and this environment (its proxy and CA settings included)
 * without what `npm test` and vitest add to it — `npm_config_local_prefix` would point npm at this
 * repository — and with the fetched parts in a test cache.
 */
function userEnv(node: string, extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(npm_|INIT_CWD$|NODE$|NODE_ENV$|VITEST|TEST$|RERUN_)/i.test(name)) env[name] = undefined;
  }
  const path = (process.env.PATH ?? "").split(delimiter).filter((d) => !d.startsWith(REPO_ROOT));
  return {
    ...env,
    PATH: [dirname(node), ...path].join(delimiter),
    RUST_BACKTRACE: "0",
    RERUN_CACHE_DIR: cacheDir,
    ...extra,
  };
}

/** `npm …` or `npx …` as the user runs them, with `node`. */
const npmTool =
  (tool: "npm" | "npx") => (node: string, args: string[], cwd: string, env: Record<string, string> = {}) =>
    runProcess(node, [join(NPM_BIN, `${tool}-cli.js`), ...args], {
      cwd,
      env: userEnv(node, env),
      timeoutMs: 240_000,
      label: `${tool} ${args.join(" ")}`,
    });
const npm = npmTool("npm");
const npx = npmTool("npx");

const ok = (result: CliResult, what: string): CliResult => {
  expect(result.code, `${what}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
};

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

type Quickstart = {
  ingestBaseUrl: string;
  publicKey: string;
  readKey: string;
  adminKey: string;
  pid: number;
};

let work: string;
let cacheDir: string;
let tarball: string;
let registry: NpmRegistry;
const collectorPids: number[] = [];

/** An empty app folder whose npm takes `@mimeticinc/*` from the test registry, as a private scope would. */
async function emptyApp(name: string, manifest: Record<string, unknown> = {}): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "package.json"),
    JSON.stringify({ name, private: true, type: "module", ...manifest }),
  );
  await writeFile(join(dir, ".npmrc"), `@mimeticinc:registry=${registry.url}\n`);
  return dir;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "rerun-npm-"));
  cacheDir = join(work, "cache");
  // Packed once for the whole file, from a copy of the sources: prepack rebuilds dist/, and the browser
  // tests running beside this file serve the checkout's own dist/.
  const staging = join(work, "source");
  await mkdir(staging);
  for (const name of await readdir(REPO_ROOT)) {
    if (PACK_SOURCES.has(name)) await cp(join(REPO_ROOT, name), join(staging, name), { recursive: true });
  }
  await symlink(join(REPO_ROOT, "node_modules"), join(staging, "node_modules"), "dir");
  const packed = ok(
    await runProcess(NODES.node22, [join(NPM_BIN, "npm-cli.js"), "pack", "--pack-destination", work], {
      cwd: staging,
      env: { ...userEnv(NODES.node22), PATH: process.env.PATH },
      timeoutMs: 180_000,
      label: "npm pack",
    }),
    "npm pack",
  );
  tarball = join(work, packed.stdout.trim().split("\n").at(-1)!);
  registry = await startNpmRegistry(join(work, "registry"));
  ok(await registry.publish(tarball, { node: NODES.node22, npmCli: join(NPM_BIN, "npm-cli.js") }), "publish");
}, LONG_MS);

afterAll(async () => {
  for (const pid of collectorPids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already stopped
    }
  }
  await registry?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("the published package", { timeout: LONG_MS }, () => {
  it("passes @arethetypeswrong/cli and publint", async () => {
    const attw = await runProcess(
      NODES.node22,
      [join(REPO_ROOT, "node_modules/@arethetypeswrong/cli/dist/index.js"), tarball, "--profile", "esm-only"],
      { label: "attw", env: { NO_COLOR: "1" } },
    );
    ok(attw, "attw");
    const unpacked = join(work, "unpacked");
    await mkdir(unpacked);
    execFileSync("tar", ["-xzf", tarball, "-C", unpacked]);
    const publint = await runProcess(
      NODES.node22,
      [
        join(REPO_ROOT, "node_modules/publint/src/cli.js"),
        join(unpacked, "package"),
        "--strict",
        "--pack",
        "false",
      ],
      { label: "publint", env: { NO_COLOR: "1" } },
    );
    ok(publint, "publint");
  });

  for (const [label, node] of Object.entries(NODES)) {
    it(`installs within the budget with no warning and starts a collector with npx, on ${label} Node`, async () => {
      const app = await emptyApp(`empty-${label}`);
      const install = ok(await npm(node, ["install", "@mimeticinc/rerun"], app), "npm install");
      expect(install.stdout + install.stderr).not.toMatch(/EBADENGINE|npm warn/i);
      expect((await readdir(join(app, "node_modules"))).filter((n) => !n.startsWith("."))).toEqual([
        "@mimeticinc",
      ]);
      const bytes = await folderBytes(join(app, "node_modules"));
      console.log(`install on ${label} Node: ${(bytes / 1e6).toFixed(2)} MB of node_modules`);
      expect(bytes).toBeLessThan(INSTALL_BUDGET_BYTES);

      const started = ok(
        await npx(node, ["@mimeticinc/rerun", "quickstart", "--port", "0", "--json"], app),
        "quickstart",
      );
      const state = JSON.parse(started.stdout) as Quickstart;
      collectorPids.push(state.pid);
      expect((await fetch(`${state.ingestBaseUrl}/health`)).status).toBe(200);
      ok(await npx(node, ["@mimeticinc/rerun", "stop"], app), "stop");
    });
  }

  it("runs the collector of a source checkout with quickstart --server-dir", async () => {
    const app = join(work, "empty-node22");
    const started = ok(
      await npx(
        NODES.node22,
        ["rerun", "quickstart", "--port", "0", "--json", "--server-dir", REPO_ROOT],
        app,
      ),
      "quickstart --server-dir",
    );
    const state = JSON.parse(started.stdout) as Quickstart;
    collectorPids.push(state.pid);
    expect(execFileSync("ps", ["-o", "args=", "-p", String(state.pid)], { encoding: "utf8" }))
      .toContain(join(REPO_ROOT, "collector", "main.ts"));
    ok(await npx(NODES.node22, ["rerun", "stop"], app), "stop");
  });

  it("says in one line that the collector could not be fetched when the registry is unreachable", async () => {
    const app = join(work, "empty-machine");
    const offline = await npx(
      NODES.machine,
      ["rerun", "quickstart", "--port", "0", "--data-dir", "offline"],
      app,
      {
        RERUN_CACHE_DIR: join(work, "offline-cache"),
        npm_config_cache: join(work, "offline-npm-cache"),
        npm_config_registry: "http://127.0.0.1:9/",
        npm_config_fetch_retries: "0",
      },
    );
    expect(offline.code).toBe(1);
    const lines = offline.stderr.trim().split("\n");
    expect(lines.at(-1)).toMatch(
      /^rerun: could not reach http:\/\/127\.0\.0\.1:9\/ to fetch the collector .*deno@.*: ECONNREFUSED; connect/,
    );
    expect(lines.filter((l) => l.startsWith("rerun: could not"))).toHaveLength(1);
    expect(existsSync(join(app, "offline"))).toBe(false);
  });
});

describe("a Vite + React + TypeScript app, on the machine's Node", { timeout: LONG_MS }, () => {
  const node = NODES.machine;
  let app: string;
  let keys: Quickstart;
  let site: StaticServer;

  afterAll(() => site?.close());

  beforeAll(async () => {
    app = await emptyApp("seed-app", {
      scripts: { build: "vite build" },
      dependencies: {
        react: rootManifest.devDependencies.react,
        "react-dom": rootManifest.devDependencies["react-dom"],
      },
      devDependencies: Object.fromEntries(
        ["vite", "@vitejs/plugin-react", "typescript", "@types/react", "@types/react-dom"].map((n) => [
          n,
          rootManifest.devDependencies[n],
        ]),
      ),
    });
    ok(await npm(node, ["install", "--prefer-offline", "--no-audit", "--no-fund"], app), "app install");
    // The built app is served on a port of its own, which quickstart's --cors-origin adds to the defaults.
    site = await serveStatic({ root: join(app, "dist") });
  }, LONG_MS);

  it("installs with the README's line and starts the collector for the app's origin", async () => {
    ok(await npm(node, ["install", "@mimeticinc/rerun"], app), "npm install @mimeticinc/rerun");
    const started = ok(
      await npx(
        node,
        ["@mimeticinc/rerun", "quickstart", "--port", "0", "--json", "--cors-origin", site.url],
        app,
      ),
      "quickstart",
    );
    keys = JSON.parse(started.stdout) as Quickstart;
    collectorPids.push(keys.pid);
  });

  it("type-checks the seed's snippets under bundler, node16 and nodenext, and builds", async () => {
    await writeSeedApp(app, keys);
    for (const config of ["tsconfig.json", "tsconfig.node16.json", "tsconfig.nodenext.json"]) {
      ok(await npx(node, ["tsc", "-p", config], app), `tsc -p ${config}`);
    }
    ok(await npm(node, ["run", "build"], app), "vite build");
    expect(existsSync(join(app, "dist", "index.html"))).toBe(true);
  });

  it("records a session with appId my-app in Chromium, and the README's commands read it", async () => {
    await using chromium = await launchChromium();
    const page = await chromium.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      // Chromium asks every page for /favicon.ico, which the app does not have.
      if (m.type() === "error" && !m.location().url.endsWith("/favicon.ico")) consoleErrors.push(m.text());
    });
    const batch = page.waitForResponse((r) => r.url().endsWith("/trpc/ingest.batch") && r.status() === 200);
    await page.goto(site.url);
    await page.getByRole("button", { name: "Accept" }).click();
    // The first batch means the recorder and the behavioral observers run: interact from then on.
    await batch;
    const behavioral = page.waitForResponse((r) =>
      r.url().endsWith("/trpc/ingest.behavioral") && r.status() === 200
    );
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.mouse.wheel(0, 200);
    await behavioral;
    await page.close();
    expect(consoleErrors).toEqual([]);

    const listed = ok(
      await npx(node, ["rerun", "replays", "--read-key", keys.readKey, "--json"], app),
      "replays",
    );
    const replays = JSON.parse(listed.stdout) as Array<{ sessionId: string; appId: string }>;
    expect(replays.map((r) => r.appId)).toEqual(["my-app"]);
    const sessionId = replays[0]!.sessionId;

    expect(ok(await npx(node, ["rerun", "replays", "--read-key", keys.readKey], app), "replays").stdout)
      .toContain(sessionId);
    expect(ok(await npx(node, ["rerun", "analyze", "--latest"], app), "analyze --latest").stdout)
      .toContain(sessionId);
    const report = JSON.parse(
      ok(await npx(node, ["rerun", "analyze", "--session", sessionId, "--json"], app), "analyze --session")
        .stdout,
    ) as { sessionId: string; appId: string };
    expect(report).toMatchObject({ sessionId, appId: "my-app" });

    await using llm = await startFakeLlm(["The ", "cart ", "works."]);
    for (const provider of ["anthropic", "openai"]) {
      const review = ok(
        await npx(
          node,
          [
            "rerun",
            "analyze",
            "--latest",
            "--llm",
            "--llm-provider",
            provider,
            "--confirm-external-llm-export",
          ],
          app,
          {
            ANTHROPIC_API_KEY: "sk-ant-test-0000000000000",
            OPENAI_API_KEY: "sk-test-openai-00000000000",
            ANTHROPIC_BASE_URL: llm.anthropicBaseUrl,
            OPENAI_BASE_URL: llm.openaiBaseUrl,
          },
        ),
        `analyze --llm ${provider}`,
      );
      expect(review.stdout).toContain("The cart works.");
      expect(review.stderr).toMatch(
        new RegExp(`first use of the ${provider === "openai" ? "OpenAI" : "Anthropic"} client`),
      );
      expect(review.stderr).not.toMatch(/deprecated|end-of-life/i);
    }
    expect(llm.requests).toHaveLength(2);

    const doctor = await npx(node, ["rerun", "doctor", "--origin", site.url, "--json"], app);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);

    const client = new Client({ name: "installed-rerun-mcp", version: "0" });
    await client.connect(
      new StdioClientTransport({
        command: node,
        args: [
          join(NPM_BIN, "npx-cli.js"),
          "rerun-mcp",
          "--url",
          `${keys.ingestBaseUrl}/api/mcp`,
          "--read-key",
          keys.readKey,
        ],
        env: userEnv(node) as Record<string, string>,
        cwd: app,
        stderr: "pipe",
      }),
    );
    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools).toContain("list_replays");
    const answer = await client.callTool({ name: "list_replays", arguments: {} });
    expect(JSON.stringify(answer)).toContain(sessionId);
    await client.close();

    const built = ok(
      await npx(node, ["rerun", "report", "build", "--out", "rerun-report"], app),
      "report build",
    );
    expect(built.stderr).toMatch(/first use of the report site builder/);
    // The site opens on the friction overview; the sessions list, naming the app, is one click away.
    expect(await readFile(join(app, "rerun-report", "sessions", "index.html"), "utf8")).toContain("my-app");

    const smoke = ok(await npx(node, ["rerun", "smoke", "--stop-after"], app), "smoke --stop-after");
    expect(smoke.stdout).toContain("smoke passed");
    expect((await fetch(`${keys.ingestBaseUrl}/health`).catch(() => null))?.ok ?? false).toBe(false);
    expect(ok(await npx(node, ["rerun", "stop"], app), "stop").stdout).toMatch(/^No collector is running/);
  });
});

/** The seed README's snippets, verbatim but for the keys and URL a user pastes from quickstart. */
async function writeSeedApp(app: string, keys: Quickstart): Promise<void> {
  await mkdir(join(app, "src"), { recursive: true });
  const files: Record<string, string> = {
    "index.html": `<!doctype html>
<html lang="en"><head><meta charset="UTF-8" /><title>seed app</title></head>
<body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>
`,
    "vite.config.ts": `import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({ plugins: [react()] });
`,
    "src/main.tsx": `import { createRoot } from "react-dom/client";
import { SessionReplayProvider, useConsent } from "@mimeticinc/rerun/react";

function ConsentBanner() {
  const { status, grant, deny } = useConsent();
  if (status.consent !== "deferred") return null;
  return (
    <div role="dialog" aria-label="Cookies">
      <button onClick={() => grant({ source: "cookie-banner", version: "2026-05-05" })}>Accept</button>
      <button onClick={() => deny()}>Decline</button>
    </div>
  );
}

function Shop() {
  return <main style={{ height: "200vh" }}><h1>Shop</h1><button>Add to cart</button></main>;
}

createRoot(document.getElementById("root")!).render(
  <SessionReplayProvider
    config={{
      appId: "my-app",
      publicKey: "${keys.publicKey}",
      ingestBaseUrl: "${keys.ingestBaseUrl}",
      behavioral: { enabled: true },
      network: { enabled: true, recordHeaders: { request: false, response: false } },
    }}
  >
    <Shop />
    <ConsentBanner />
  </SessionReplayProvider>,
);
`,
    "src/snippets.ts": `import { init } from "@mimeticinc/rerun";
import type { RecordingStatus, RerunOptions } from "@mimeticinc/rerun";

export async function seedSnippet(): Promise<RecordingStatus> {
  const options: RerunOptions = {
    appId: "my-app",
    publicKey: "${keys.publicKey}",
    ingestBaseUrl: "${keys.ingestBaseUrl}",
    behavioral: { enabled: true },
    network: { enabled: true, recordHeaders: { request: false, response: false } },
  };
  const replay = init(options);
  replay.optIn({ source: "cookie-banner", version: "2026-05-05" }); // or setConsent(true)
  replay.addCustomEvent("checkout_started", { plan: "pro" });
  replay.identify("user-42", { plan: "pro" });
  replay.tag("experiment", "b");
  await replay.flush({ final: true });
  replay.optOut();
  replay.stop();
  return replay.getStatus();
}
`,
    "tsconfig.json": JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2022", "DOM", "DOM.Iterable"],
        module: "ESNext",
        moduleResolution: "bundler",
        jsx: "react-jsx",
        strict: true,
        noEmit: true,
        // As Vite's template has it; the package's own declarations are checked without it at build time.
        skipLibCheck: true,
        types: [],
      },
      include: ["src"],
    }),
    "tsconfig.node16.json": JSON.stringify({
      extends: "./tsconfig.json",
      compilerOptions: { module: "node16", moduleResolution: "node16" },
    }),
    "tsconfig.nodenext.json": JSON.stringify({
      extends: "./tsconfig.json",
      compilerOptions: { module: "nodenext", moduleResolution: "nodenext" },
    }),
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(app, name), text);
}
