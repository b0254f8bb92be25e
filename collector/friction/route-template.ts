/**
 * Route templates (SPEC §8): the stripped URL of a page becomes the route its friction is grouped under.
 * `/orders/8812/items/3` and `/orders/97/items/1` are one route, `/orders/:id/items/:id`, because numeric
 * segments, UUIDs, hex strings of 12 or more characters and dates name a record, not a page. A team's own
 * templates (`ROUTE_TEMPLATES`, e.g. `/u/:handle,/docs/:slug*`) are tried first; the first match wins.
 *
 * Part of the grouping rules that `FINGERPRINT_VERSION` versions: change what a route is and bump it, so
 * stored sessions are grouped again. Input is untrusted (any string a page reported), so work and output are
 * bounded: at most {@link MAX_ROUTE_INPUT_CHARS} are read, {@link MAX_ROUTE_SEGMENTS} segments kept, and a
 * segment longer than {@link MAX_SEGMENT_CHARS} is taken for an id (tokens, encoded blobs).
 */

/** A URL longer than the wire allows (4,096) is cut here before parsing, so a 10 MB string costs nothing. */
export const MAX_ROUTE_INPUT_CHARS = 4_096;
/** Deeper paths keep this many segments and end in `/:rest*`: no app routes 12 levels deep by hand. */
export const MAX_ROUTE_SEGMENTS = 12;
/** A segment longer than this names a record (a token, a slug of a slug), not a page. */
export const MAX_SEGMENT_CHARS = 64;

const ID = ":id";
const NUMERIC = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LONG_HEX = /^[0-9a-f]{12,}$/i;
/** 2026-05-04, 2026_05_04, 04.05.2026, optionally with a time: 2026-05-04T10:30:00Z. */
const DATE =
  /^(?:\d{4}[-_.]\d{1,2}[-_.]\d{1,2}|\d{1,2}[-_.]\d{1,2}[-_.]\d{4})(?:[T_ ]\d{1,2}(?::?\d{2}){0,2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** A compiled `ROUTE_TEMPLATES` entry: literal segments, `:name` (one segment) and a final `:name*`. */
export type RouteTemplate = {
  source: string;
  parts: Array<{ kind: "literal"; text: string } | { kind: "param" } | { kind: "rest" }>;
};

/** Compiles the templates of `ROUTE_TEMPLATES` (already checked by the config schema), in order. */
export function compileRouteTemplates(sources: readonly string[]): RouteTemplate[] {
  return sources.map((source) => ({
    source,
    parts: source.split("/").filter((s) => s !== "").map((segment) =>
      segment.startsWith(":")
        ? (segment.endsWith("*") ? { kind: "rest" as const } : { kind: "param" as const })
        : { kind: "literal" as const, text: segment }
    ),
  }));
}

/** The path's segments: dot segments resolved, empty ones dropped, percent-escapes decoded where safe. */
export function pathSegments(url: string): string[] {
  const text = url.slice(0, MAX_ROUTE_INPUT_CHARS);
  let path: string;
  try {
    // The WHATWG parser resolves `.`/`..` (also as %2e), turns `\` into `/` and encodes the rest.
    path = new URL(text, "http://route.invalid/").pathname;
  } catch {
    path = "/";
  }
  // `|` separates a fingerprint's parts, so no route may hold one.
  return path.split("/").filter((s) => s !== "").map((s) => decodeSegment(s).replaceAll("|", "%7C"));
}

/**
 * `%E5%95%86` reads as `商`, but an escape that would decode to a separator or a control character stays
 * escaped: `a%2Fb` is one segment, and must not become two.
 */
function decodeSegment(segment: string): string {
  if (!segment.includes("%")) return segment;
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return segment;
  }
  // deno-lint-ignore no-control-regex
  return /[/?#%\\\u0000-\u001f\u007f]/.test(decoded) ? segment : decoded;
}

/** Whether a segment names a record rather than a page: number, UUID, long hex, date or very long. */
export function isIdSegment(segment: string): boolean {
  return NUMERIC.test(segment) || UUID.test(segment) || LONG_HEX.test(segment) || DATE.test(segment) ||
    segment.length > MAX_SEGMENT_CHARS;
}

function matchTemplate(template: RouteTemplate, segments: readonly string[]): boolean {
  const { parts } = template;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.kind === "rest") return true;
    const segment = segments[i];
    if (segment === undefined) return false;
    if (part.kind === "literal" && part.text !== segment) return false;
  }
  return segments.length === parts.length;
}

/** A hash route as the SDK keeps it (`#/active`, `#!/users/7`): the app's own route, after the page's. */
const HASH_ROUTE = /#(!?)(\/[^?#]*)/;

/**
 * The route template of a stripped URL: a `ROUTE_TEMPLATES` entry that matches, else the automatic one. A
 * hash-routed app's pages differ only after the `#`, so a hash route is templated the same way and kept:
 * `/app/#/orders/7` → `/app#/orders/:id`.
 */
export function templateRoute(url: string, templates: readonly RouteTemplate[] = []): string {
  const text = url.slice(0, MAX_ROUTE_INPUT_CHARS);
  const route = templateSegments(pathSegments(text), templates);
  const hash = HASH_ROUTE.exec(text);
  const hashSegments = hash ? pathSegments(hash[2]!) : [];
  // `#/` is the app's root view, the page as loaded: one route with the bare path, not two.
  if (!hash || hashSegments.length === 0) return route;
  return `${route === "/" ? "" : route}#${hash[1]}${templateSegments(hashSegments, templates)}`;
}

function templateSegments(segments: readonly string[], templates: readonly RouteTemplate[]): string {
  for (const template of templates) {
    if (matchTemplate(template, segments)) return template.source;
  }
  const kept = segments.slice(0, MAX_ROUTE_SEGMENTS).map((s) => (isIdSegment(s) ? ID : s));
  if (segments.length > MAX_ROUTE_SEGMENTS) kept.push(":rest*");
  return "/" + kept.join("/");
}
