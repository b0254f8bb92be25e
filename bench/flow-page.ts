/**
 * The page and the scripted flow of the main-thread benchmark: a shop page of about 3,000 elements whose
 * buttons mutate the DOM, loaded with no SDK, with rerun (script tag, consent granted at init) or with
 * Sentry's replay integration, and driven the same way for each through Playwright.
 */
import type { Page } from "playwright-core";
import { SNAPSHOT_MARKS } from "./snapshot-trace.ts";
import { createRandom } from "./synthetic-session.ts";

export type Variant = "none" | "rerun" | "sentry";

/** The flow's page: 250 cards × 12 elements ≈ 3,000 elements; with their text nodes about 5,000 DOM nodes. */
export const FLOW_CARDS = 250;

/** Cards for a page of about 3,000 DOM nodes in all (20 nodes a card, plus the page around them). */
export const SNAPSHOT_CARDS = 149;

function renderCards(count: number): string {
  const cards: string[] = [];
  for (let i = 0; i < count; i++) {
    cards.push(
      `<div class="card" id="card-${i}"><div class="media"><span class="badge">New</span></div>` +
        `<h3 class="title">Product ${i}</h3><p class="desc">A fine thing, number ${i}, in stock.</p>` +
        `<ul class="specs"><li>Size M</li><li>Blue</li></ul>` +
        `<span class="price">€${(i * 3.7 + 9).toFixed(2)}</span>` +
        `<label>Qty <input class="qty" type="number" value="1"></label><button class="add" data-i="${i}">Add</button></div>`,
    );
  }
  return cards.join("");
}

function renderSdk(variant: Variant, ingestBaseUrl: string, publicKey: string): string {
  switch (variant) {
    case "none":
      return "";
    case "rerun":
      return `<script src="/dist/rerun.global.js"></script><script>
        performance.mark("sdk-init");
        // Awaited by the benchmark: polling for the mark would run a callback in every frame of the snapshot.
        window.__snapshotTaken = new Promise((resolve) => { window.__resolveSnapshotTaken = resolve; });
        window.replay = Rerun.init({
          appId: "app_bench", publicKey: ${JSON.stringify(publicKey)}, ingestBaseUrl: ${
        JSON.stringify(ingestBaseUrl)
      },
          consent: "granted",
          beforeRecordEvent(event) {
            if (event.type === 4 && !window.__metaAt) {
              window.__metaAt = performance.now();
              performance.mark(${JSON.stringify(SNAPSHOT_MARKS.meta)});
            }
            if (event.type === 2 && !window.__snapshotAt) {
              window.__snapshotAt = performance.now();
              performance.mark(${JSON.stringify(SNAPSHOT_MARKS.fullSnapshot)});
              window.__resolveSnapshotTaken();
            }
            return event;
          },
        });
      </script>`;
    case "sentry":
      return `<script src="/sentry.js"></script><script>
        performance.mark("sdk-init");
        Sentry.init({
          dsn: ${JSON.stringify(`${ingestBaseUrl.replace("://", "://benchkey@")}/1`)},
          replaysSessionSampleRate: 1.0,
          integrations: [Sentry.replayIntegration({ maskAllText: true, blockAllMedia: true })],
        });
      </script>`;
    default: {
      const unreachable: never = variant;
      return unreachable;
    }
  }
}

export function renderFlowPage(
  opts: { variant: Variant; ingestBaseUrl: string; publicKey: string; cards?: number },
): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<style>.card{display:inline-block;width:220px;margin:6px;padding:6px;border:1px solid #ccc}.added{background:#efe}</style>
${renderSdk(opts.variant, opts.ingestBaseUrl, opts.publicKey)}
</head><body>
<header><input id="search" placeholder="Search"><ul id="cart"></ul></header>
<main id="grid">${renderCards(opts.cards ?? FLOW_CARDS)}</main>
<script>
  document.getElementById("grid").addEventListener("click", (e) => {
    const button = e.target.closest("button.add");
    if (!button) return;
    const card = button.closest(".card");
    card.classList.toggle("added");
    const li = document.createElement("li");
    li.textContent = "Product " + button.dataset.i;
    document.getElementById("cart").appendChild(li);
    const cart = document.getElementById("cart");
    if (cart.children.length > 8) cart.removeChild(cart.firstChild);
  });
</script>
</body></html>`;
}

/**
 * Collects, from the start of the page (buffered, before any page script runs), long tasks and long animation
 * frames. A long-animation-frame entry lists the scripts that ran in it (source URL, duration incl. forced
 * layout), so a long task can be credited to the SDK whose script ran, which the Long Tasks API cannot say.
 */
export const MAIN_THREAD_OBSERVER = `
  window.__longTasks = [];
  window.__scripts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
  new PerformanceObserver((list) => {
    for (const frame of list.getEntries()) {
      for (const s of frame.scripts) window.__scripts.push([s.sourceURL, s.duration, s.invoker]);
    }
  }).observe({ type: "long-animation-frame", buffered: true });
`;

/** Counts every node of the document (elements, text, comments, doctype), as a full snapshot serializes them. */
export const COUNT_NODES = `(() => {
  let nodes = 1;
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
  while (walker.nextNode()) nodes++;
  return nodes;
})()`;

/** Mouse moves, clicks that mutate the DOM, typing and scrolling until `durationMs` has passed. */
export async function runScriptedFlow(
  page: Page,
  opts: { durationMs: number; seed: number },
): Promise<number> {
  const rand = createRandom(opts.seed);
  const started = Date.now();
  let steps = 0;
  while (Date.now() - started < opts.durationMs) {
    const card = Math.floor(rand() * 40);
    const box = await page.locator(`#card-${card} button.add`).boundingBox();
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
    await page.click(`#card-${card} button.add`);
    if (steps % 3 === 0) {
      await page.click("#search");
      await page.keyboard.type(`shoe ${steps}`, { delay: 30 });
    }
    await page.mouse.wheel(0, rand() < 0.5 ? 400 : -300);
    await page.waitForTimeout(150);
    steps++;
  }
  return steps;
}
