/**
 * Output conventions: data goes to stdout (JSON with `--json`, a table otherwise), progress and diagnostics
 * go to stderr, and progress is shown only on a TTY so pipes and CI logs stay clean. Every line passes through
 * `escapeControlChars`: recorded text may carry terminal control sequences (issue 28).
 */
import { escapeControlChars } from "../shared/control-chars.ts";

/**
 * Whether to write colour codes to `stream`: only to a terminal, and never when `NO_COLOR` is set to
 * anything (no-color.org).
 */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

/** `text` without ANSI colour and style codes. */
export function withoutColour(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}

/** Prints one JSON value on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(escapeControlChars(JSON.stringify(value, null, 2)) + "\n");
}

/** Prints a line of data on stdout. */
export function printLine(line = ""): void {
  process.stdout.write(escapeControlChars(line) + "\n");
}

/** Prints a diagnostic line on stderr. */
export function note(line: string): void {
  process.stderr.write(escapeControlChars(line) + "\n");
}

/** Shows progress on stderr, only when stderr is a terminal. */
export function progress(line: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${escapeControlChars(line)}`);
}

/** Ends a progress line started with {@link progress}. */
export function endProgress(): void {
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[2K");
}

/** Formats rows as a left-aligned text table with a header. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** `mm:ss` for a millisecond offset, as a replay player shows it. */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}
