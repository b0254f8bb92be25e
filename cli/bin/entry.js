// Runs a CLI entry: its TypeScript through tsx in a source checkout (the .ts file is beside this folder,
// no build step), else the compiled JavaScript the published package ships in dist/cli
// (scripts/build-package.ts).
import { existsSync } from "node:fs";

/** `source` and `compiled` are URLs relative to this folder's files. */
export async function runEntry(source, compiled) {
  if (existsSync(source)) {
    const { register } = await import("tsx/esm/api");
    register();
    await import(source.href);
  } else {
    await import(compiled.href);
  }
}
