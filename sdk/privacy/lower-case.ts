/**
 * Attribute names in lower case without making strings: `toLowerCase` returns a new string even when
 * nothing changes, and a full snapshot reads thousands of names in the task the page waits on.
 */

/** A character `toLowerCase` might change: a string without one is in lower case already. */
const NOT_LOWER_CASE = /[A-Z\u0080-\uffff]/;

/** Whether `toLowerCase` would leave `name` as it is; makes no string. */
export function isLowerCase(name: string): boolean {
  return !NOT_LOWER_CASE.test(name);
}

/** `name` in lower case: `name` itself when it already is. */
export function lowerCase(name: string): string {
  return NOT_LOWER_CASE.test(name) ? name.toLowerCase() : name;
}
