/**
 * What a command needs that an SDK user does not, fetched with npm on first use (fetch.ts), so that
 * `npm install @mimeticinc/rerun` stays the browser SDK plus a compiled CLI: no dependencies at all, where
 * the collector's Deno binary alone is 96 MB and Astro with its tree about 100 MB.
 *
 * Versions are not written here: each package is pinned to the exact version in this release's
 * package.json `devDependencies`, the same version a source checkout installs and the tests run against.
 */

import { CliError } from "../errors.ts";

export type RuntimePartName = "collector" | "report" | "anthropic" | "openai";

export type RuntimePart = {
  name: RuntimePartName;
  /** What it is for, as progress and error lines name it. */
  purpose: string;
  /** npm packages installed into the part's folder, pinned by {@link pinnedDependencies}. */
  packages: readonly string[];
  /**
   * Folders or files of the installed rerun package copied into the part's folder, `from` → `to`
   * (relative paths). Deno runs the collector and Astro builds the site from outside node_modules, where
   * they resolve the packages installed beside them.
   */
  assets: ReadonlyArray<{ from: string; to: string }>;
};

/**
 * Astro 7 needs Node 22.12 or newer. On an older Node the report is built by the collector part's Deno,
 * which runs Astro's build unchanged (same pages, byte for byte but the build time) and is already there
 * after a quickstart; the `node` package's Node 22 would add 185 MB to the fetch.
 */
const ASTRO_MIN_NODE: readonly [number, number] = [22, 12];

/** Whether `version` (`process.versions.node`) can run Astro itself. */
export function nodeRunsAstro(version: string): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major > ASTRO_MIN_NODE[0] || (major === ASTRO_MIN_NODE[0] && minor >= ASTRO_MIN_NODE[1]);
}

/** The parts of this release. */
export function runtimePart(name: RuntimePartName): RuntimePart {
  switch (name) {
    case "collector":
      return {
        name,
        purpose: "the collector (Deno and the libSQL addon)",
        packages: ["deno", "@libsql/client"],
        assets: [{ from: "dist/collector", to: "collector" }],
      };
    case "report":
      return {
        name,
        purpose: "the report site builder (Astro)",
        packages: ["astro", "rrweb", "zod"],
        assets: [
          { from: "site/src", to: "site/src" },
          { from: "site/astro.config.mjs", to: "site/astro.config.mjs" },
          { from: "shared", to: "shared" },
          { from: "cli/report/site-data-schema.ts", to: "cli/report/site-data-schema.ts" },
        ],
      };
    case "anthropic":
      return { name, purpose: "the Anthropic client", packages: ["@anthropic-ai/sdk"], assets: [] };
    case "openai":
      return { name, purpose: "the OpenAI client", packages: ["openai"], assets: [] };
    default: {
      const never: never = name;
      throw new Error(`unknown runtime part ${String(never)}`);
    }
  }
}

const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/**
 * `{ name: version }` for each of the part's packages, from the release's `devDependencies`; throws when a
 * package is missing there or not pinned to one exact version (a range would fetch whatever is newest).
 */
export function pinnedDependencies(
  part: RuntimePart,
  devDependencies: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const pins: Record<string, string> = {};
  for (const name of part.packages) {
    const version = devDependencies?.[name];
    if (version === undefined || !EXACT_VERSION.test(version)) {
      throw new CliError(
        "broken_install",
        `package.json devDependencies must pin ${name} to one exact version for ${part.purpose} ` +
          `(found ${
            JSON.stringify(version ?? null)
          }); this release of @mimeticinc/rerun is broken: install ` +
          "another version",
      );
    }
    pins[name] = version;
  }
  return pins;
}
