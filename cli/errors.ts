/**
 * The CLI's one local error type. Every failure a user can cause or fix becomes a `CliError` whose message
 * is one line: what failed, for which input, what to do. `main.ts` prints it and exits with its code.
 */

export type CliErrorCode =
  | "usage" // wrong or missing flags
  | "not_configured" // no collector URL or key could be found
  | "collector_unreachable" // nothing answers at the URL
  | "collector_refused" // the collector answered with an error (auth, validation, not found)
  | "start_failed" // quickstart could not start the collector
  | "external_export_refused" // --llm without --confirm-external-llm-export
  | "llm_failed" // the LLM provider refused or failed
  | "check_failed" // smoke or doctor found a problem
  | "fetch_failed" // npm could not fetch a runtime part on first use (offline, registry error)
  | "bad_state" // <data-dir>/quickstart.json cannot be read or written, or is not a state file
  | "build_failed" // the report site could not be built (data the schemas refuse, Astro failed)
  | "broken_install"; // the installed package lacks a file or a pinned version it needs

const EXIT_CODES: Record<CliErrorCode, number> = {
  usage: 2,
  not_configured: 1,
  collector_unreachable: 1,
  collector_refused: 1,
  start_failed: 1,
  external_export_refused: 2,
  llm_failed: 1,
  check_failed: 1,
  fetch_failed: 1,
  bad_state: 1,
  build_failed: 1,
  broken_install: 1,
};

export class CliError extends Error {
  override name = "CliError";
  readonly code: CliErrorCode;
  constructor(code: CliErrorCode, message: string) {
    super(message);
    this.code = code;
  }
  get exitCode(): number {
    return EXIT_CODES[this.code];
  }
}

/** The `code` of a failed system call (`ENOENT`, `EACCES` …) for a message; the error's message without one. */
export function systemErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  return error instanceof Error ? error.message : String(error);
}
