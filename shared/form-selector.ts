/**
 * The selector that names a submitted form in `rerun.submit`: `#id` when there is one, `form[name="…"]`
 * next, else a tag path with `:nth-of-type` of at most four steps. One definition for the SDK, which reads the
 * live DOM, and for analysis, which reads the recorded one, so a submit and the fields of its form meet even
 * in a recording whose submit carries no node id: analysis once built its own selector with class names, and
 * a form with classes but no id or name never matched its submit. Imports nothing (the browser bundle
 * carries it).
 */

/** What the selector reads of an element, in whichever DOM it walks. */
export type SelectorDom<E> = {
  /** The lower-case tag name. */
  tag(element: E): string;
  id(element: E): string;
  name(element: E): string | null;
  parent(element: E): E | null;
  /** The element's 1-based position among its parent's element children with its tag, and how many those are. */
  position(element: E): { index: number; of: number };
};

/** Steps kept in a path selector; more rarely disambiguates and makes findings hard to read. */
const MAX_STEPS = 4;

export function formSelector<E>(element: E, dom: SelectorDom<E>): string {
  const id = dom.id(element);
  if (id) return `#${cssEscape(id)}`;
  const name = dom.name(element);
  if (name) return `${dom.tag(element)}[name="${name.replace(/["\\]/g, "\\$&")}"]`;
  const steps: string[] = [];
  let current: E | null = element;
  while (current !== null && steps.length < MAX_STEPS && dom.tag(current) !== "html") {
    const currentId = dom.id(current);
    if (currentId) {
      steps.unshift(`#${cssEscape(currentId)}`);
      break;
    }
    let step = dom.tag(current);
    const parent: E | null = dom.parent(current);
    if (parent !== null) {
      const { index, of } = dom.position(current);
      if (of > 1) step += `:nth-of-type(${index})`;
    }
    steps.unshift(step);
    current = parent;
  }
  return steps.join(" > ");
}

/** `CSS.escape` (CSSOM, "serialize an identifier"), which the collector's runtime does not have. */
export function cssEscape(value: string): string {
  let out = "";
  const first = value.codePointAt(0);
  let index = 0;
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (code === 0) out += "\uFFFD";
    else if (
      (code >= 0x1 && code <= 0x1f) || code === 0x7f ||
      (index === 0 && code >= 0x30 && code <= 0x39) ||
      (index === 1 && code >= 0x30 && code <= 0x39 && first === 0x2d)
    ) {
      out += `\\${code.toString(16)} `;
    } else if (index === 0 && code === 0x2d && value.length === 1) out += `\\${ch}`;
    else if (
      code >= 0x80 || code === 0x2d || code === 0x5f || (code >= 0x30 && code <= 0x39) ||
      (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)
    ) {
      out += ch;
    } else out += `\\${ch}`;
    index++;
  }
  return out;
}
