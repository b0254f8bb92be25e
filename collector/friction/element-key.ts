/**
 * Element keys (SPEC §8): the most stable name of a clicked (or scrolled, or submitted) element, taken from
 * the CSS path a finding carries. The same button must get the same key in every session and across builds,
 * so the key is, in order: the element's `[data-testid]` (or its nearest ancestor's, with the path below
 * it), else a hand-written `#id`, else a short ancestor path of tags and stable classes. Generated ids
 * (`:r1:`, `react-aria-7`, `ember123`, UUIDs) and hashed classes (`css-1x2y3z`, `sc-AbCd`, `jsx-123`,
 * CSS-module suffixes) are dropped, and so are `:nth-of-type` positions, which move whenever a list does.
 *
 * Part of the grouping rules that `FINGERPRINT_VERSION` versions.
 */

/** Segments of the ancestor path kept in a key: the selector already stops at four. */
const MAX_KEY_SEGMENTS = 4;
/** A selector longer than this is cut before parsing (analysis never writes one this long). */
const MAX_SELECTOR_CHARS = 1_000;

/** Libraries whose class names are content hashes: `css-1x2y3z` (Emotion), `sc-AbCd` (styled-components). */
const HASHED_CLASS_PREFIX = /^(?:css|sc|jsx|svelte|emotion|styled|jss|makeStyles|tw)-[A-Za-z0-9_]+$/;
/** CSS modules: `Button_primary__x7yZ1`, `button--3fG9a`. */
const CSS_MODULE_SUFFIX = /(?:__|--)[A-Za-z0-9_-]{5,}$/;
/** Ids that UI libraries generate per render or per page load. */
const GENERATED_ID_PREFIX =
  /^(?:react-aria|radix|headlessui|mui|downshift|ember|ext-gen|rc-|yui_|__next|tippy|popper|floating-ui|mantine|chakra|reach|aria-|id-|uid-|:r)/i;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const HEX_RUN = /[0-9a-f]{8,}/i;

type CharClass = "lower" | "upper" | "digit" | "other";

function charClass(c: string): CharClass {
  if (c >= "a" && c <= "z") return "lower";
  if (c >= "A" && c <= "Z") return "upper";
  if (c >= "0" && c <= "9") return "digit";
  return "other";
}

/** A token as runs of one character class: `bdVaJa` → bd, V, a, J, a. */
function runsOf(token: string): Array<{ kind: CharClass; length: number }> {
  const runs: Array<{ kind: CharClass; length: number }> = [];
  for (const c of token) {
    const kind = charClass(c);
    const last = runs[runs.length - 1];
    if (last && last.kind === kind) last.length++;
    else runs.push({ kind, length: 1 });
  }
  return runs;
}

/**
 * Whether a token reads like a hash rather than a word. Hashes switch between letters and digits three or
 * more times (`1x2y3z`, `x7yZ1q`), or scatter capitals with at most two lowercase letters after each
 * (`bdVaJa`, `kVcaEo`, `fXfGhT`); names people write do neither (`col12`, `mp3player`, `MuiButtonBase`,
 * `btnPrimary`, `myXMLParser`).
 */
export function looksRandom(token: string): boolean {
  if (token.length < 4) return false;
  const runs = runsOf(token);
  let digitSwitches = 0;
  let shortCapitals = 0;
  for (let i = 1; i < runs.length; i++) {
    const previous = runs[i - 1]!;
    const run = runs[i]!;
    if (
      (previous.kind === "digit") !== (run.kind === "digit") && previous.kind !== "other" &&
      run.kind !== "other"
    ) digitSwitches++;
  }
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    if (run.kind !== "upper" || run.length > 2) continue;
    const next = runs[i + 1];
    const after = runs[i + 2];
    const shortTail = next === undefined || (next.kind === "lower" && next.length <= 2 &&
      (after === undefined || after.kind !== "lower"));
    if (shortTail && (i > 0 || next !== undefined)) shortCapitals++;
  }
  return digitSwitches >= 3 || (token.length >= 5 && shortCapitals >= 2);
}

/** Whether a class name is a build's hash rather than a name a person chose. */
export function isHashedClass(name: string): boolean {
  if (HASHED_CLASS_PREFIX.test(name) || CSS_MODULE_SUFFIX.test(name)) return true;
  return name.split(/[-_]/).some((part) => looksRandom(part));
}

/** Whether an id was generated (by a UI library, a counter, a random source) rather than written by hand. */
export function isGeneratedId(id: string): boolean {
  if (id.includes(":") || GENERATED_ID_PREFIX.test(id) || UUID.test(id)) return true;
  if (/\d{3,}/.test(id) || (HEX_RUN.test(id) && /\d/.test(id))) return true;
  return id.split(/[-_.]/).some((part) => looksRandom(part));
}

