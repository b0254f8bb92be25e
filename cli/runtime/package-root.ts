/**
 * Where the `@mimeticinc/rerun` package is on disk, and whether it is a source checkout. The CLI runs from
 * `cli/` in a checkout and from a bundle under `dist/cli/` in the published package, so the root is found
 * by walking up to the package.json that names the package rather than by a fixed `..`.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CliError } from "../errors.ts";

export const PACKAGE_NAME = "@mimeticinc/rerun";

export type PackageManifest = {
  name: string;
  version: string;
  devDependencies?: Record<string, string>;
};

/** The nearest folder at or above `from` whose package.json is {@link PACKAGE_NAME}'s. */
export function findPackageRoot(from: string): string {
  for (let dir = from;; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && readManifest(dir).name === PACKAGE_NAME) return dir;
    if (dirname(dir) === dir) {
      throw new CliError(
        "broken_install",
        `no ${PACKAGE_NAME} package.json above ${from}; reinstall ${PACKAGE_NAME}`,
      );
    }
  }
}

export function readManifest(root: string): PackageManifest {
  return JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as PackageManifest;
}

/** The package root (the folder holding package.json, and in a checkout collector/ and node_modules/). */
export const PACKAGE_ROOT: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/**
 * A source checkout has the collector's TypeScript; the published package ships only its JavaScript bundle
 * (`files` in package.json), and fetches what runs it on first use (runtime/fetch.ts).
 */
export function isSourceCheckout(root: string = PACKAGE_ROOT): boolean {
  return existsSync(join(root, "collector", "main.ts"));
}
