/**
 * Builds what the published package runs, beside the SDK bundles of `build-sdk.ts` (`npm run build:package`,
 * and `npm pack` / `npm publish` through `prepack`):
 *
 * - dist/cli/: the CLI (`rerun`) and the stdio MCP bridge (`rerun-mcp`) as JavaScript for Node, with their
 *   libraries (citty, tRPC's client, zod, the MCP SDK) bundled in, so the package has no dependencies.
 *   Subcommands stay lazy chunks. The LLM clients and Astro are not bundled: the CLI fetches them on first
 *   use (cli/runtime/).
 * - dist/collector/: the collector as JavaScript for Deno, which refuses to strip types under node_modules.
 *   `@libsql/client` (a native addon) stays external: it is installed beside the bundle on first use. Every
 *   `new URL("./x", import.meta.url)` in collector/ is followed: a `.ts` file becomes another entry (a
 *   Worker's script) and anything else (the migrations folder) is copied beside the bundle.
 * - dist/index.d.ts, dist/react.d.ts: the SDK's types in one declaration file per entry, checked to import
 *   nothing but React, so a consumer needs no `allowImportingTsExtensions` and no zod.
 *
 * `tsx scripts/build-package.ts collector` builds dist/collector/ alone (the container image's build stage).
 */
import { build, type Plugin } from "esbuild";
import { generateDtsBundle } from "dts-bundle-generator";
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");

/** Lets bundled CommonJS code `require` Node's built-in modules from an ES module. */
const REQUIRE_BANNER = {
  js: 'import { createRequire as __rerunCreateRequire } from "node:module";\n' +
    "const require = __rerunCreateRequire(import.meta.url);",
};

/** Type imports the published declarations may keep: React's, a peer dependency. */
const ALLOWED_TYPE_IMPORTS = new Set(["react"]);

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : listFiles(path);
    return [path];
  }));
  return nested.flat();
}

async function buildCli(): Promise<void> {
  await build({
    entryPoints: { rerun: join(root, "cli/main.ts"), "rerun-mcp": join(root, "cli/mcp-bridge.ts") },
    outdir: join(dist, "cli"),
    bundle: true,
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    format: "esm",
    platform: "node",
    target: "node20.19",
    banner: REQUIRE_BANNER,
    legalComments: "linked",
    logLevel: "warning",
  });
}

const MODULE_URL = /new URL\(\s*["'](\.\.?\/[^"']+)["']\s*,\s*import\.meta\.url\s*\)/g;

/** The collector's module-relative URLs: `.ts` ones are entries of their own, the rest are copied. */
async function collectorUrls(): Promise<{ entries: Record<string, string>; assets: string[] }> {
  const entries: Record<string, string> = { main: join(root, "collector/main.ts") };
  const assets: string[] = [];
  for (const file of await listFiles(join(root, "collector"))) {
    if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
    for (const [, spec] of (await readFile(file, "utf8")).matchAll(MODULE_URL)) {
      const target = resolve(dirname(file), spec!);
      if (target.endsWith(".ts")) entries[basename(target, ".ts")] = target;
      else assets.push(target);
    }
  }
  const names = Object.keys(entries);
  if (new Set(names).size !== names.length) throw new Error("two collector entries share a file name");
  return { entries, assets };
}

/** Points `new URL("./x.ts", import.meta.url)` at the bundled `./x.js` beside the collector's main.js. */
const moduleUrlsToJs: Plugin = {
  name: "collector-module-urls",
  setup(b) {
    b.onLoad({ filter: /[\\/]collector[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const contents = source.replace(
        MODULE_URL,
        (_whole, spec: string) =>
          spec.endsWith(".ts")
            ? `new URL("./${basename(spec, ".ts")}.js", import.meta.url)`
            : `new URL("./${basename(spec)}", import.meta.url)`,
      );
      return { contents, loader: "ts" };
    });
  },
};

async function buildCollector(): Promise<void> {
  const out = join(dist, "collector");
  const { entries, assets } = await collectorUrls();
  await build({
    entryPoints: entries,
    outdir: out,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "es2022",
    external: ["@libsql/client", "@libsql/client/*"],
    banner: REQUIRE_BANNER,
    plugins: [moduleUrlsToJs],
    legalComments: "linked",
    logLevel: "warning",
  });
  for (const asset of assets) await cp(asset, join(out, basename(asset)), { recursive: true });
}

async function buildTypes(): Promise<void> {
  const entries = [
    { file: "sdk/entries/index.ts", out: "index.d.ts" },
    { file: "sdk/react/index.ts", out: "react.d.ts" },
  ];
  const bundles = generateDtsBundle(
    entries.map(({ file }) => ({
      filePath: join(root, file),
      output: { noBanner: true, exportReferencedTypes: false },
      libraries: { importedLibraries: [...ALLOWED_TYPE_IMPORTS] },
    })),
    { preferredConfigPath: join(root, "tsconfig.json") },
  );
  for (const [i, { out }] of entries.entries()) {
    const text = bundles[i]!;
    const imports = [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!);
    const foreign = imports.filter((spec) => !ALLOWED_TYPE_IMPORTS.has(spec));
    if (foreign.length > 0) {
      throw new Error(
        `dist/${out} imports ${foreign.join(", ")}: the SDK's public types must be plain TypeScript ` +
          `(no zod or other package), or consumers need that package to type-check`,
      );
    }
    await writeFile(join(dist, out), text);
  }
  checkDeclarations(entries.map(({ out }) => join(dist, out)));
}

/**
 * Type-checks the declaration files on their own (no skipLibCheck, no ambient types but React's): a name
 * the bundler left dangling would otherwise reach consumers, whose skipLibCheck turns it into `any`.
 */
function checkDeclarations(files: string[]): void {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: [],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) =>
    d.file && files.includes(d.file.fileName)
  );
  if (diagnostics.length > 0) {
    throw new Error(
      `the published declarations do not type-check:\n${
        ts.formatDiagnostics(diagnostics, {
          getCanonicalFileName: (f) => f,
          getCurrentDirectory: () => root,
          getNewLine: () => "\n",
        })
      }`,
    );
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const collectorOnly = process.argv[2] === "collector";
  if (process.argv.length > 2 && !collectorOnly) throw new Error("usage: build-package.ts [collector]");
  await Promise.all([
    rm(join(dist, "cli"), { recursive: true, force: true }),
    rm(join(dist, "collector"), {
      recursive: true,
      force: true,
    }),
  ]);
  await mkdir(dist, { recursive: true });
  await Promise.all([collectorOnly ? undefined : buildCli(), buildCollector()]);
  if (!collectorOnly) await buildTypes();
  const rows: string[] = [];
  for (const dir of collectorOnly ? ["collector"] : ["cli", "collector"]) {
    let bytes = 0;
    for (const file of await listFiles(join(dist, dir))) bytes += (await stat(file)).size;
    rows.push(`  dist/${dir}/  ${(bytes / 1024).toFixed(0)} KB`);
  }
  for (const file of collectorOnly ? [] : ["index.d.ts", "react.d.ts"]) {
    rows.push(
      `  ${relative(root, join(dist, file))}  ${((await stat(join(dist, file))).size / 1024).toFixed(1)} KB`,
    );
  }
  console.log(rows.join("\n"));
  console.log(`built in ${Math.round(performance.now() - started)} ms`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
