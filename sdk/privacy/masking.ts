/**
 * The rrweb masking options the SDK records with (SPEC §2 privacy defaults): all inputs masked, all text
 * masked, `[data-rerun-block]` blocked, and `[data-rerun-unmask]` as the only way to let text through.
 * Password fields stay masked even inside an unmasked region.
 *
 * rrweb hands every text node of a snapshot or mutation to `maskTextFn`. Asking `closest()` for each would
 * walk every node's ancestors, so {@link createUnmaskLookup} first asks the document once per task whether
 * any unmasked region exists at all; on the usual page without one, every answer is "mask" at no cost.
 */
import { maskText } from "./mask-text.ts";

/** Privacy settings after defaults are applied (see `RerunOptions.privacy`). */
export type MaskingSettings = {
  maskAllInputs: boolean;
  maskAllText: boolean;
  blockSelector: string;
  unmaskSelector: string;
};

/** The subset of rrweb's `recordOptions` that controls masking. */
export type RrwebMaskingOptions = {
  maskAllInputs: boolean;
  maskTextSelector?: string;
  maskTextFn?: (text: string, element: HTMLElement | null) => string;
  maskInputFn?: (text: string, element: HTMLElement) => string;
  blockSelector: string;
};

/** Whether `element` sits inside a region the page explicitly unmasked. */
export function isInsideUnmasked(element: Element | null, unmaskSelector: string): boolean {
  if (!element || !unmaskSelector) return false;
  try {
    return element.closest(unmaskSelector) !== null;
  } catch {
    // An invalid selector from options must not break recording; treat it as "not unmasked".
    return false;
  }
}

/** Answers {@link isInsideUnmasked} for many elements in one task. */
export type UnmaskLookup = (element: Element | null) => boolean;

/**
 * Returns an {@link isInsideUnmasked} that remembers, until the current task's microtasks run, whether each
 * document has any element matching `unmaskSelector`. A full snapshot or one batch of mutations is a single
 * synchronous run, so the document is queried once for it rather than once per node; when nothing matches,
 * no ancestor walk happens. The memory is dropped in a microtask, so a region added later is seen.
 */
export function createUnmaskLookup(unmaskSelector: string): UnmaskLookup {
  if (!unmaskSelector) return () => false;
  let remembered: Document | null = null;
  let hasRegions = false;
  const forget = (): void => {
    remembered = null;
  };
  return (element) => {
    const doc = element?.ownerDocument;
    if (!element || !doc) return false;
    if (remembered !== doc) {
      if (remembered === null) queueMicrotask(forget);
      remembered = doc;
      try {
        hasRegions = doc.querySelector(unmaskSelector) !== null;
      } catch {
        hasRegions = false;
      }
    }
    return hasRegions && isInsideUnmasked(element, unmaskSelector);
  };
}

/** Builds rrweb's masking options from the resolved privacy settings. */
export function createMaskingOptions(
  settings: MaskingSettings,
  lookup = createUnmaskLookup(settings.unmaskSelector),
): RrwebMaskingOptions {
  const options: RrwebMaskingOptions = {
    maskAllInputs: settings.maskAllInputs,
    blockSelector: settings.blockSelector,
    maskInputFn: (text, element) => {
      const isPassword = (element as HTMLInputElement).type === "password";
      return !isPassword && lookup(element) ? text : maskText(text);
    },
  };
  if (settings.maskAllText) {
    // "*" matches the root element, so rrweb marks the whole tree for masking once and hands every text node
    // to maskTextFn, which lets only unmasked regions through.
    options.maskTextSelector = "*";
    options.maskTextFn = (text, element) => (lookup(element) ? text : maskText(text));
  }
  return options;
}
