#!/usr/bin/env node
// stdio MCP bridge to a collector's /api/mcp.
import { runEntry } from "./entry.js";

await runEntry(
  new URL("../mcp-bridge.ts", import.meta.url),
  new URL("../../dist/cli/rerun-mcp.js", import.meta.url),
);