/** One compound selector of a path, parsed far enough to rebuild it without its unstable parts. */
type Compound = { tag: string; id?: string; testId?: string; classes: string[]; attributes: string[] };

/** Splits `a > b.c > #d` at the combinators that sit outside quotes and brackets. */
function splitPath(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = "";
  let current = "";
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i]!;
    if (quote) {
      current += c;
      if (c === "\\") current += selector[++i] ?? "";
      else if (c === quote) quote = "";
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") depth = Math.max(0, depth - 1);
    if (depth === 0 && (c === ">" || c === " ")) {
      if (current.trim() !== "") parts.push(current.trim());
      current = "";
      continue;
    }
    current += c;
  }
  if (current.trim() !== "") parts.push(current.trim());
  return parts;
}

const ATTRIBUTE = /^\[([A-Za-z_:][-A-Za-z0-9_:.]*)(?:=("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\]]*))?\]/;

function unquote(value: string): string {
  const inner = /^["']/.test(value) ? value.slice(1, -1) : value;
  return inner.replace(/\\(.)/g, "$1");
}

function parseCompound(text: string): Compound {
  const out: Compound = { tag: "", classes: [], attributes: [] };
  let rest = text;
  const tag = /^(?:[A-Za-z][A-Za-z0-9-]*|\*)/.exec(rest);
  if (tag) {
    out.tag = tag[0] === "*" ? "" : tag[0].toLowerCase();
    rest = rest.slice(tag[0].length);
  }
  while (rest !== "") {
    const simple = /^([#.])(-?[A-Za-z_][A-Za-z0-9_-]*)/.exec(rest);
    if (simple) {
      if (simple[1] === "#") out.id = simple[2]!;
      else out.classes.push(simple[2]!);
      rest = rest.slice(simple[0].length);
      continue;
    }
    const attribute = ATTRIBUTE.exec(rest);
    if (attribute) {
      const name = attribute[1]!.toLowerCase();
      const value = attribute[2] === undefined ? undefined : unquote(attribute[2]);
      if (name === "data-testid" && value) out.testId = value;
      else if (name === "id" && value) out.id = value;
      else if (name === "name" && value && !isGeneratedId(value)) out.attributes.push(`[name="${value}"]`);
      rest = rest.slice(attribute[0].length);
      continue;
    }
    const pseudo = /^:{1,2}[A-Za-z-]+(?:\([^)]*\))?/.exec(rest);
    if (pseudo) {
      // Positions (`:nth-of-type(3)`) move with the list around the element; no pseudo-class names it.
      rest = rest.slice(pseudo[0].length);
      continue;
    }
    rest = rest.slice(1);
  }
  return out;
}

function quoteValue(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function stablePart(c: Compound): string {
  const classes = c.classes.filter((name) => !isHashedClass(name));
  return `${c.tag}${classes.map((name) => `.${name}`).join("")}${c.attributes.join("")}`;
}

/**
 * The stable key of the element `selector` names (`tag` is the element's tag when the selector lacks it).
 * Answers the tag alone, or `*`, when nothing in the selector is stable.
 */
export function elementKey(selector: string, tag?: string): string {
  const compounds = splitPath(selector.slice(0, MAX_SELECTOR_CHARS)).map(parseCompound);
  if (compounds.length === 0) return tag ? tag.toLowerCase() : "*";
  // The nearest anchor wins: a test id, else a hand-written id; the path below it is kept.
  let anchor = -1;
  let anchorText = "";
  for (let i = compounds.length - 1; i >= 0; i--) {
    const c = compounds[i]!;
    if (c.testId !== undefined) {
      anchor = i;
      anchorText = `[data-testid=${quoteValue(c.testId)}]`;
      break;
    }
    if (c.id !== undefined && !isGeneratedId(c.id)) {
      anchor = i;
      anchorText = /^-?[A-Za-z_][A-Za-z0-9_-]*$/.test(c.id) ? `#${c.id}` : `[id=${quoteValue(c.id)}]`;
      break;
    }
  }
  const lastIndex = compounds.length - 1;
  const below = compounds.slice(anchor + 1).map(stablePart);
  const parts = [...(anchor >= 0 ? [anchorText] : []), ...below.filter((p) => p !== "")];
  if (anchor !== lastIndex && below[below.length - 1] === "") {
    // Nothing stable names the element itself: its tag is the least that still tells kinds apart.
    parts.push(compounds[lastIndex]!.tag || tag?.toLowerCase() || "*");
  }
  return parts.slice(-MAX_KEY_SEGMENTS).join(" > ");
}
