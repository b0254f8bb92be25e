/**
 * URL stripping: every URL rerun records loses its query string, fragment and credentials, because those
 * are where tokens, emails and search terms hide (SPEC §2). Pure string work so it runs in the browser, in
 * Deno and in Node alike, and never throws on odd input.
 */

/**
 * Returns `url` without `?query`, `#hash` and `user:password@`.
 *
 * @example stripUrl("https://a.example/pay?card=4242#step2") // "https://a.example/pay"
 */
export function stripUrl(url: string): string {
  let end = url.length;
  const query = url.indexOf("?");
  const hash = url.indexOf("#");
  if (query !== -1) end = Math.min(end, query);
  if (hash !== -1) end = Math.min(end, hash);
  const base = url.slice(0, end);
  // Credentials sit between "//" and the first "@" of the authority (RFC 3986 §3.2.1).
  const scheme = base.indexOf("//");
  if (scheme === -1) return base;
  const pathStart = base.indexOf("/", scheme + 2);
  const authorityEnd = pathStart === -1 ? base.length : pathStart;
  const at = base.lastIndexOf("@", authorityEnd);
  if (at > scheme) return base.slice(0, scheme + 2) + base.slice(at + 1);
  return base;
}
