/**
 * The page and the scripted flow of the main-thread benchmark: a shop page of about 3,000 elements whose
 * buttons mutate the DOM, loaded with no SDK, with rerun (script tag, consent granted at init) or with
 * Sentry's replay integration, and driven the same way for each through Playwright.
 */
import type { Page } from "playwright-core";
import { createRandom } from "./synthetic-session.ts";

export type Variant = "none" | "rerun" | "sentry";

const CARDS = 250;

/** 250 cards × 12 elements ≈ 3,000 elements, plus their text nodes. */
function renderCards(): string {
  const cards: string[] = [];
  for (let i = 0; i < CARDS; i++) {
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
        window.replay = Rerun.init({
          appId: "app_bench", publicKey: ${JSON.stringify(publicKey)}, ingestBaseUrl: ${
        JSON.stringify(ingestBaseUrl)
      },
          consent: "granted",
          beforeRecordEvent(event) {
            if (event.type === 4 && !window.__metaAt) window.__metaAt = performance.now();
            if (event.type === 2 && !window.__snapshotAt) window.__snapshotAt = performance.now();
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

export function renderFlowPage(opts: { variant: Variant; ingestBaseUrl: string; publicKey: string }): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<style>.card{display:inline-block;width:220px;margin:6px;padding:6px;border:1px solid #ccc}.added{background:#efe}</style>
${renderSdk(opts.variant, opts.ingestBaseUrl, opts.publicKey)}
</head><body>
<header><input id="search" placeholder="Search"><ul id="cart"></ul></header>
<main id="grid">${renderCards()}</main>
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

/** Collects long tasks from the start of the page (buffered), before any page script runs. */
export const LONG_TASK_OBSERVER = `
  globalThis.__name = (f) => f;
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
`;

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
