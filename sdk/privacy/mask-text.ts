/**
 * How masked text looks: every non-space character becomes `*`, like rrweb's own masking, so a replay keeps
 * the layout (word lengths, line breaks) but none of the content.
 */

/** Returns `text` with every non-whitespace character replaced by `*`. */
export function maskText(text: string): string {
  return text.replace(/\S/g, "*");
}
