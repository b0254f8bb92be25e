/**
 * The selector that names a submitted form (`shared/form-selector.ts`, which analysis reads the recorded DOM
 * with), over the live DOM.
 */
import { formSelector, type SelectorDom } from "../../../shared/form-selector.ts";

const LIVE_DOM: SelectorDom<Element> = {
  tag: (element) => element.localName,
  id: (element) => element.id,
  name: (element) => element.getAttribute("name"),
  parent: (element) => element.parentElement,
  position(element) {
    const same = element.parentElement
      ? Array.from(element.parentElement.children).filter((c) => c.localName === element.localName)
      : [element];
    return { index: same.indexOf(element) + 1, of: same.length };
  },
};

/** Returns the selector of `element`. */
export function selectorFor(element: Element): string {
  return formSelector(element, LIVE_DOM);
}
