/**
 * What of a request's headers and bodies may be recorded (options `network.recordHeaders`,
 * `network.recordBody`, `network.bodyMaxBytes`, `privacy.networkBodyAllowPaths` / `networkBodyDenyPaths`):
 * credential headers never, header values and bodies always redacted, bodies only for listed content types
 * on allowed paths, cut at the size cap.
 */
import { type RedactionRule, redactString } from "../../../shared/redact.ts";

/** Headers that carry credentials: never recorded, whatever the options say. */
const SECRET_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "cookie",
  "set-cookie",
  "proxy-authorization",
  "x-rerun-key",
]);

/** Text beyond the cap that is redacted before the cut, so a secret straddling the cut is caught whole. */
const REDACT_MARGIN = 1_024;

/** Headers kept per request or response: a runaway header list must not bloat an event. */
const MAX_HEADERS = 50;

/** Settings of {@link createNetworkCapture}, from the resolved options. */
export type NetworkCaptureSettings = {
  /** Which side's headers are recorded. */
  recordHeaders: { request: boolean; response: boolean };
  recordBody: readonly string[];
  bodyMaxBytes: number;
  allowPaths: ReadonlyArray<string | RegExp>;
  denyPaths: ReadonlyArray<string | RegExp>;
  rules: readonly RedactionRule[];
};

/** Decides and shapes what of one exchange is recorded. */
export type NetworkCapture = {
  /** Redacted headers without credentials, or `undefined` when that side's are off or none are left. */
  headers(
    side: "request" | "response",
    entries: Iterable<[string, string]> | null,
  ): Record<string, string> | undefined;
  /** Whether bodies of this content type may be recorded for this URL. */
  wantsBody(url: string, contentType: string | null): boolean;
  /** The redacted body cut at `bodyMaxBytes`. */
  body(text: string): string;
};

function matchesPath(path: string, rules: ReadonlyArray<string | RegExp>): boolean {
  return rules.some((rule) => (typeof rule === "string" ? path.startsWith(rule) : rule.test(path)));
}

function pathOf(url: string): string {
  try {
    return new URL(url, location.href).pathname;
  } catch {
    return url;
  }
}

/** Whether `contentType` (a header value) is one of `types` (`"text/*"` covers a family). */
export function matchesContentType(contentType: string | null, types: readonly string[]): boolean {
  if (!contentType) return false;
  const mime = contentType.split(";")[0]!.trim().toLowerCase();
  return types.some((type) => type === mime || (type.endsWith("/*") && mime.startsWith(type.slice(0, -1))));
}

/** Parses `XMLHttpRequest.getAllResponseHeaders()` into entries. */
export function parseRawHeaders(raw: string): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const line of raw.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) entries.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return entries;
}

/** Creates the capture rules for one recorder. */
export function createNetworkCapture(settings: NetworkCaptureSettings): NetworkCapture {
  return {
    headers(side, entries) {
      if (!settings.recordHeaders[side] || !entries) return undefined;
      const out: Record<string, string> = {};
      let count = 0;
      for (const [rawName, value] of entries) {
        const name = rawName.toLowerCase();
        if (SECRET_HEADERS.has(name)) continue;
        if (count++ >= MAX_HEADERS) break;
        out[name] = redactString(String(value).slice(0, settings.bodyMaxBytes), settings.rules);
      }
      return count > 0 ? out : undefined;
    },
    wantsBody(url, contentType) {
      if (settings.recordBody.length === 0 || !matchesContentType(contentType, settings.recordBody)) {
        return false;
      }
      const path = pathOf(url);
      if (matchesPath(path, settings.denyPaths)) return false;
      return settings.allowPaths.length === 0 || matchesPath(path, settings.allowPaths);
    },
    body(text) {
      const max = settings.bodyMaxBytes;
      const redacted = redactString(
        text.length > max ? text.slice(0, max + REDACT_MARGIN) : text,
        settings.rules,
      );
      return redacted.length > max ? redacted.slice(0, max) : redacted;
    },
  };
}
