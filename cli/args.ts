/**
 * Flags shared by the commands that talk to a running collector (SPEC §5: flags, then env, then the
 * quickstart state file).
 */
import type { ArgsDef } from "citty";
import { CliError } from "./errors.ts";

export const TARGET_ARGS = {
  url: { type: "string", description: "Collector URL (default: RERUN_URL, then <data-dir>/quickstart.json)" },
  "read-key": {
    type: "string",
    description: "Read or admin key (default: RERUN_READ_KEY, then quickstart.json)",
  },
  "data-dir": { type: "string", description: "Where quickstart keeps its state", default: ".rerun" },
} as const satisfies ArgsDef;

export const JSON_ARG = {
  json: { type: "boolean", description: "Print JSON on stdout instead of a table", default: false },
} as const satisfies ArgsDef;

/** Parses a positive integer flag, or throws a usage error naming the flag. */
export function parsePositiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new CliError("usage", `--${name} must be a positive integer, got "${value}"`);
  }
  return n;
}

/**
 * Every value of a repeatable flag (`--origin a --origin b`, `--origin=c`), read from the raw arguments
 * because citty keeps only the last one.
 */
export function repeatedFlag(rawArgs: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i]!;
    if (arg === `--${name}`) {
      const value = rawArgs[i + 1];
      if (value === undefined || value.startsWith("--")) {
        throw new CliError("usage", `--${name} needs a value`);
      }
      values.push(value);
      i++;
    } else if (arg.startsWith(`--${name}=`)) {
      values.push(arg.slice(name.length + 3));
    }
  }
  return values;
}
