/**
 * Identifier rules shared by the SDK and the collector. The collector never builds a storage path or key
 * from an id that has not matched {@link ID_PATTERN}.
 */

/** Session, window and app ids: 8–64 URL- and path-safe characters (SPEC §2). */
export const ID_PATTERN: RegExp = /^[A-Za-z0-9_-]{8,64}$/;

/** Whether a value is a well-formed id. Hand-written so the browser bundle needs no zod at runtime. */
export function isValidId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}
