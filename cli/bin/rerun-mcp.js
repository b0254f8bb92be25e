#!/usr/bin/env node
// stdio MCP bridge to a collector's /api/mcp; TypeScript run through tsx like the main CLI.
import { register } from "tsx/esm/api";

register();
await import("../mcp-bridge.ts");
