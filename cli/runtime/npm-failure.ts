/**
 * Reading a failed `npm install`'s output into one line a person can act on. npm prints a dozen lines
 * (`npm error code ECONNREFUSED`, `npm error network request to … failed`, the log path); the CLI keeps the
 * code and says whether the registry was unreachable, which is the usual cause (offline, proxy, firewall).
 */

/** npm's codes for a registry it could not reach. */
const NETWORK_CODES = new Set([
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENETDOWN",
  "ERR_SOCKET_TIMEOUT",
]);

export type NpmFailure = {
  /** npm's error code (`ECONNREFUSED`, `E404`, `EACCES`…), or `null` when it printed none. */
  code: string | null;
  /** Whether the registry could not be reached at all. */
  offline: boolean;
  /** npm's first explanatory line, without its `npm error` prefix. */
  summary: string;
  /** The debug log npm named, if any. */
  logFile: string | null;
};

export function readNpmFailure(output: string): NpmFailure {
  const lines = output.split(/\r?\n/).map((l) => l.replace(/^npm (?:error|ERR!)\s?/, "").trim());
  const code = lines.map((l) => /^code (\S+)/.exec(l)?.[1]).find(Boolean) ?? null;
  const errno = lines.map((l) => /^errno (\S+)/.exec(l)?.[1]).find(Boolean) ?? null;
  const logFile = lines.map((l) => /complete log of this run can be found in:\s*(\S+)/.exec(l)?.[1])
    .find(Boolean) ?? null;
  const summary =
    lines.find((l) =>
      l !== "" && !/^(code|errno|syscall|A complete log|Log files were not written)\b/.test(l) &&
      !/^(npm )?(warn|notice|verbose|info)\b/.test(l) && !l.startsWith("/")
    ) ?? "";
  const offline = [code, errno].some((c) => c !== null && NETWORK_CODES.has(c)) ||
    /network request to .* failed|getaddrinfo|connect (ECONNREFUSED|ETIMEDOUT)/i.test(output);
  return { code: code ?? errno, offline, summary, logFile };
}
