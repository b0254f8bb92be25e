/**
 * URL stripping: every URL rerun records loses its query string, fragment and credentials, because those
 * are where tokens, emails and search terms hide (SPEC §2). Pure string work so it runs in the browser, in
 * Deno and in Node alike, and never throws on odd input.
 *
 * One fragment is kept: a hash route (`#/active`, `#!/users/7`), because hash-routed single-page apps have
 * no other way to tell their pages apart. Only its path is kept, as a normal path would be: a `?query`, a
 * second `#`, and a route that carries `=` or `&` (parameters, such as the `#/access_token=…` some OAuth
 * flows return to hash-routed apps) are dropped like any other fragment.
 *
 * A result longer than `MAX_URL_CHARS` is cut there and ends in "…": the wire schema refuses a longer page
 * URL, and a batch refused for its URL would lose everything else it carries.
 */

/** `MAX_URL_CHARS` of `limits.ts`, repeated because this file imports nothing (a unit test keeps them equal). */
const MAX_URL_CHARS = 4_096;

/** A fragment that is a route: `#/` or `#!/`, then path characters up to any query or second fragment. */
const HASH_ROUTE = /^#!?\/[^?#]*/;

/**
 * Returns `url` without `?query`, `#hash` and `user:password@`, keeping a hash route's path.
 *
 * @example stripUrl("https://a.example/pay?card=4242#step2") // "https://a.example/pay"
 * @example stripUrl("https://a.example/?x=1#/completed?token=t") // "https://a.example/#/completed"
 */
export function stripUrl(url: string): string {
  let end = url.length;
  const query = url.indexOf("?");
  const hash = url.indexOf("#");
  if (query !== -1) end = Math.min(end, query);
  if (hash !== -1) end = Math.min(end, hash);
  const stripped = stripCredentials(url.slice(0, end)) + (hash === -1 ? "" : hashRoute(url.slice(hash)));
  return stripped.length > MAX_URL_CHARS ? `${stripped.slice(0, MAX_URL_CHARS - 1)}…` : stripped;
}

/** The route part of a fragment, or "" when the fragment is not a route. */
function hashRoute(fragment: string): string {
  const route = HASH_ROUTE.exec(fragment)?.[0] ?? "";
  return /[=&]/.test(route) ? "" : route;
}

/** Drops credentials between "//" and the first "@" of the authority (RFC 3986 §3.2.1). */
function stripCredentials(base: string): string {
  const scheme = base.indexOf("//");
  if (scheme === -1) return base;
  const pathStart = base.indexOf("/", scheme + 2);
  const authorityEnd = pathStart === -1 ? base.length : pathStart;
  const at = base.lastIndexOf("@", authorityEnd);
  if (at > scheme) return base.slice(0, scheme + 2) + base.slice(at + 1);
  return base;
}
