/**
 * What a benchmark figure depends on besides the code: the machine (CPU model, cores, memory) and the
 * versions of the runtimes and peers it ran against. Host names and paths are never recorded.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { findDenoBinary } from "../cli/collector-process.ts";
import { REPO_ROOT } from "./paths.ts";

export type Machine = { cpuModel: string; cores: number; memoryGiB: number; os: string };
export type Versions = Record<string, string>;

export function describeMachine(): Machine {
  const cpuModel = cpus()[0]?.model.trim() ?? "unknown";
  const osRelease = readOsName();
  return { cpuModel, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), os: osRelease };
}

function readOsName(): string {
  try {
    const text = readFileSync("/etc/os-release", "utf8");
    return /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(text)?.[1] ?? process.platform;
  } catch {
    return process.platform;
  }
}

function packageVersion(name: string): string {
  try {
    const text = readFileSync(join(REPO_ROOT, "node_modules", name, "package.json"), "utf8");
    return (JSON.parse(text) as { version: string }).version;
  } catch {
    return "not installed";
  }
}

function commandVersion(command: string, args: string[], pattern: RegExp): string {
  try {
    const out = execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return pattern.exec(out)?.[1] ?? "unknown";
  } catch {
    return "not found";
  }
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The same Deno binary the CLI and the tests start the collector with. */
export const DENO_PATH = findDenoBinary();

/** Versions of everything the benchmarks touch; `only` limits it to what one benchmark used. */
export function describeVersions(only: string[]): Versions {
  const all: Record<string, () => string> = {
    node: () => process.version.replace(/^v/, ""),
    deno: () => commandVersion(DENO_PATH, ["--version"], /^deno (\S+)/m),
    chromium: () => commandVersion(CHROMIUM_PATH, ["--version"], /Chromium (\S+)/),
    rerun: readRerunVersion,
    esbuild: () => packageVersion("esbuild"),
    "@rrweb/record": () => packageVersion("@rrweb/record"),
    "@sentry/browser": () => packageVersion("@sentry/browser"),
    "posthog-js": () => packageVersion("posthog-js"),
    "playwright-core": () => packageVersion("playwright-core"),
  };
  const versions: Versions = {};
  for (const name of only) {
    const read = all[name];
    if (read) versions[name] = read();
  }
  return versions;
}

function readRerunVersion(): string {
  const text = readFileSync(join(REPO_ROOT, "package.json"), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}
