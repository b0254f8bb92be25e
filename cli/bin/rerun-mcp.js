#!/usr/bin/env node
// stdio MCP bridge to a collector's /api/mcp: TypeScript through tsx in a source checkout, the compiled
// bridge in dist/cli in the published package (like rerun.js).
import { existsSync } from "node:fs";

const source = new URL("../mcp-bridge.ts", import.meta.url);
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(source.href);
} else {
  await import("../../dist/cli/rerun-mcp.js");
}
