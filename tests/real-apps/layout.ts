/**
 * Replay fidelity as geometry: the boxes (and a few computed styles) of the elements a person sees, read
 * from the live page and from rrweb's replay of its recording, paired by their place in the tree (shadow
 * roots included). Text is masked in a rerun recording, so text is never compared; the live page is masked
 * the same way before it is read for that comparison.
 */

/** One rendered element: its path in the tree, its viewport box, and the computed styles compared. */
export type LaidOutElement = { path: string; x: number; y: number; w: number; h: number; style: string };
export type Layout = LaidOutElement[];

/** How far (px) a replayed box edge may lie from the live one and still count as faithful. */
export const BOX_TOLERANCE_PX = 4;

/**
 * Runs in a page (live or the replay's iframe): every rendered element of `doc`'s body, through open shadow
 * roots. `inViewOnly` keeps those intersecting the viewport (what the person saw). Self-contained, because
 * playwright sends its source to the page.
 */
export function readLayout(doc: Document, inViewOnly: boolean): Layout {
  const win = doc.defaultView!;
  const skip = new Set(["SCRIPT", "STYLE", "LINK", "META", "NOSCRIPT", "TEMPLATE", "TITLE", "HEAD"]);
  const out: Layout = [];
  const walk = (el: Element, path: string): void => {
    if (skip.has(el.tagName.toUpperCase())) return;
    const view = el.ownerDocument.defaultView ?? win;
    const cs = view.getComputedStyle(el);
    if (cs.display === "none") return;
    const r = el.getBoundingClientRect();
    const seen = r.width > 0 && r.height > 0 && cs.visibility !== "hidden" &&
      (!inViewOnly || (r.bottom > 0 && r.right > 0 && r.top < win.innerHeight && r.left < win.innerWidth));
    if (seen) {
      const style = [
        cs.display,
        cs.position,
        cs.fontSize,
        cs.backgroundColor,
        cs.color,
        cs.borderTopWidth,
        cs.borderTopColor,
      ]
        .join("|");
      out.push({ path, x: r.left, y: r.top, w: r.width, h: r.height, style });
    }
    if (el.shadowRoot) [...el.shadowRoot.children].forEach((c, i) => walk(c, `${path}/s${i}`));
    [...el.children].forEach((c, i) => walk(c, `${path}/${i}`));
  };
  if (doc.body) walk(doc.body, "body");
  return out;
}

/**
 * Runs in the live page after recording stopped: masks its text as the SDK's recording does (every
 * non-space character of a text node or a button's value becomes `*`), so its layout is what a faithful
 * masked replay shows.
 */
export function maskLiveText(doc: Document): void {
  const keep = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEXTAREA"]);
  const visit = (root: Document | ShadowRoot): void => {
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent && !keep.has(parent.tagName.toUpperCase())) {
        node.nodeValue = node.nodeValue!.replace(/\S/g, "*");
      }
    }
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot) visit(el.shadowRoot);
      if (el instanceof HTMLInputElement && ["submit", "button", "reset"].includes(el.type) && el.value) {
        el.value = el.value.replace(/\S/g, "*");
      }
    }
  };
  visit(doc);
}

/** How much of the live layout the replay reproduced. */
export type Fidelity = {
  /** Visible live elements compared. */
  elements: number;
  /** Of those, replayed within {@link BOX_TOLERANCE_PX} on every edge with the same computed styles. */
  faithful: number;
  share: number;
  /** A few unfaithful paths, to explain a low share. */
  examples: string[];
};

/** Pairs elements by path; a live element missing from the replay is unfaithful. */
export function compareLayouts(live: Layout, replay: Layout, tolerance = BOX_TOLERANCE_PX): Fidelity {
  const replayed = new Map(replay.map((e) => [e.path, e]));
  let faithful = 0;
  const examples: string[] = [];
  for (const want of live) {
    const got = replayed.get(want.path);
    const near = got !== undefined && Math.abs(got.x - want.x) <= tolerance &&
      Math.abs(got.y - want.y) <= tolerance && Math.abs(got.w - want.w) <= tolerance &&
      Math.abs(got.h - want.h) <= tolerance;
    if (near && got.style === want.style) {
      faithful++;
      continue;
    }
    if (examples.length < 5) {
      examples.push(
        got === undefined
          ? `${want.path}: not replayed`
          : !near
          ? `${want.path}: box ${box(got)} instead of ${box(want)}`
          : `${want.path}: style ${got.style} instead of ${want.style}`,
      );
    }
  }
  return { elements: live.length, faithful, share: live.length === 0 ? 1 : faithful / live.length, examples };
}

const box = (e: LaidOutElement) =>
  `${Math.round(e.x)},${Math.round(e.y)} ${Math.round(e.w)}×${Math.round(e.h)}`;
