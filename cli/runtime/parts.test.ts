import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cacheRoot } from "./cache-dir.ts";
import { nodeRunsAstro, pinnedDependencies, runtimePart, type RuntimePartName } from "./parts.ts";

const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  dependencies?: Record<string, string>;
  devDependencies: Record<string, string>;
  files: string[];
};
const PARTS: RuntimePartName[] = ["collector", "report", "anthropic", "openai"];

describe("runtime parts", () => {
  it("pin every package to the exact version this release installs and tests", () => {
    for (const name of PARTS) {
      const pins = pinnedDependencies(runtimePart(name), manifest.devDependencies);
      for (const [pkg, version] of Object.entries(pins)) {
        expect(version, `${name}: ${pkg}`).toMatch(/^\d+\.\d+\.\d+$/);
        expect(version).toBe(manifest.devDependencies[pkg]);
      }
    }
    expect(pinnedDependencies(runtimePart("collector"), manifest.devDependencies)).toEqual({
      deno: manifest.devDependencies.deno,
      "@libsql/client": manifest.devDependencies["@libsql/client"],
    });
  });

  it("refuse a range or a missing package, naming it", () => {
    const collector = runtimePart("collector");
    expect(() => pinnedDependencies(collector, { deno: "^2.9.6", "@libsql/client": "0.18.0" }))
      .toThrow(/pin deno to one exact version .*"\^2\.9\.6"/);
    expect(() => pinnedDependencies(collector, { deno: "2.9.6" })).toThrow(/@libsql\/client .*null/);
  });

  it("leave the published package without dependencies, so an SDK user installs none of them", () => {
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  it("copy only files the published package ships", () => {
    const shipped = (path: string) =>
      manifest.files.some((entry) =>
        !entry.startsWith("!") && (path === entry || path.startsWith(`${entry}/`))
      );
    for (const name of PARTS) {
      for (const { from } of runtimePart(name).assets) expect(shipped(from), from).toBe(true);
    }
  });

  it("hand Astro to another runtime below Node 22.12 only", () => {
    expect(nodeRunsAstro("20.20.2")).toBe(false);
    expect(nodeRunsAstro("22.11.0")).toBe(false);
    expect(nodeRunsAstro("22.12.0")).toBe(true);
    expect(nodeRunsAstro("24.1.0")).toBe(true);
  });
});

describe("cacheRoot", () => {
  it("takes RERUN_CACHE_DIR, else the platform's per-user cache folder", () => {
    expect(cacheRoot({ RERUN_CACHE_DIR: "/c" }, "linux", "/home/u")).toBe("/c");
    expect(cacheRoot({}, "linux", "/home/u")).toBe("/home/u/.cache/rerun");
    expect(cacheRoot({ XDG_CACHE_HOME: "/x" }, "linux", "/home/u")).toBe("/x/rerun");
    expect(cacheRoot({}, "darwin", "/Users/u")).toBe("/Users/u/Library/Caches/rerun");
  });
});
