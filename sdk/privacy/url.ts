/**
 * The page URL as the SDK records it: query string, hash and credentials stripped (SPEC §2), so tokens,
 * emails and search terms in URLs never leave the page.
 */
import { stripUrl } from "../../shared/url.ts";

/** The current page URL, stripped; empty outside a browser. */
export function currentStrippedUrl(): string {
  return typeof location === "undefined" ? "" : stripUrl(location.href);
}

/** Resolves `url` against the page and strips it; falls back to plain stripping for unparsable input. */
export function stripResolvedUrl(url: string): string {
  try {
    return stripUrl(new URL(url, typeof location === "undefined" ? undefined : location.href).href);
  } catch {
    return stripUrl(url);
  }
}

/** Replaces every absolute URL inside free text (a stack trace, a message) with its stripped form. */
export function stripUrlsInText(text: string): string {
  return text.replace(/\bhttps?:\/\/[^\s)"'<>]+/g, (match) => stripUrl(match));
}
