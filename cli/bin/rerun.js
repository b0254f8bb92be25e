#!/usr/bin/env node
// In a source checkout (cli/main.ts beside this folder) the TypeScript runs through tsx, no build step;
// the published package runs the compiled CLI in dist/cli (scripts/build-package.ts).
import { existsSync } from "node:fs";

const source = new URL("../main.ts", import.meta.url);
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(source.href);
} else {
  await import("../../dist/cli/rerun.js");
}
