/**
 * How every MCP tool answers: `structuredContent` (checked against the tool's output schema) plus one
 * readable text part. A tool refuses by throwing a `CollectorError`; `runTool` turns whatever it throws into a
 * tool error through `../wire-errors.ts`, so a tool never echoes internals.
 */
// @ts-types="../../node_modules/@modelcontextprotocol/sdk/dist/esm/types.d.ts"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { escapeControlChars, escapeControlCharsDeep } from "../../shared/control-chars.ts";
import type { Logger } from "../ops/logger.ts";
import { toolErrorResult } from "../wire-errors.ts";

/** Recorded text may carry terminal control sequences: they leave as visible escapes (issue 28). */
export function toolResult(structured: Record<string, unknown>, text: string): CallToolResult {
  return {
    structuredContent: escapeControlCharsDeep(structured),
    content: [{ type: "text", text: escapeControlChars(text) }],
  };
}

/** Runs a tool body and turns a thrown error into a tool error. */
export async function runTool(
  log: Logger,
  tool: string,
  body: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    return toolErrorResult(error, log, tool);
  }
}

/** Keeps the first `max` items and says how many were left out. */
export function capList<T>(items: readonly T[], max: number): { kept: T[]; omitted: number } {
  return { kept: items.slice(0, max), omitted: Math.max(0, items.length - max) };
}
