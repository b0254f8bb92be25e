/**
 * Flags shared by the commands that talk to a running collector (SPEC §5: flags, then env, then the
 * quickstart state file).
 */
import type { ArgsDef } from "citty";
import { CliError } from "./errors.ts";

export const TARGET_ARGS = {
  url: { type: "string", description: "Collector URL (default: RERUN_URL, then <data-dir>/quickstart.json)" },
  "read-key": { type: "string", description: "Read or admin key (default: RERUN_READ_KEY, then quickstart.json)" },
  "data-dir": { type: "string", description: "Where quickstart keeps its state", default: ".rerun" },
} as const satisfies ArgsDef;

export const JSON_ARG = {
  json: { type: "boolean", description: "Print JSON on stdout instead of a table", default: false },
} as const satisfies ArgsDef;

/** Parses a positive integer flag, or throws a usage error naming the flag. */
export function parsePositiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new CliError("usage", `--${name} must be a positive integer, got "${value}"`);
  return n;
}

/** A repeatable string flag as an array (citty yields a string for one use, an array for several). */
export function stringList(value: unknown): string[] {
  if (value === undefined || value === null || value === false) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}
