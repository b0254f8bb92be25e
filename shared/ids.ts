/**
 * Identifier rules shared by the SDK and the collector. The collector never builds a storage path or key
 * from an id that has not matched {@link ID_PATTERN}.
 */

/** Session and window ids: 8–64 URL- and path-safe characters (SPEC §2). */
export const ID_PATTERN: RegExp = /^[A-Za-z0-9_-]{8,64}$/;

/** Whether a value is a well-formed id. Hand-written so the browser bundle needs no zod at runtime. */
export function isValidId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}

/**
 * App ids: the team's own label (SPEC §2), 1–64 characters of letters, digits, `.`, `_` and `-`, starting
 * with a letter or digit — so `"my-app"` and `"shop.web"` are fine, and `..` or a leading dot never are.
 */
export const APP_ID_PATTERN: RegExp = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Whether a value is a well-formed app id. */
export function isValidAppId(value: unknown): value is string {
  return typeof value === "string" && APP_ID_PATTERN.test(value);
}

/** A release (SDK option `release`): a version or commit, 1–64 characters, starting with a letter or digit. */
export const RELEASE_PATTERN: RegExp = /^[A-Za-z0-9][A-Za-z0-9._+@/:-]{0,63}$/;

/** Whether a value is a well-formed release. */
export function isValidRelease(value: unknown): value is string {
  return typeof value === "string" && RELEASE_PATTERN.test(value);
}
