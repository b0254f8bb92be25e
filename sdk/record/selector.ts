/**
 * A short, stable CSS path for an element, used to name a submitted form: `#id` when there is one,
 * `form[name="…"]` next, else a tag path with `:nth-of-type` of at most four steps.
 */

/** Steps kept in a path selector; more rarely disambiguates and makes findings hard to read. */
const MAX_STEPS = 4;

const cssEscape = (value: string): string =>
  typeof CSS !== "undefined" && typeof CSS.escape === "function"
    ? CSS.escape(value)
    : value.replace(/[^A-Za-z0-9_-]/g, "\\$&");

/** Returns the selector of `element`. */
export function selectorFor(element: Element): string {
  if (element.id) return `#${cssEscape(element.id)}`;
  const name = element.getAttribute("name");
  if (name) return `${element.localName}[name="${name.replace(/["\\]/g, "\\$&")}"]`;
  const steps: string[] = [];
  let current: Element | null = element;
  while (current && steps.length < MAX_STEPS && current.localName !== "html") {
    if (current.id) {
      steps.unshift(`#${cssEscape(current.id)}`);
      break;
    }
    let step = current.localName;
    const parent: Element | null = current.parentElement;
    if (parent) {
      const same = Array.from(parent.children).filter((c) => c.localName === current?.localName);
      if (same.length > 1) step += `:nth-of-type(${same.indexOf(current) + 1})`;
    }
    steps.unshift(step);
    current = parent;
  }
  return steps.join(" > ");
}
