/**
 * Runs the first snapshot's serializer (`first-snapshot.ts`) on small made-up documents, in short tasks while
 * the page is idle, so V8 has compiled it before the real snapshot: on a 3,000-node page under a ×4 CPU
 * throttle the first snapshot took 1.6 times as long as a second one (rrweb alone: median 148 → 85–96 ms with
 * the warm-up, each slice under 40 ms). Nothing of the page is read; what is serialized is thrown away.
 */
import { RRWEB_EVENT } from "../../../shared/events.ts";
import { createMaskingOptions, type MaskingSettings } from "../../privacy/masking.ts";
import { scrubEvent } from "../../privacy/scrub-attributes.ts";
import { serializeAtOnce } from "./first-snapshot.ts";

/** Serializes a whole document in this task; `undefined` when the build cannot (no serializer edits). */
export type Serialize = typeof serializeAtOnce;

/**
 * How many made-up cards each slice serializes. The first serialize pays for compiling whatever it calls —
 * 11–32 ms at ×4 for the page shell alone (header, form, no cards) — so it gets no cards, and the
 * interpreter's slow first runs grow with the slices after it (first slice was 2 cards: 24–60 ms).
 */
export const WARM_SLICES: readonly number[] = [0, 1, 2, 4, 8, 8, 8, 8];

const CARD = '<article class="card" id="c" data-id="1"><img src="data:," alt="a" width="1" height="1">' +
  '<h3 title="t">Name</h3><p>Text <a href="#a">link</a> <span class="s">more</span> <b>b</b></p>' +
  '<!-- note --><button type="button" aria-label="l">Add</button><input type="text" value="v" ' +
  'placeholder="p"><input type="checkbox" checked><select><option value="1">o</option></select>' +
  '<svg width="1" height="1"><path d="M0 0"></path></svg></article>';

/** A document of `cards` made-up cards, with the head and form parts a page usually has. */
export function madeUpDocument(impl: DOMImplementation, cards: number): Document {
  const doc = impl.createHTMLDocument("rerun");
  doc.head.innerHTML = '<meta charset="utf-8"><style>.card{color:red}</style><link rel="icon" href="data:,">';
  doc.body.innerHTML = `<header><nav><ul><li><a href="/">Home</a></li></ul></nav></header><main>${
    CARD.repeat(cards)
  }</main><form><textarea>t</textarea><input type="password" value="p"></form>`;
  return doc;
}

/**
 * A mirror that answers that every node already has an id (0), so the warm-up takes none from rrweb's
 * counter. rrweb numbers the nodes of every document from one counter for the page, and the document it
 * records is numbered from it too: numbering the made-up documents made the real document's id about
 * 1,000 instead of 1, and rrweb then wrote it as `rootId` (what marks a node of an iframe's document) on
 * every node of every snapshot.
 */
export const UNNUMBERED_MIRROR = {
  hasNode: (): boolean => true,
  getId: (): number => 0,
  getMeta: (): null => null,
  add: (): void => {},
};

/**
 * Resolves in a later task, so each slice is a task of its own. The timer runs a function of this script,
 * not `resolve` itself, so the browser's Long Animation Frames entries attribute that task to the SDK.
 */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(() => resolve(), 0));

/** What {@link warmSerializer} runs with; the defaults are the browser's and the SDK build's. */
export type WarmDeps = {
  serialize?: Serialize;
  impl?: DOMImplementation;
  slices?: readonly number[];
  nextTask?: () => Promise<void>;
};

/**
 * Serializes made-up documents of {@link WARM_SLICES} cards with the recording's masking settings and
 * passes each result through the attribute scrubber, each serialize and each scrub in a task of its own.
 * Resolves when done, or after the first slice when the serializer is missing (a build without its edits);
 * never rejects, since a failed warm-up only means the first snapshot is slower.
 */
export async function warmSerializer(privacy: MaskingSettings, deps: WarmDeps = {}): Promise<void> {
  const serialize = deps.serialize ?? serializeAtOnce;
  const impl = deps.impl ?? globalThis.document?.implementation;
  if (!impl) return;
  const options = createMaskingOptions(privacy);
  const scrubContext = { isUnmasked: () => false };
  const next = deps.nextTask ?? nextTask;
  try {
    for (const cards of deps.slices ?? WARM_SLICES) {
      await next();
      const node = serialize(madeUpDocument(impl, cards), {
        ...options,
        inlineStylesheet: true,
        mirror: UNNUMBERED_MIRROR,
      });
      if (node === undefined) return;
      // The scrubber compiles too: in the same task as the first serialize it made that task the SDK's
      // longest.
      await next();
      scrubEvent({
        type: RRWEB_EVENT.FullSnapshot,
        data: { node, initialOffset: { left: 0, top: 0 } },
        timestamp: 0,
      }, scrubContext);
    }
    // The real snapshot follows in a task of its own, not appended to the last slice's.
    await next();
  } catch {
    // The real snapshot does not depend on this; it is only slower without it.
  }
}
