/**
 * The rrweb masking options the SDK records with (SPEC §2 privacy defaults): all inputs masked, all text
 * masked, `[data-rerun-block]` blocked, and `[data-rerun-unmask]` as the only way to let text through.
 * Password fields stay masked even inside an unmasked region.
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

/** Builds rrweb's masking options from the resolved privacy settings. */
export function createMaskingOptions(settings: MaskingSettings): RrwebMaskingOptions {
  const { unmaskSelector } = settings;
  const options: RrwebMaskingOptions = {
    maskAllInputs: settings.maskAllInputs,
    blockSelector: settings.blockSelector,
    maskInputFn: (text, element) => {
      const isPassword = (element as HTMLInputElement).type === "password";
      return !isPassword && isInsideUnmasked(element, unmaskSelector) ? text : maskText(text);
    },
  };
  if (settings.maskAllText) {
    // "*" matches every element, so rrweb hands every text node to maskTextFn, which lets only unmasked
    // regions through.
    options.maskTextSelector = "*";
    options.maskTextFn = (text, element) => (isInsideUnmasked(element, unmaskSelector) ? text : maskText(text));
  }
  return options;
}
