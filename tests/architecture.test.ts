/**
 * Import boundaries (STYLE rule 5): the data flows one way, shared/ is the contract, analysis is pure, and
 * the browser SDK never pulls in server or Node code. Checked by reading every source file's imports.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE_DIRS = ["shared", "sdk", "collector", "cli"];

type SourceFile = { path: string; imports: Array<{ spec: string; typeOnly: boolean; dynamic: boolean }> };

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "migrations") continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

const IMPORT_RE =
  /^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;

function readSources(): SourceFile[] {
  return SOURCE_DIRS.flatMap((d) => {
    try {
      return walk(join(ROOT, d));
    } catch {
      return [];
    }
  }).map((path) => {
    const text = readFileSync(path, "utf8");
    const imports: SourceFile["imports"] = [];
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[3] ?? m[4];
      if (spec) imports.push({ spec, typeOnly: Boolean(m[2]), dynamic: Boolean(m[4]) });
    }
    return { path: relative(ROOT, path), imports };
  });
}

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  return relative(ROOT, resolve(ROOT, dirname(from), spec));
}

/** Source text without comments, so a comment that mentions `Deno.serve` is not a use of it. */
function codeOf(path: string): string {
  return readFileSync(join(ROOT, path), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

const usesDeno = (path: string) => /\bDeno\.[a-z]/.test(codeOf(path));

const sources = readSources();
const under = (prefix: string) => sources.filter((s) => s.path.startsWith(prefix));

describe("import boundaries", () => {
  it("keeps shared/ free of every dependency but zod", () => {
    for (const file of under("shared/")) {
      for (const { spec } of file.imports) {
        const local = resolveLocal(file.path, spec);
        if (local) expect(local.startsWith("shared/"), `${file.path} imports ${spec}`).toBe(true);
        else expect(spec, `${file.path} imports ${spec}`).toBe("zod");
      }
      expect(usesDeno(file.path), `${file.path} uses Deno`).toBe(false);
    }
  });

  it("keeps the redaction patterns, URL stripping and limits import-free for the browser", () => {
    for (
      const name of [
        "shared/redact.ts",
        "shared/url.ts",
        "shared/limits.ts",
        "shared/events.ts",
        "shared/ids.ts",
      ]
    ) {
      const file = sources.find((s) => s.path === name);
      expect(file, name).toBeDefined();
      expect(file!.imports, name).toEqual([]);
    }
  });

  it("keeps the SDK away from the collector, the CLI, Node and the zod runtime", () => {
    for (const file of under("sdk/")) {
      for (const { spec, typeOnly } of file.imports) {
        const local = resolveLocal(file.path, spec);
        const where = `${file.path} imports ${spec}`;
        expect(spec.startsWith("node:"), where).toBe(false);
        if (local) expect(/^(collector|cli|site|tests)\//.test(local), where).toBe(false);
        if (spec === "zod") expect(typeOnly, where).toBe(true);
        if (
          local === "shared/index.ts" ||
          (local?.startsWith("shared/") &&
            ["shared/batch.ts", "shared/replay.ts", "shared/report.ts", "shared/config.ts"].includes(local))
        ) {
          expect(typeOnly, `${where} must be \`import type\` (no zod in the browser)`).toBe(true);
        }
      }
    }
  });

  it("keeps the SDK's boot path one way: entries → boot → import() of record/ → transport/", () => {
    const lazy = /^sdk\/(record|transport)\//;
    for (const file of under("sdk/")) {
      for (const { spec, typeOnly, dynamic } of file.imports) {
        const local = resolveLocal(file.path, spec);
        if (!local?.startsWith("sdk/")) continue;
        const where = `${file.path} imports ${spec}`;
        // An entry is what a bundle is built from (scripts/build-sdk.ts); no SDK file imports one.
        if (!file.path.startsWith("sdk/entries/")) {
          expect(local.startsWith("sdk/entries/"), where).toBe(false);
        }
        // What loads after consent never reaches back into what loaded before it.
        if (lazy.test(file.path)) expect(local.startsWith("sdk/boot/"), where).toBe(false);
        // The transport sends what it is given and knows nothing of the recorder.
        if (file.path.startsWith("sdk/transport/")) {
          expect(local.startsWith("sdk/record/"), where).toBe(false);
        }
        // Before consent only types, the seam and the outbox key of the lazily loaded part are imported; the
        // recorder itself is an import() (STYLE rule 13).
        if (!lazy.test(file.path) && !file.path.startsWith("sdk/entries/") && !typeOnly && !dynamic) {
          const allowed = local === "sdk/record/contract.ts" || local === "sdk/transport/outbox-key.ts";
          expect(lazy.test(local) && !allowed, where).toBe(false);
        }
      }
    }
    // The seam is what both sides import, so it imports nothing that runs.
    const contract = sources.find((s) => s.path === "sdk/record/contract.ts")!;
    expect(contract.imports.filter((i) => !i.typeOnly).map((i) => i.spec)).toEqual([]);
    // Privacy code is shared by every part, so it depends on nothing but the contract and itself.
    for (const file of under("sdk/privacy/")) {
      for (const { spec } of file.imports) {
        const local = resolveLocal(file.path, spec);
        const where = `${file.path} imports ${spec}`;
        expect(local !== null && (local.startsWith("shared/") || local.startsWith("sdk/privacy/")), where)
          .toBe(true);
      }
    }
  });

  it("keeps analysis pure: no storage, tRPC, Deno or Node", () => {
    for (const file of under("collector/analysis/")) {
      for (const { spec } of file.imports) {
        const local = resolveLocal(file.path, spec);
        const where = `${file.path} imports ${spec}`;
        if (local) {
          expect(local.startsWith("collector/analysis/") || local.startsWith("shared/"), where).toBe(true);
        } else expect(spec, where).toBe("zod");
      }
      expect(usesDeno(file.path), `${file.path} uses Deno`).toBe(false);
    }
  });

  it("keeps the collector's layers one way: ingest → storage ← read, tRPC above them", () => {
    // Procedures are built from trpc/init.ts; only the files that assemble a namespace's router import it.
    const ROUTERS = [
      "collector/ingest/router.ts",
      "collector/read/replays.ts",
      "collector/read/admin.ts",
      "collector/read/friction.ts",
    ];
    const arrows: string[] = [];
    for (const file of under("collector/")) {
      for (const { spec } of file.imports) {
        const local = resolveLocal(file.path, spec);
        if (!local) continue;
        const arrow = `${file.path} imports ${local}`;
        const from = (...dirs: string[]) => dirs.some((d) => file.path.startsWith(`collector/${d}/`));
        const to = (...dirs: string[]) => dirs.some((d) => local.startsWith(`collector/${d}/`));
        // The read side reads what storage holds, never the write path.
        if (from("read", "mcp") && to("ingest")) arrows.push(arrow);
        // Storage knows nothing of who writes or reads it.
        if (from("storage") && to("ingest", "read", "mcp", "settle", "http", "trpc")) arrows.push(arrow);
        if (from("ingest", "read") && to("trpc")) {
          const router = ROUTERS.includes(file.path) && local === "collector/trpc/init.ts";
          if (!router) arrows.push(arrow);
        }
      }
    }
    expect(arrows).toEqual([]);
  });

  it("lets only the collector's entry touch Deno APIs", () => {
    for (const file of under("collector/")) {
      if (file.path === "collector/main.ts") continue;
      expect(usesDeno(file.path), `${file.path} uses Deno`).toBe(false);
    }
  });

  it("turns collector errors into wire answers in wire-errors.ts alone", () => {
    // A TRPCError, tRPC's error envelope, a JSON-RPC error or an MCP tool error built anywhere else is a second
    // error model; elsewhere code throws (or answers with) a CollectorError.
    const wireAnswer =
      /new TRPCError\b|TRPC_ERROR_CODES_BY_KEY|jsonrpc: "2\.0"|isError: true|error: \{ message\b/;
    for (const file of under("collector/")) {
      if (file.path === "collector/wire-errors.ts") continue;
      expect(wireAnswer.test(codeOf(file.path)), `${file.path} builds an error answer`).toBe(false);
    }
  });

  it("has no import cycles", () => {
    const graph = new Map<string, string[]>();
    for (const file of sources) {
      graph.set(
        file.path,
        file.imports.flatMap(({ spec }) => {
          const local = resolveLocal(file.path, spec);
          return local ? [local] : [];
        }),
      );
    }
    const state = new Map<string, "visiting" | "done">();
    const cycles: string[] = [];
    const visit = (node: string, stack: string[]) => {
      if (state.get(node) === "done") return;
      if (state.get(node) === "visiting") {
        cycles.push([...stack.slice(stack.indexOf(node)), node].join(" → "));
        return;
      }
      state.set(node, "visiting");
      for (const next of graph.get(node) ?? []) visit(next, [...stack, node]);
      state.set(node, "done");
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});

/**
 * STYLE rule 13: what a page loads before consent is the small entry, never rrweb or the transport, and
 * it does nothing when evaluated (only `global.ts` sets `globalThis.Rerun`). Reads the built `dist/`
 * (`npm test` builds it first) and re-bundles the entry graph with esbuild to judge side effects.
 */
describe("pre-consent bundle", () => {
  const DIST = join(ROOT, "dist");
  /** Issue 3 allows 6 KB gzip; the target is 5 KB. */
  const BUDGET_GZIP_BYTES = 6 * 1024;
  /** Strings only rrweb's recorder (its default block class, its name) or the transport contain. */
  const LAZY_ONLY_MARKERS = ["rr-block", "rrweb", "ingest.batch", "CompressionStream"];

  /** `file` plus every chunk it imports statically (not the `import()`ed recorder chunk). */
  const staticClosure = (file: string, seen = new Set<string>()): string[] => {
    if (seen.has(file)) return [];
    seen.add(file);
    const text = readFileSync(file, "utf8");
    const statics = [
      ...text.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[^"'()]*?from\s*)?["'](\.[^"']+)["']/g),
    ].map((m) => m[1] as string);
    return [file, ...statics.flatMap((spec) => staticClosure(resolve(dirname(file), spec), seen))];
  };

  const entries = () => {
    ensureBuilt();
    return {
      esm: staticClosure(join(DIST, "index.js")),
      global: [join(DIST, "rerun.global.js")],
    };
  };

  it("keeps rrweb and the transport out of what loads before consent", () => {
    for (const [name, files] of Object.entries(entries())) {
      const text = files.map((f) => readFileSync(f, "utf8")).join("\n");
      for (const marker of LAZY_ONLY_MARKERS) {
        expect(text.includes(marker), `${name} contains "${marker}"`).toBe(false);
      }
    }
    const lazy = readFileSync(join(DIST, "rerun.recorder.global.js"), "utf8");
    for (const marker of LAZY_ONLY_MARKERS) {
      expect(lazy.includes(marker), `the lazy bundle lacks "${marker}"`).toBe(true);
    }
  });

  it("stays within the gzip budget before consent", () => {
    for (const [name, files] of Object.entries(entries())) {
      const bytes = gzipSync(Buffer.concat(files.map((f) => readFileSync(f))), { level: 9 }).length;
      expect(bytes, `${name}: ${bytes} bytes gzip`).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
    }
  });

  it("has no top-level side effects but global.ts setting globalThis.Rerun", async () => {
    const { build } = await import("esbuild");
    // Treat every SDK file as having side effects, so esbuild keeps whatever its own analysis (and
    // `@__PURE__` annotations) cannot prove effect-free, instead of trusting `"sideEffects": false`.
    const keepAll = {
      name: "keep-all",
      setup(b: import("esbuild").PluginBuild) {
        b.onResolve({ filter: /^\./ }, (args) => {
          const path = resolve(args.resolveDir, args.path);
          // The lazily imported part is judged by the marker test above, not here.
          if (args.kind === "dynamic-import") return { path, external: true };
          return { path, sideEffects: true };
        });
      },
    };
    const bundle = async (contents: string) => {
      const result = await build({
        stdin: { contents, resolveDir: ROOT, loader: "ts" },
        bundle: true,
        write: false,
        minify: true,
        format: "esm",
        metafile: true,
        plugins: [keepAll],
        external: ["@rrweb/*", "web-vitals"],
        logLevel: "silent",
      });
      return { code: result.outputFiles[0]!.text.trim(), inputs: Object.keys(result.metafile.inputs) };
    };
    const esm = await bundle(`import "./sdk/entries/index.ts";`);
    expect(esm.code, "importing sdk/entries/index.ts must run nothing").toBe("");
    const global = await bundle(`import "./sdk/entries/global.ts";`);
    expect(global.code).toContain("Rerun");
    for (const input of global.inputs.filter((p) => p.startsWith("sdk/") && p !== "sdk/entries/global.ts")) {
      const one = await bundle(`import "./${input}";`);
      expect(one.code, `${input} runs code when imported`).toBe("");
    }
  });
});

/**
 * The script-tag recorder runs most of its code as soon as it loads, so it asks V8 to compile all of it
 * while the script streams in, off the main thread (`EAGER_COMPILE_HINT` in `scripts/esbuild-sdk.ts`). The
 * hint only counts as a file's first line; the loader, most of which never runs before consent, has none.
 */
describe("script-tag bundles' compile hints", () => {
  const DIST = join(ROOT, "dist");
  const firstLine = (file: string) => readFileSync(join(DIST, file), "utf8").split("\n", 1)[0];

  it("start the recorder with V8's hint to compile every function on load", () => {
    ensureBuilt();
    expect(firstLine("rerun.recorder.global.js")).toBe("//# allFunctionsCalledOnLoad");
  });

  it("leave the loader without it", () => {
    ensureBuilt();
    expect(readFileSync(join(DIST, "rerun.global.js"), "utf8")).not.toContain("allFunctionsCalledOnLoad");
  });
});

function ensureBuilt(): void {
  if (existsSync(join(ROOT, "dist", "rerun.global.js"))) return;
  execFileSync(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "scripts", "build-sdk.ts")], {
    stdio: "inherit",
  });
}
